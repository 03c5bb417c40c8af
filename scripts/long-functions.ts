/**
 * Lists the functions in src/ longer than a limit (default 60 lines, STYLE.md's "split a function past
 * ~60"), longest first: `tsx scripts/long-functions.ts [limit] [folder]`. A function's lines run from its
 * first line to its closing brace; functions nested inside it are counted in it and listed on their own.
 * Tests, fixtures and contract suites are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

const limit = Number(process.argv[2] ?? 60);
const root = process.argv[3] ?? 'src';

/** Tests, their fixtures and the shared contract suites that tests run. */
const TEST_CODE = /\.(test|fixtures|contract|d)\.ts$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !TEST_CODE.test(entry.name) ? [path] : [];
  });
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isFunctionExpression(node) && node.name) return node.name.getText(source);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

function longFunctions(path: string): LongFunction[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) found.push({ file: relative(process.cwd(), path), line: first + 1, name: nameOf(node, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const all = sourceFiles(root).flatMap(longFunctions).sort((a, b) => b.lines - a.lines);
for (const fn of all) process.stdout.write(`${String(fn.lines).padStart(4)}  ${fn.name}  ${fn.file}:${fn.line}\n`);
process.stdout.write(`${all.length} functions over ${limit} lines in ${root}/\n`);
