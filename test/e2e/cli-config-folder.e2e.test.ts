import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 14: `gatehouse identity list -c other/gatehouse.yaml` run from elsewhere opened the working
 * directory's ./data/gatehouse.db, synced the other file's identities into it and listed them, silently.
 * Relative paths now belong to the configuration file's folder, and every command names its database.
 */

const mainTs = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// The child runs in a temp folder, so tsx is resolved from here rather than from its working directory.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PEPPER = 'config-folder-test-pepper-0123456789abcdefghijklmnop';

const workspace = mkdtempSync(join(tmpdir(), 'gh-cli-folder-'));
const someDir = join(workspace, 'some', 'dir');
const otherDir = join(workspace, 'other');

/** A config with no storage section (the default ./data/gatehouse.db) and one config-declared identity. */
function writeConfig(folder: string, identity: string): void {
  mkdirSync(folder, { recursive: true });
  // The pepper is a relative file: reference too, read from the config's folder like every other path.
  writeFileSync(join(folder, 'pepper.txt'), `${PEPPER}\n`);
  writeFileSync(
    join(folder, 'gatehouse.yaml'),
    `auth:\n  secretPepper: file:pepper.txt\nidentities:\n  ${identity}:\n    owner: ${identity}@example.com\n    environment: pilot\n`,
  );
}

function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, mainTs, ...args],
      { cwd: workspace, env: { ...process.env, GATEHOUSE_CONFIG: '' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  writeConfig(someDir, 'some-bot');
  writeConfig(otherDir, 'other-bot');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('gatehouse -c some/dir/gatehouse.yaml from another working directory', () => {
  it('creates the database beside the file, lists its own identities and names the database', async () => {
    const some = await gatehouse('identity', 'list', '-c', 'some/dir/gatehouse.yaml');
    expect(some.code).toBe(0);
    const someDb = join(someDir, 'data', 'gatehouse.db');
    expect(some.stderr.split('\n')[0]).toBe(`gatehouse: using SQLite ${someDb} (from ${join(someDir, 'gatehouse.yaml')})`);
    expect(existsSync(someDb)).toBe(true);
    expect(existsSync(join(workspace, 'data'))).toBe(false);
    expect(some.stdout).toMatch(/^some-bot\s+pilot\s+active\s+config\s+some-bot@example.com/m);
    expect(some.stdout).not.toContain('other-bot');

    const other = await gatehouse('identity', 'list', '-c', 'other/gatehouse.yaml');
    expect(other.code).toBe(0);
    expect(other.stderr.split('\n')[0]).toBe(`gatehouse: using SQLite ${join(otherDir, 'data', 'gatehouse.db')} (from ${join(otherDir, 'gatehouse.yaml')})`);
    expect(other.stdout).toMatch(/^other-bot\s+pilot\s+active\s+config\s+other-bot@example.com/m);
    expect(other.stdout).not.toContain('some-bot');
  }, 60_000);

  it('with no configuration at all, names the demo database in the working directory', async () => {
    const run = await gatehouse('models', 'list');
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe(
      `gatehouse: using SQLite ${join(workspace, 'data', 'gatehouse.db')} (from the built-in demo configuration: no -c, $GATEHOUSE_CONFIG or ./gatehouse.yaml)`,
    );
    rmSync(join(workspace, 'data'), { recursive: true, force: true });
  }, 60_000);
});
