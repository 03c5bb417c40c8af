import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createLogger, type Logger } from '../log/logger.js';
import { Recorder, type RecorderOptions } from './recorder.js';
import { openSqliteStore } from './sqlite-store.js';
import { exampleExchange } from './store.contract.js';
import type { Store } from './store.js';

const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-recorder-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** Delegates to a real store, counting write transactions and how many overlap. */
function countingStore(inner: Store) {
  const counts = { transactions: 0, inFlight: 0, maxInFlight: 0 };
  const store: Store = {
    dialect: inner.dialect,
    identities: inner.identities,
    credentials: inner.credentials,
    audit: inner.audit,
    content: inner.content,
    configVersions: inner.configVersions,
    controls: inner.controls,
    approvals: inner.approvals,
    migrate: () => inner.migrate(),
    async insertExchanges(records) {
      counts.transactions++;
      counts.maxInFlight = Math.max(counts.maxInFlight, ++counts.inFlight);
      try {
        await inner.insertExchanges(records);
      } finally {
        counts.inFlight--;
      }
    },
    getExchange: (id) => inner.getExchange(id),
    listExchanges: (query) => inner.listExchanges(query),
    countExchanges: () => inner.countExchanges(),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { store, counts };
}

/** A real pino logger whose JSON lines are kept for assertions. */
function capturedLogger(): { logger: Logger; lines: Array<Record<string, unknown>>; raw: string[] } {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

const records = (n: number, from = 0) => Array.from({ length: n }, (_, i) => exampleExchange(from + i));

describe('Recorder on SQLite', () => {
  let path: string;
  let sqlite: Store;
  let log: ReturnType<typeof capturedLogger>;
  const recorder = (store: Store, options: Partial<RecorderOptions> = {}) =>
    new Recorder(store, { batchSize: 100, flushIntervalMs: 60_000, logger: log.logger, ...options });

  beforeEach(async () => {
    path = join(tempDir, `${randomUUID()}.db`);
    sqlite = openSqliteStore(path);
    await sqlite.migrate();
    log = capturedLogger();
  });
  afterEach(async () => {
    await sqlite.close();
  });

  /** The DDL of the exchanges table and its indexes, as the migration created them. */
  function exchangesDdl(): string {
    const side = new BetterSqlite3(path);
    try {
      const rows = side.prepare("select sql from sqlite_master where tbl_name = 'exchanges' and sql is not null order by type desc").all() as Array<{
        sql: string;
      }>;
      return rows.map((r) => `${r.sql};`).join('\n');
    } finally {
      side.close();
    }
  }

  /** Runs SQL on a second connection to the same file, as an operator (or an outage) would. */
  function sideConnection(statements: string): void {
    const side = new BetterSqlite3(path);
    try {
      side.exec(statements);
    } finally {
      side.close();
    }
  }

  test('records become visible after flush, written in one transaction per batch', async () => {
    const { store, counts } = countingStore(sqlite);
    const rec = recorder(store);
    for (const r of records(10)) rec.record(r);
    expect(await sqlite.countExchanges()).toBe(0);
    expect(rec.stats()).toEqual({ written: 0, failed: 0, dropped: 0, queued: 10 });
    await rec.flush();
    expect(await sqlite.countExchanges()).toBe(10);
    expect(rec.stats()).toEqual({ written: 10, failed: 0, dropped: 0, queued: 0 });
    expect(counts.transactions).toBe(1);
    expect(await sqlite.getExchange('ex-00009')).toStrictEqual(exampleExchange(9));
  });

  test('recordDurable resolves after the commit; records finishing together share it; listeners see committed batches', async () => {
    const { store, counts } = countingStore(sqlite);
    const rec = recorder(store);
    const seen: string[][] = [];
    rec.onCommitted((batch) => seen.push(batch.map((r) => r.id)));
    rec.onCommitted(() => {
      throw new Error('a broken listener');
    });
    const durable = records(5).map((r) => rec.recordDurable(r));
    expect(await sqlite.countExchanges()).toBe(0);
    expect(await Promise.all(durable)).toEqual([true, true, true, true, true]);
    expect(await sqlite.countExchanges()).toBe(5);
    expect(counts.transactions).toBe(1);
    expect(seen).toEqual([records(5).map((r) => r.id)]);
    await rec.close();
    expect(await rec.recordDurable(exampleExchange(99))).toBe(false);
  });

  test('a burst of 1050 records needs 11 transactions, never two at once', async () => {
    const { store, counts } = countingStore(sqlite);
    const rec = recorder(store);
    for (const r of records(1050)) rec.record(r);
    await rec.flush();
    expect(await sqlite.countExchanges()).toBe(1050);
    expect(counts.transactions).toBe(11);
    expect(counts.maxInFlight).toBe(1);
  });

  test('records trickling in are grouped: far fewer transactions than records', async () => {
    const { store, counts } = countingStore(sqlite);
    const rec = recorder(store, { batchSize: 256, flushIntervalMs: 20 });
    for (let i = 0; i < 1000; i++) {
      rec.record(exampleExchange(i));
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await rec.flush();
    expect(rec.stats().written).toBe(1000);
    expect(counts.transactions).toBeLessThanOrEqual(100);
    expect(counts.maxInFlight).toBe(1);
  });

  test('a partial batch is written after flushIntervalMs without an explicit flush', async () => {
    const rec = recorder(sqlite, { flushIntervalMs: 5 });
    for (const r of records(3)) rec.record(r);
    await vi.waitFor(() => expect(rec.stats().written).toBe(3));
    expect(await sqlite.countExchanges()).toBe(3);
  });

  test('a failed write is logged without content and retried with the same batch until the table is back', async () => {
    const ddl = exchangesDdl();
    sideConnection('drop table exchanges');
    const rec = recorder(sqlite, { flushIntervalMs: 1, retryBaseMs: 2, retryMaxMs: 10, maxAttempts: 10_000 });
    const marked = records(20).map((r) => ({ ...r, path: '/v1/CONTENT-MARKER', trace: [{ ...r.trace[0]!, note: 'CONTENT-MARKER' }] }));
    for (const r of marked) rec.record(r);
    await vi.waitFor(() => expect(log.lines.some((l) => l.msg === 'exchange batch write failed; retrying')).toBe(true));
    expect(rec.stats()).toMatchObject({ written: 0, failed: 0, queued: 20 });

    // The operator restores the table (as from a schema backup); the queued batch must then land.
    sideConnection(ddl);
    await rec.flush();
    expect(rec.stats()).toEqual({ written: 20, failed: 0, dropped: 0, queued: 0 });
    expect(await sqlite.getExchange('ex-00019')).toStrictEqual(marked[19]);
    expect(log.lines.some((l) => l.msg === 'exchange batch written after retry')).toBe(true);
    expect(log.raw.join('')).not.toContain('CONTENT-MARKER');
  });

  test('a batch that keeps failing is counted as failed, logged with its ids, and flush still resolves', async () => {
    sideConnection('drop table exchanges');
    const rec = recorder(sqlite, { maxAttempts: 3, retryBaseMs: 1 });
    for (const r of records(7)) rec.record(r);
    await rec.flush();
    expect(rec.stats()).toEqual({ written: 0, failed: 7, dropped: 0, queued: 0 });
    const lost = log.lines.find((l) => l.msg === 'exchange batch failed for good: records lost');
    expect(lost).toMatchObject({ level: 50, records: 7, attempts: 3 });
    expect(lost?.ids).toEqual(records(7).map((r) => r.id));
  });

  test('records past the queue bound are dropped, counted and logged, once per episode', async () => {
    const rec = recorder(sqlite, { maxQueue: 10 });
    for (const r of records(15)) rec.record(r);
    expect(rec.stats()).toEqual({ written: 0, failed: 0, dropped: 5, queued: 10 });
    const dropping = log.lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('dropping exchange records'));
    expect(dropping).toHaveLength(1);
    expect(dropping[0]).toMatchObject({ level: 50 });

    await rec.flush();
    expect(await sqlite.countExchanges()).toBe(10);
    expect(log.lines.find((l) => l.msg === 'exchange records were dropped while the queue was full')).toMatchObject({ level: 50, dropped: 5, droppedTotal: 5 });
  });

  test('close flushes what is queued, refuses later records and leaves the store open', async () => {
    const rec = recorder(sqlite);
    for (const r of records(7)) rec.record(r);
    await rec.close();
    expect(await sqlite.countExchanges()).toBe(7);
    rec.record(exampleExchange(99));
    expect(rec.stats()).toEqual({ written: 7, failed: 0, dropped: 1, queued: 0 });
    expect(log.lines.some((l) => l.msg === 'dropping exchange records: recorder is closed')).toBe(true);
    await expect(sqlite.ping()).resolves.toBeUndefined();
  });
});

test('pending flush and retry timers do not keep the process alive', async () => {
  // A child process with a long flush timer and a long retry backoff pending must still exit by itself.
  const script = `
    import { Recorder } from './src/storage/recorder.ts';
    import { silentLogger } from './src/log/logger.ts';
    const idle = { insertExchanges: () => Promise.resolve() };
    const down = { insertExchanges: () => Promise.reject(new Error('down')) };
    const rec = { id: 'x', trace: [] };
    new Recorder(idle, { batchSize: 10, flushIntervalMs: 600_000, logger: silentLogger() }).record(rec);
    new Recorder(down, { batchSize: 1, flushIntervalMs: 1, retryBaseMs: 600_000, logger: silentLogger() }).record(rec);
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.log('scheduled');
  `;
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), timeout: 15_000 });
  expect(stdout.trim()).toBe('scheduled');
});
