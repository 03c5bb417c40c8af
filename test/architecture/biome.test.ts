import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const biome = resolve(root, 'node_modules/@biomejs/biome/bin/biome');

// A scratch tree with the repository's biome.jsonc, so the snippets get exactly the rules and the
// per-folder overrides that `npm run lint` applies, without writing into src/.
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-biome-'));
copyFileSync(resolve(root, 'biome.jsonc'), join(dir, 'biome.jsonc'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Checked {
  code: number;
  output: string;
}

/** `npm run lint`'s command on one file written at `path` in the scratch tree. */
async function check(path: string, source: string): Promise<Checked> {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  return new Promise((done) => {
    execFile(biome, ['check', '--error-on-warnings', '--vcs-enabled=false', '--colors=off', path], { cwd: dir }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('formatter and linter (npm run lint)', () => {
  it('passes a snippet written the house way', async () => {
    const result = await check('src/clean.ts', 'export function greet(name: string): string {\n  return `hello ${name}`;\n}\n');
    expect(result.code, result.output).toBe(0);
  });

  it('fails a snippet the formatter would change (double quotes, no semicolon, tab indent)', async () => {
    const result = await check('src/unformatted.ts', 'export function greet(name: string): string {\n\treturn `hello ${name}`\n}\n');
    expect(result.code).toBe(1);
    expect(result.output).toContain('Formatter would have printed the following content');
  });

  it('fails a snippet with a lint error, and names the rule', async () => {
    const result = await check(
      'src/lint.ts',
      'export function sum(xs: number[]): number {\n  let total = 0;\n  xs.forEach((x) => (total += x));\n  return total;\n}\n',
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('lint/suspicious/useIterableCallbackReturn');
  });

  it('counts warnings: `any` fails in src/ and is allowed in a test file', async () => {
    const snippet = 'export function id(x: any): any {\n  return x;\n}\n';
    const production = await check('src/any.ts', snippet);
    expect(production.code).toBe(1);
    expect(production.output).toContain('lint/suspicious/noExplicitAny');
    const test = await check('test/any.test.ts', snippet);
    expect(test.code, test.output).toBe(0);
  });
});
