import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../src/audit/verify-store.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';

/**
 * SIGKILL under load: every request the client saw succeed (a 200 JSON answer, or a stream that reached
 * `[DONE]`) has its final record, every stream that began has at least its start record, and the trail
 * verifies: no record is half-written.
 */
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
const dbPath = join(dir, 'crash.db');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(): Promise<string> {
  const configPath = join(dir, 'gatehouse.yaml');
  writeFileSync(
    configPath,
    [
      'server:\n  port: 0',
      'logging:\n  level: warn\n  exchanges: false',
      `storage:\n  sqlite:\n    path: ${dbPath}\n  flushIntervalMs: 200`,
      `audit:\n  keyFile: ${join(dir, 'audit.key')}\n  checkpointIntervalSeconds: 1`,
      'providers:\n  mock:\n    type: mock\n    chunkSize: 3',
      'models:\n  echo:\n    provider: mock\n  slow-stream:\n    provider: mock\n    mock:\n      latencyMs: 5\n      text: "a streamed answer of a few chunks"',
      '',
    ].join('\n'),
  );
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', configPath], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 600; i++) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) return url;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gateway did not start:\n${output}`);
}

describe('crash safety', () => {
  it('SIGKILL under load loses no record of a request the client saw succeed', async () => {
    const url = await startServer();
    const pool = new Pool(url, { connections: 24 });
    const succeeded = new Set<string>();
    const started = new Set<string>();
    let stop = false;
    let sent = 0;

    async function client(n: number): Promise<void> {
      while (!stop) {
        const stream = (sent++ + n) % 3 === 0;
        const body = JSON.stringify(
          stream
            ? { model: 'slow-stream', stream: true, messages: [{ role: 'user', content: 'go' }] }
            : { model: 'echo', messages: [{ role: 'user', content: `hello ${sent}` }] },
        );
        try {
          const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const id = String(res.headers['x-gatehouse-request-id'] ?? '');
          if (stream && res.statusCode === 200) started.add(id);
          const text = await res.body.text();
          if (res.statusCode === 200 && (!stream || text.trimEnd().endsWith('data: [DONE]'))) succeeded.add(id);
        } catch {
          // The kill tears connections down mid-request: those requests did not succeed.
        }
      }
    }

    const clients = Array.from({ length: 24 }, (_, i) => client(i));
    while (succeeded.size < 400) await new Promise((r) => setTimeout(r, 20));
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    stop = true;
    await Promise.all(clients);
    await pool.destroy();

    const store = openSqliteStore(dbPath);
    try {
      const missing: string[] = [];
      for (const id of succeeded) {
        const record = await store.getExchange(id);
        if (record?.outcome !== 'ok' || record.status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      for (const id of started) expect(await store.getExchange(id)).toBeDefined();
      const report = await verifyStore(store);
      expect(report.problem).toBeNull();
      expect(report.entries).toBeGreaterThanOrEqual(succeeded.size);
    } finally {
      await store.close();
    }
  }, 60_000);
});
