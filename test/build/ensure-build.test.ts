import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-build.mjs', import.meta.url));
// Each case runs the real tsc (a few seconds each on a busy machine).
const TSC_TIMEOUT = 120_000;

const projects: string[] = [];

/** A package laid out like this one (src/cli/main.ts, tsconfig.build.json extending tsconfig.json), compiled by the real tsc. */
function project(main: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-ensure-build-'));
  projects.push(root);
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ensure-build-fixture', type: 'module' }));
  const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [], outDir: 'dist', rootDir: '.' };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  writeBuildConfig(root, {});
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), main);
  writeFileSync(join(root, 'src', 'cli', 'main.test.ts'), 'export const tested = true;\n');
  return root;
}

function writeBuildConfig(root: string, extraOptions: Record<string, unknown>): void {
  const compilerOptions = { rootDir: 'src', outDir: 'dist', ...extraOptions };
  writeFileSync(
    join(root, 'tsconfig.build.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions, include: ['src'], exclude: ['src/**/*.test.ts'] }),
  );
}

function ensureBuild(root: string, ...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

const built = (root: string) => readFileSync(join(root, 'dist', 'cli', 'main.js'), 'utf8');

afterEach(() => {
  for (const root of projects.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('scripts/ensure-build.mjs (npm start and npm install build dist/ only when it is stale)', () => {
  it(
    'builds when there is no dist/, then only when a compiled source or the build configuration changes',
    () => {
      const root = project('export const answer: number = 1;\n');
      expect(ensureBuild(root)).toMatchObject({ status: 0, output: expect.stringContaining('building dist/ (no build yet)...') });
      expect(built(root)).toContain('answer = 1');

      // A marker tsc would overwrite: it stays while nothing that is compiled changes.
      writeFileSync(join(root, 'dist', 'cli', 'main.js'), '// not rebuilt\n');
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(root, 'src', 'cli', 'main.ts'), later, later);
      writeFileSync(join(root, 'src', 'cli', 'main.test.ts'), 'export const tested = false;\n');
      expect(ensureBuild(root)).toMatchObject({ status: 0, output: expect.stringContaining('dist/ is up to date') });
      expect(built(root)).toBe('// not rebuilt\n');

      writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const answer: number = 2;\n');
      expect(ensureBuild(root)).toMatchObject({ status: 0, output: expect.stringContaining('building dist/ (src changed)...') });
      expect(built(root)).toContain('answer = 2');

      writeBuildConfig(root, { removeComments: true });
      writeFileSync(join(root, 'dist', 'cli', 'main.js'), '// not rebuilt\n');
      expect(ensureBuild(root).output).toContain('building dist/ (tsconfig or package.json changed)...');
      expect(built(root)).toContain('answer = 2');

      writeFileSync(join(root, 'dist', 'cli', 'main.js'), '// not rebuilt\n');
      expect(ensureBuild(root, '--always').output).toContain('building dist/ (npm run build)...');
      expect(built(root)).toContain('answer = 2');
    },
    TSC_TIMEOUT,
  );

  it(
    'a failed build exits non-zero and leaves no stamp, so the next run builds again',
    () => {
      const root = project('export const answer: number = "not a number";\n');
      const failed = ensureBuild(root);
      expect(failed.status).not.toBe(0);
      expect(failed.output).toContain('building dist/ failed');
      // tsc still emitted dist/cli/main.js; only the missing stamp says it is not a good build.
      expect(existsSync(join(root, 'dist', 'cli', 'main.js'))).toBe(true);
      expect(existsSync(join(root, 'dist', '.build-stamp.json'))).toBe(false);

      writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const answer: number = 3;\n');
      expect(ensureBuild(root)).toMatchObject({ status: 0, output: expect.stringContaining('building dist/ (no build stamp)...') });
      expect(ensureBuild(root).output).toContain('dist/ is up to date');
    },
    TSC_TIMEOUT,
  );
});
