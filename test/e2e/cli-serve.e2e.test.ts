import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
const configPath = join(dir, 'gatehouse.yaml');
const dbPath = join(dir, 'records.db');
let child: ChildProcess;
let url = '';
let output = '';

function configWith(models: string): string {
  return `server:\n  port: 0\nlogging:\n  level: info\nstorage:\n  sqlite:\n    path: ${dbPath}\naudit:\n  keyFile: ${join(dir, 'audit.key')}\nproviders:\n  mock:\n    type: mock\nmodels:\n${models}`;
}

/** Rename-replace, as editors and config-management tools do. */
function writeConfig(text: string): void {
  const tmp = `${configPath}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, configPath);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
}

async function modelIds(): Promise<string[]> {
  const res = await fetch(`${url}/v1/models`);
  return ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id).sort();
}

beforeAll(async () => {
  writeConfig(configWith('  alpha:\n    provider: mock\n'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', configPath], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  url = await until(async () => /listening on (http:\/\/\S+)/.exec(output)?.[1], 'the listening banner');
}, 30_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse serve', () => {
  it('prints how to call it and answers', async () => {
    expect(output).toContain('curl -s');
    expect(output).toContain(`baseURL: '${url}/v1'`);
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'alpha', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
  });

  it('hot-reloads a valid edit, keeps the running config on a broken one, and recovers', async () => {
    writeConfig(configWith('  alpha:\n    provider: mock\n  beta:\n    provider: mock\n'));
    await until(async () => ((await modelIds()).includes('beta') ? true : undefined), 'beta to appear');

    writeConfig(configWith('  alpha:\n    provider: mock\n  gamma:\n    provider: nowhere\n'));
    await until(async () => (output.includes('kept previous configuration') ? true : undefined), 'the rejection warning');
    expect(output).toMatch(/gatehouse\.yaml:\d+:\d+: models\.gamma\.provider/);
    expect(await modelIds()).toEqual(['alpha', 'beta']);

    writeConfig(configWith('  gamma:\n    provider: mock\n'));
    await until(async () => ((await modelIds()).join() === 'gamma' ? true : undefined), 'gamma alone');
  });

  it('shuts down cleanly on SIGTERM with every record flushed', async () => {
    const sent = 5;
    for (let i = 0; i < sent; i++) {
      await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gamma', messages: [{ role: 'user', content: `n${i}` }] }),
      });
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const store = openSqliteStore(dbPath);
    const records = await store.listExchanges({ limit: 1000 });
    await store.close();
    expect(records.filter((r) => r.operation === 'chat' && r.status === 200).length).toBe(sent + 1);
  });
});
