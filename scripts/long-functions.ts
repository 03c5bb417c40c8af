/**
 * Lists the functions in src/ longer than a limit (default 60 lines, STYLE.md's "split a function past
 * ~60"), longest first: `tsx scripts/long-functions.ts [limit] [folder]`. A function's lines run from its
 * first line to its closing brace; functions nested inside it are counted in it and listed on their own.
 * Tests, fixtures and contract suites are left out.
 *
 * With `--check` (`npm run lint:functions`, part of `npm test`) it lists only the functions over the limit
 * that ALLOWED does not excuse, and exits 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface LongFunction {
  /** Relative to the working directory, with `/` separators. */
  file: string;
  line: number;
  name: string;
  lines: number;
}

/** A function the check lets run past the limit, up to `lines`, and why. */
interface Allowance {
  file: string;
  name: string;
  lines: number;
  why: string;
}

/**
 * The only functions over the limit that the check accepts, each at most as long as it is now: a function
 * that grows past its figure fails the check again. Empty now: no function is excused.
 * An entry is `{ file, name, lines, why }`, with `why` saying when it goes (for example, the branch splitting it).
 */
const ALLOWED: readonly Allowance[] = [];

/** Tests, their fixtures and the shared contract suites that tests run. */
const TEST_CODE = /\.(test|fixtures|contract|d)\.ts$/;

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !TEST_CODE.test(entry.name) ? [path] : [];
  });
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && node.name)
    return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isFunctionExpression(node) && node.name) return node.name.getText(source);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

/** The functions of one file longer than `limit` lines, in source order. */
export function longFunctions(path: string, limit: number): LongFunction[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const file = relative(process.cwd(), path).split(sep).join('/');
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) found.push({ file, line: first + 1, name: nameOf(node, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every function under `root` longer than `limit`, longest first. */
export function longFunctionsIn(root: string, limit: number): LongFunction[] {
  return sourceFiles(root)
    .flatMap((path) => longFunctions(path, limit))
    .sort((a, b) => b.lines - a.lines);
}

/** The long functions ALLOWED does not excuse (absent from it, or longer than its figure). */
export function unexcused(found: readonly LongFunction[], allowed: readonly Allowance[] = ALLOWED): LongFunction[] {
  return found.filter((fn) => !allowed.some((a) => a.file === fn.file && a.name === fn.name && fn.lines <= a.lines));
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const [limitArg, root = 'src'] = argv.filter((a) => a !== '--check');
  const limit = Number(limitArg ?? 60);
  const all = longFunctionsIn(root, limit);
  const shown = check ? unexcused(all) : all;
  for (const fn of shown) process.stdout.write(`${String(fn.lines).padStart(4)}  ${fn.name}  ${fn.file}:${fn.line}\n`);
  if (!check) {
    process.stdout.write(`${all.length} functions over ${limit} lines in ${root}/\n`);
    return 0;
  }
  // An entry whose function is gone or short now only needs deleting: said, not failed.
  for (const a of ALLOWED) {
    if (!all.some((fn) => fn.file === a.file && fn.name === a.name))
      process.stdout.write(`note: ${a.name} (${a.file}) is no longer over ${limit} lines; remove it from ALLOWED\n`);
  }
  if (shown.length === 0) return 0;
  process.stdout.write(
    `${shown.length} functions over ${limit} lines in ${root}/ (STYLE.md: split a function past ~60 lines; scripts/long-functions.ts lists the exceptions)\n`,
  );
  return 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
