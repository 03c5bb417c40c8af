import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { longFunctions, unexcused } from '../../scripts/long-functions.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const script = resolve(root, 'scripts/long-functions.ts');

/** A function declaration of exactly `lines` lines, first line to closing brace. */
function functionOf(name: string, lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`);
  return [`export function ${name}(): void {`, ...body, '}'].join('\n');
}

// Written at run time, so no formatter can change the line counts the test relies on.
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-long-functions-'));
const fixture = join(dir, 'sample.ts');
writeFileSync(fixture, `${functionOf('sixtyOne', 61)}\n\n${functionOf('sixty', 60)}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('long-function check (npm run lint:functions)', () => {
  it('reports a 61-line function and not a 60-line one', () => {
    const found = longFunctions(fixture, 60);
    expect(found.map((fn) => [fn.name, fn.lines, fn.line])).toEqual([['sixtyOne', 61, 1]]);
  });

  it('excuses an allowed function only up to its recorded length', () => {
    const [fn] = longFunctions(fixture, 60);
    const allow = (lines: number) => [{ file: fn!.file, name: 'sixtyOne', lines, why: 'test' }];
    expect(unexcused([fn!], allow(61))).toEqual([]);
    expect(unexcused([fn!], allow(60))).toEqual([fn]);
  });

  it('exits 1 and names the function when one is too long', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', script, '--check', '60', dir], { cwd: root }).then(
      () => undefined,
      (err: { code?: number; stdout?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^ {2}61 {2}sixtyOne /m);
    expect(failure?.stdout).not.toMatch(/\bsixty\b/);
  });
});
