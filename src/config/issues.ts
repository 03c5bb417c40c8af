import type { Document, LineCounter, YAMLError } from 'yaml';
import type { z } from 'zod';
import { locatePath, positionOf } from './locate.js';
import { allowedKeysAt, closestKey, descriptionAt } from './schema-keys.js';
import type { IndentIssue } from './yaml-indent.js';

/**
 * One problem in a configuration file, positioned so that a user can fix the file from the report alone.
 * Messages never quote a scalar value from the file: a misplaced secret must not be copied into CI logs.
 */
export interface ConfigIssue {
  /** 1-based; 0 when the problem is the file as a whole (it cannot be read). */
  line: number;
  /** 1-based; 0 together with line 0. */
  column: number;
  /** Dotted data path such as `providers.openai.apiKey`; empty for YAML syntax and whole-file problems. */
  path: string;
  message: string;
}

type ZodIssue = z.core.$ZodIssue;

const plainSegment = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Renders a data path the way a reader finds it in the file: `models["gpt-4.1"].mock.toolCalls[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainSegment.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** One `file:line:column: path: message` line per issue (the position and path are left out where unknown). */
export function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
      return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
    })
    .join('\n');
}

/** Orders issues as they appear in the file; whole-file issues first. */
export function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The issues of a text the yaml library refused: each indentation problem at its own line, in words
 * (yaml-indent.ts), and the parser's errors that are not its echo (on that line or the one above, where
 * the parser tends to notice it).
 */
export function syntaxIssues(errors: readonly YAMLError[], indentation: readonly IndentIssue[], lineCounter: LineCounter): ConfigIssue[] {
  const explained = new Set(indentation.flatMap((i) => [i.line - 1, i.line]));
  return [...indentation.map(indentIssue), ...errors.map((error) => yamlErrorToIssue(error, lineCounter)).filter((issue) => !explained.has(issue.line))];
}

export function indentIssue(issue: IndentIssue): ConfigIssue {
  return { line: issue.line, column: issue.column, path: '', message: `YAML indentation: ${issue.message}` };
}

/** A YAML syntax error (or duplicate key) as an issue at the parser's position. */
export function yamlErrorToIssue(error: YAMLError, lineCounter: LineCounter): ConfigIssue {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message = error.code === 'DUPLICATE_KEY' ? 'duplicate key: this key is already set earlier in the same mapping' : error.message;
  return { line, column: col, path: '', message: `YAML: ${message}` };
}

const quoteList = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function missingKeyMessage(issue: ZodIssue, description: string | undefined): string {
  const key = String(issue.path[issue.path.length - 1]);
  if (issue.code === 'invalid_union' && 'options' in issue && issue.options?.length)
    return `missing required key "${key}" (one of ${quoteList(issue.options)})`;
  if (issue.code === 'invalid_type') return `missing required key "${key}" (${description ? `${issue.expected}: ${description}` : issue.expected})`;
  return `missing required key "${key}": ${issue.message}`;
}

function unionMessage(issue: Extract<ZodIssue, { code: 'invalid_union' }>): string {
  if (issue.discriminator && 'options' in issue && issue.options?.length) return `must be one of ${quoteList(issue.options)}`;
  const branchMessages = issue.errors.flatMap((branch) => branch.map((inner) => inner.message));
  return branchMessages.length ? [...new Set(branchMessages)].join('; or ') : issue.message;
}

function valueMessage(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${quoteList(issue.values)}`;
    case 'invalid_union':
      return unionMessage(issue);
    case 'invalid_key':
      return `invalid name: ${issue.issues.map((inner) => inner.message).join('; ')}`;
    default:
      return issue.message.replace(/^Too (small|big): /, '');
  }
}

/**
 * Turns one zod issue into positioned issues. `input` is the parsed YAML, needed to name the keys an unknown
 * key's object accepts (a provider's keys depend on its `type`).
 */
export function zodIssueToIssues(issue: ZodIssue, doc: Document, lineCounter: LineCounter, schema: z.core.$ZodType, input: unknown): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, issue.path, input) ?? [];
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const suggestion = closestKey(key, allowed);
      const hint = suggestion ? `did you mean "${suggestion}"?` : allowed.length ? `allowed keys: ${allowed.join(', ')}` : '';
      return { ...positionOf(doc, lineCounter, path, true), path: formatPath(path), message: `unknown key "${key}"${hint ? `; ${hint}` : ''}` };
    });
  }
  const missing = issue.path.length > 0 && !locatePath(doc, issue.path).complete;
  const atKey = issue.code === 'invalid_key';
  const message = missing ? missingKeyMessage(issue, descriptionAt(schema, issue.path, input)) : valueMessage(issue);
  return [{ ...positionOf(doc, lineCounter, issue.path, atKey), path: formatPath(issue.path), message }];
}
