import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { runCli, spawnCli } from '../support/cli.js';

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
  for (let i = 0; i < 600; i++) {
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
}, 60_000);

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

/** A loopback port held by another listener for the duration of `use`. */
async function withBusyPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    return await use((holder.address() as { port: number }).port);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
}

describe('gatehouse serve on a port already in use', () => {
  it('with a file: one line naming host:port and -p / server.port, exit 1, no stack', async () => {
    const file = join(dir, 'busy.yaml');
    writeFileSync(file, configWith('  alpha:\n    provider: mock\n'));
    const run = await withBusyPort(async (port) => ({ port, ...(await runCli(['serve', '--config', file, '-p', String(port)], { cwd: dir })) }));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `gatehouse: using SQLite ${dbPath} (from ${file})`,
      `gatehouse: cannot listen on 127.0.0.1:${run.port}: the port is already in use (another Gatehouse, or another program). Choose another port: gatehouse serve -p 9000, or server.port in busy.yaml.`,
    ]);
    expect(run.stdout + run.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
  }, 60_000);

  it('the demo (npm start): the line says PORT=', async () => {
    const cwd = join(dir, 'demo-busy');
    mkdirSync(cwd);
    const run = await withBusyPort(async (port) => ({ port, ...(await runCli(['serve'], { cwd, env: { ...process.env, PORT: String(port) } })) }));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `gatehouse: using SQLite ${join(cwd, 'data', 'gatehouse.db')} (from the built-in demo configuration: no -c, $GATEHOUSE_CONFIG or ./gatehouse.yaml)`,
      `gatehouse: cannot listen on 127.0.0.1:${run.port}: the port is already in use (another Gatehouse, or another program). Choose another port: PORT=9000 npm start, or gatehouse serve -p 9000.`,
    ]);
  }, 60_000);
});

describe('gatehouse serve with auth on', () => {
  it('the banner says how to get an access token, and suggests no key that would be refused', async () => {
    const file = join(dir, 'auth.yaml');
    writeFileSync(file, `${configWith('  alpha:\n    provider: mock\n')}\nauth:\n  secretPepper: env:PEPPER\n`);
    const server = spawnCli(['serve', '--config', file, '--no-watch'], { cwd: dir, env: { ...process.env, PEPPER: 'p'.repeat(40) } });
    let banner = '';
    server.stdout?.on('data', (d: Buffer) => (banner += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (banner += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const seen = () => /with the access token as the apiKey[^\n]*\n.*\n/.test(banner) && resolve();
        server.stdout?.on('data', seen);
        server.once('exit', () => reject(new Error(`serve exited before its banner:\n${banner}`)));
      });
      const base = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
      expect(banner).toContain(`curl -s -u <identity>:<client secret> ${base}/oauth/token -d grant_type=client_credentials`);
      expect(banner).toContain("-H 'authorization: Bearer <access_token>'");
      expect(banner).toContain(`new OpenAI({ baseURL: '${base}/v1', apiKey: '<access_token>' })`);
      expect(banner).not.toContain("apiKey: 'unused'");
    } finally {
      server.kill('SIGTERM');
    }
  }, 60_000);

  it('the demo on another port: the demo line names the address it listens on, not the demo default', async () => {
    const cwd = join(dir, 'demo-port');
    mkdirSync(cwd, { recursive: true });
    const env = { ...process.env };
    delete env.GATEHOUSE_CONFIG;
    const server = spawnCli(['serve', '-p', '0', '--no-watch'], { cwd, env });
    let banner = '';
    server.stdout?.on('data', (d: Buffer) => (banner += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (banner += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const seen = () => /guardrails: profiles/.test(banner) && resolve();
        server.stdout?.on('data', seen);
        server.once('exit', () => reject(new Error(`serve exited before its banner:\n${banner}`)));
      });
      const base = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(base).not.toBe('http://127.0.0.1:8080');
      expect(banner).toContain(`running the built-in demo configuration on ${base} `);
    } finally {
      server.kill('SIGTERM');
    }
  }, 60_000);
});
