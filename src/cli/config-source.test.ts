import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigLoadError, displayPath, readCliConfig, resolveConfigSource } from './config-source.js';
import { useTempDirs } from '../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-source-');

/** Child processes run TypeScript through tsx, resolved from here: their working directory may be a temp folder. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const emptyDir = () => temp.make();

function dirWithConfig(text = 'providers:\n  mock: {type: mock}\n'): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'gatehouse.yaml'), text);
  return dir;
}

describe('resolveConfigSource', () => {
  it('prefers --config, then GATEHOUSE_CONFIG, then ./gatehouse.yaml, then the demo', () => {
    const dir = dirWithConfig();
    const env = { GATEHOUSE_CONFIG: 'from-env.yaml' };
    expect(resolveConfigSource('cli.yaml', env, dir)).toEqual({ kind: 'file', path: join(dir, 'cli.yaml'), explicit: true });
    expect(resolveConfigSource(undefined, env, dir)).toEqual({ kind: 'file', path: join(dir, 'from-env.yaml'), explicit: true });
    expect(resolveConfigSource(undefined, {}, dir)).toEqual({ kind: 'file', path: join(dir, 'gatehouse.yaml'), explicit: false });
    expect(resolveConfigSource(undefined, {}, emptyDir())).toEqual({ kind: 'demo' });
  });
});

describe('readCliConfig', () => {
  it('loads ./gatehouse.yaml with its folder as baseDir', async () => {
    const dir = dirWithConfig();
    const loaded = await readCliConfig(undefined, {}, dir);
    expect(loaded).toMatchObject({ baseDir: dir, source: join(dir, 'gatehouse.yaml'), isDemo: false });
    expect(Object.keys(loaded.config.providers)).toEqual(['mock']);
  });

  it('falls back to the demo, with the working directory as baseDir and a stable hash', async () => {
    const dir = emptyDir();
    const first = await readCliConfig(undefined, { PORT: '9999' }, dir);
    expect(first).toMatchObject({ baseDir: dir, source: 'demo', isDemo: true });
    expect(first.config.server.port).toBe(9999);
    expect((await readCliConfig(undefined, { PORT: '9999' }, dir)).hash).toBe(first.hash);
  });

  it('an invalid or missing explicit file is an error carrying the formatted issues', async () => {
    const dir = dirWithConfig('server: {port: high}\n');
    await expect(readCliConfig(undefined, {}, dir)).rejects.toThrow(new ConfigLoadError('gatehouse.yaml:1:16: server.port: expected number, received string'));
    await expect(readCliConfig('absent.yaml', {}, dir)).rejects.toThrow('absent.yaml: file not found');
  });
});

describe('loadConfigForCli', () => {
  it('prints the issues to stderr and exits 1', async () => {
    const dir = dirWithConfig('logging: {level: loud}\n');
    const script = `import { loadConfigForCli } from ${JSON.stringify(new URL('./config-source.ts', import.meta.url).pathname)};
      await loadConfigForCli();
      console.log('unreachable');`;
    const run = promisify(execFile)(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], {
      cwd: dir,
      env: { ...process.env, GATEHOUSE_CONFIG: '' },
    });
    const failure = (await run.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: number; stdout: string; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stdout).toBe('');
    expect(failure.stderr).toContain('gatehouse.yaml:1:18: logging.level: must be one of');
  });
});

describe('displayPath', () => {
  it('shortens paths inside the working directory only', () => {
    expect(displayPath('/srv/app/gatehouse.yaml', '/srv/app')).toBe('gatehouse.yaml');
    expect(displayPath('/etc/gatehouse.yaml', '/srv/app')).toBe('/etc/gatehouse.yaml');
  });
});
