import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ContentCipher } from '../../audit/content-cipher.js';
import { openStore } from '../../storage/open-store.js';
import { exampleExchange, T0 } from '../../storage/store.contract.js';
import type { Store } from '../../storage/store.js';

const KEY = randomBytes(32);
const KEY_ENV = 'GH_AUDIT_SEARCH_TEST_KEY';
let dir: string;
let file: string;

const sqlite = (path: string) => openStore({ driver: 'sqlite', sqlite: { path }, batchSize: 256, flushIntervalMs: 5 }, (ref) => ref);

/** Runs the real CLI entry point in a child process, as an operator would. */
function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, GATEHOUSE_CONFIG: '', [KEY_ENV]: KEY.toString('base64') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Three records: two with stored content (one mentions the needle), one flagged by the pii detector. */
async function seed(store: Store): Promise<void> {
  const cipher = new ContentCipher(KEY);
  const subject = 'user:ana';
  const { key, wrapped } = cipher.newSubjectKey(subject);
  await store.content.createSubjectKey(subject, wrapped, T0);
  const rows = [
    { rec: exampleExchange(1, { identityId: 'alice', contentMode: 'full', contentDigest: 'a'.repeat(64) }), prompt: 'Where is parcel ZX-77?' },
    { rec: exampleExchange(2, { identityId: 'alice', contentMode: 'full', contentDigest: 'b'.repeat(64) }), prompt: 'hello' },
  ];
  const flagged = exampleExchange(3, {
    identityId: 'bob',
    reason: 'input_blocked',
    outcome: 'refused',
    findings: [{ direction: 'input', detector: 'pii', type: 'EMAIL_ADDRESS', score: 0.9, start: 0, end: 5, path: 'messages[0].content', action: 'block' }],
  });
  await store.insertExchanges(
    [...rows.map((r) => r.rec), flagged],
    rows.map(({ rec, prompt }) => ({
      id: rec.id,
      subject,
      createdAt: rec.createdAt,
      mode: 'full',
      sealed: cipher.encrypt(key, rec.id, JSON.stringify({ request: { messages: [{ role: 'user', content: prompt }] }, response: null })),
    })),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-audit-search-'));
  const dbPath = join(dir, 'gatehouse.db');
  file = join(dir, 'gatehouse.yaml');
  writeFileSync(
    file,
    `storage:\n  sqlite:\n    path: ${JSON.stringify(dbPath)}\naudit:\n  keyFile: ${JSON.stringify(join(dir, 'cp.key'))}\n  content:\n    mode: full\n    key: env:${KEY_ENV}\n`,
  );
  const store = await sqlite(dbPath);
  await store.migrate();
  await seed(store);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gatehouse audit search', () => {
  test('--text finds stored content with the master key; --json prints JSON Lines and the cursor on stderr', async () => {
    const run = await gatehouse('audit', 'search', '--text', 'zx-77', '--content', '--json', '--limit', '1', '-c', file);
    expect(run.stderr).toContain('scanned');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; content: unknown });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: 'ex-00001', identityId: 'alice', content: { request: { messages: [{ content: 'Where is parcel ZX-77?' }] } } });
    expect(run.stderr).toMatch(/next: --cursor [A-Za-z0-9_-]+/);
  }, 30_000);

  test('filters print one table line per record, without content; every search is recorded', async () => {
    const run = await gatehouse('audit', 'search', '--detector', 'pii', '--from', new Date(T0).toISOString(), '-c', file);
    // The one line on stderr names the database it read, and the configuration it came from.
    expect(run).toMatchObject({ code: 0, stderr: `gatehouse: using SQLite ${join(dir, 'gatehouse.db')} (from ${file})\n` });
    expect(run.stdout).toBe(`${new Date(T0 + 3).toISOString()}  ex-00003  bob  gpt-4o-mini  refused  input_blocked  pii:1\n`);

    const store = await sqlite(join(dir, 'gatehouse.db'));
    try {
      const searches = await store.listExchanges({ operation: 'admin' });
      expect(searches.map((r) => r.trace.find((t) => t.stage === 'admin')?.note)).toEqual([
        'audit.read exchanges returned=1 scanned=1 content=no',
        'audit.read exchanges returned=1 scanned=3 content=yes text',
      ]);
      expect(JSON.stringify(searches)).not.toContain('ZX-77');
    } finally {
      await store.close();
    }
  }, 30_000);
});
