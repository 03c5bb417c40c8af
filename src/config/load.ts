import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { indentIssue, sortIssues, syntaxIssues, zodIssueToIssues, type ConfigIssue } from './issues.js';
import { positionOf, type Position } from './locate.js';
import { resolveConfigPaths } from './paths.js';
import { indentationIssues } from './yaml-indent.js';
import { configSchema, type GatehouseConfig } from './schema.js';

export type { ConfigIssue } from './issues.js';
export { formatIssues, formatPath } from './issues.js';

export type LoadResult =
  | {
      ok: true;
      config: GatehouseConfig;
      /** sha256 (hex) of the text: equal hashes mean nothing to reload. */
      hash: string;
      source: string;
      /** Where a data path is written in the file, for warnings about valid but suspicious values. */
      locate(path: readonly PropertyKey[]): Position;
    }
  | { ok: false; issues: ConfigIssue[]; source: string };

/** sha256 hex digest, the identity of one configuration version. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function fail(source: string, issues: ConfigIssue[]): LoadResult {
  return { ok: false, issues: sortIssues(issues), source };
}

/** An alias to an anchor that does not exist makes `toJS` throw without a position; find it ourselves. */
function aliasIssue(doc: Document, lineCounter: LineCounter, error: unknown): ConfigIssue {
  let issue: ConfigIssue | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.resolve(doc) === undefined && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        issue = { line, column: col, path: '', message: `YAML: alias *${node.source} has no matching anchor &${node.source}` };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return issue ?? { line: 1, column: 1, path: '', message: `YAML: ${(error as Error).message}` };
}

/**
 * A top-level section left empty (`logging:` with every key commented out) means "all defaults", as it reads;
 * YAML makes it null, which the schema would reject.
 */
function dropEmptySections(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

/**
 * Parses and validates configuration text. `sourceName` is the file name carried into the result for messages.
 * An empty document is the default configuration. With `baseDir` (the file's folder), relative paths in the
 * configuration come back resolved against it (config/paths.ts); without it they are kept as written.
 */
export function loadConfigText(text: string, sourceName: string, baseDir?: string): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const indentation = indentationIssues(text);
  if (doc.errors.length > 0) return fail(sourceName, syntaxIssues(doc.errors, indentation, lineCounter));
  // Valid YAML that does not say what its indentation shows (a list item folded into the text above).
  const silent = indentation.filter((issue) => issue.silent);
  if (silent.length > 0) return fail(sourceName, silent.map(indentIssue));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail(sourceName, [aliasIssue(doc, lineCounter, error)]);
  }
  if (data === null || data === undefined) data = {};
  else if (!isMap(doc.contents)) {
    return fail(sourceName, [
      { line: 1, column: 1, path: '', message: 'the top level must be a mapping of sections (server, logging, storage, providers, models)' },
    ]);
  } else data = dropEmptySections(data as Record<string, unknown>);

  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    return fail(
      sourceName,
      parsed.error.issues.flatMap((issue) => zodIssueToIssues(issue, doc, lineCounter, configSchema, data)),
    );
  }
  return {
    ok: true,
    config: baseDir === undefined ? parsed.data : resolveConfigPaths(parsed.data, baseDir),
    hash: hashText(text),
    source: sourceName,
    locate: (path) => positionOf(doc, lineCounter, path),
  };
}

/**
 * Reads and validates a configuration file; an unreadable or missing file is a whole-file issue. Relative
 * paths in it are resolved against the file's folder, not the working directory.
 */
export async function loadConfigFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? 'error'})`;
    return fail(path, [{ line: 0, column: 0, path: '', message }]);
  }
  return loadConfigText(text, path, dirname(resolve(path)));
}
