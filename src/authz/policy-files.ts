import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { BUILTIN_PREFIX, type PolicySource } from './builtin-policies.js';
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
export function loadPolicyFile(file: string, baseDir: string): LoadedPolicyFile {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return { policies: [], issues: [{ file, message: `cannot read the policy file (${code})` }] };
  }
  const issues = validatePolicyText(file, text);
  if (issues.length > 0) return { policies: [], issues };
  return splitPolicies(file, text);
}

/** Parse and strict schema validation of a whole file, so positions are positions in that file. */
function validatePolicyText(file: string, text: string): PolicyIssue[] {
  const answer = cedar.validate({ schema: CEDAR_SCHEMA, policies: { staticPolicies: text }, validationSettings: { mode: 'strict' } });
  if (answer.type === 'failure') return answer.errors.map((e) => issueAt(file, text, e));
  return answer.validationErrors.map((v) => issueAt(file, text, v.error));
}

function splitPolicies(file: string, text: string): LoadedPolicyFile {
  const parts = cedar.policySetTextToParts(text);
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
  const json = cedar.policyToJson(policy);
  return json.type === 'success' ? json.json.annotations?.id : undefined;
}

/** A Cedar error as an issue, positioned at its first source location. */
export function issueAt(file: string, text: string, error: cedar.DetailedError): PolicyIssue {
  const message = error.help ? `${error.message} (${error.help})` : error.message;
  const location = error.sourceLocations?.[0];
  if (!location) return { file, message };
  const label = location.label ? `: ${location.label}` : '';
  return { file, ...positionOf(text, location.start), message: `${message}${label}` };
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
