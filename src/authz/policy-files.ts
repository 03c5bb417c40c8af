import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import { cedarWasm } from './cedar-wasm.js';
import { BUILTIN_PREFIX, type PolicySource } from './builtin-policies.js';
import { policyStatements, withoutStatements, type StatementRange } from './policy-statements.js';
import { CEDAR_SCHEMA } from './schema.js';

/** One problem in a policy file, positioned when Cedar gives a position (1-based line and column). */
export interface PolicyIssue {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface LoadedPolicyFile {
  policies: PolicySource[];
  issues: PolicyIssue[];
}

/**
 * Reads one custom `.cedar` file (relative to the config file's folder), validates it against the
 * schema in strict mode and splits it into static policies (Cedar refuses templates here). A policy's
 * id is its `@id` annotation, else `file:<name>:<index>` (0-based, in file order).
 */
export function loadPolicyFile(file: string, baseDir: string, schema = CEDAR_SCHEMA): LoadedPolicyFile {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return { policies: [], issues: [{ file, message: `cannot read the policy file (${code})` }] };
  }
  const issues = validatePolicyText(file, text, schema);
  if (issues.length > 0) return { policies: [], issues };
  return splitPolicies(file, text);
}

function validateStrict(text: string, schema: string): Cedar.ValidationAnswer {
  return cedarWasm().validate({ schema, policies: { staticPolicies: text }, validationSettings: { mode: 'strict' } });
}

/** Parse and strict schema validation of a whole file, so positions are positions in that file. */
function validatePolicyText(file: string, text: string, schema: string): PolicyIssue[] {
  const answer = validateStrict(text, schema);
  if (answer.type === 'failure') return everyStatementIssue(file, text, answer.errors, schema);
  return answer.validationErrors.map((v) => issueAt(file, text, v.error));
}

/**
 * Cedar's parser stops at the first syntax error. To report every problem of the file at once, each
 * statement is parsed alone (its errors positioned in the file), and the statements that parse are
 * validated together, the others blanked out so positions stay the file's. In file order.
 */
function everyStatementIssue(file: string, text: string, firstErrors: readonly Cedar.DetailedError[], schema: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const broken: StatementRange[] = [];
  const statements = policyStatements(text);
  for (const range of statements) {
    const parsed = cedarWasm().checkParsePolicySet({ staticPolicies: text.slice(range.start, range.end) });
    if (parsed.type === 'success') continue;
    const offset = Buffer.byteLength(text.slice(0, range.start), 'utf8');
    issues.push(...parsed.errors.map((e) => issueAt(file, text, e, offset)));
    broken.push(range);
  }
  // No statement fails alone (a problem only the whole file shows): Cedar's own answer.
  if (broken.length === 0) return firstErrors.map((e) => issueAt(file, text, e));
  const rest = validateStrict(withoutStatements(text, broken), schema);
  const renamed = (issue: PolicyIssue) => ({ ...issue, message: renumberPolicies(issue.message, statements, broken) });
  if (rest.type === 'failure') issues.push(...rest.errors.map((e) => renamed(issueAt(file, text, e))));
  else issues.push(...rest.validationErrors.map((v) => renamed(issueAt(file, text, v.error))));
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Cedar names the policies it validates policy0, policy1, ... in order; with broken statements blanked
 * out, its `policy1` may be the file's third. Messages name the file's index, as a full validation does.
 */
function renumberPolicies(message: string, statements: readonly StatementRange[], broken: readonly StatementRange[]): string {
  const kept = statements.flatMap((range, index) => (broken.includes(range) ? [] : [index]));
  return message.replace(/`policy(\d+)`/g, (whole, n: string) => {
    const index = kept[Number(n)];
    return index === undefined ? whole : `\`policy${index}\``;
  });
}

function splitPolicies(file: string, text: string): LoadedPolicyFile {
  const parts = cedarWasm().policySetTextToParts(text);
  if (parts.type === 'failure') return { policies: [], issues: parts.errors.map((e) => issueAt(file, text, e)) };
  const issues: PolicyIssue[] = [];
  const policies: PolicySource[] = [];
  for (const [index, part] of inFileOrder(parts.policies)) {
    const id = annotatedId(part) ?? `file:${file}:${index}`;
    if (id.startsWith(BUILTIN_PREFIX)) {
      issues.push({
        file,
        ...positionOf(text, byteOffsetOf(text, part)),
        message: `@id("${id}"): ids starting with "${BUILTIN_PREFIX}" are reserved for built-in policies`,
      });
      continue;
    }
    policies.push({ id, text: part, origin: file });
  }
  return { policies, issues };
}

/**
 * Cedar names a file's policies policy0, policy1, ... in file order and returns them sorted by that
 * name as a string (policy10 before policy2); undo the sort to get each policy's index.
 */
function inFileOrder(sortedByName: string[]): Array<[number, string]> {
  const names = sortedByName.map((_, i) => `policy${i}`).sort();
  return sortedByName.map((part, k) => [Number((names[k] as string).slice('policy'.length)), part] as [number, string]).sort((a, b) => a[0] - b[0]);
}

function annotatedId(policy: string): string | undefined {
  const json = cedarWasm().policyToJson(policy);
  return json.type === 'success' ? json.json.annotations?.id : undefined;
}

/**
 * A Cedar error as an issue, positioned at its first source location; `byteOffset` is where in `text` the
 * source Cedar read starts (a statement parsed alone).
 */
export function issueAt(file: string, text: string, error: Cedar.DetailedError, byteOffset = 0): PolicyIssue {
  const message = error.help ? `${error.message} (${error.help})` : error.message;
  const location = error.sourceLocations?.[0];
  if (!location) return { file, message };
  const label = location.label ? `: ${location.label}` : '';
  return { file, ...positionOf(text, byteOffset + location.start), message: `${message}${label}` };
}

/** Cedar's source offsets count UTF-8 bytes; editors count lines and characters. */
function positionOf(text: string, byteOffset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

function byteOffsetOf(text: string, part: string): number {
  const at = text.indexOf(part);
  return at < 0 ? 0 : Buffer.byteLength(text.slice(0, at), 'utf8');
}
