import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeHec, type FakeHec } from './fake-siem.fixtures.js';
import { silentLogger } from '../log/logger.js';
import type { ExchangeRecord } from '../core/record.js';
import { startSiem, type Siem } from './index.js';
import { exampleExchange, memoryLogger, recordWithFindings, secrets, siemConfig, tempDir } from './siem.fixtures.js';

let hec: FakeHec;
let spool: ReturnType<typeof tempDir>;
const open: Siem[] = [];

beforeEach(async () => {
  hec = await startFakeHec();
  spool = tempDir();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await hec.close();
  spool.remove();
});

function httpSink(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'http', url: hec.url, token: 'env:HEC_TOKEN', spoolDir: spool.dir, retryMaxMs: 200, ...overrides };
}

async function start(sink: Record<string, unknown>, options: { logger?: ReturnType<typeof silentLogger>; shutdownTimeoutMs?: number } = {}): Promise<Siem> {
  const config = siemConfig({ main: sink }, options.shutdownTimeoutMs === undefined ? {} : { shutdownTimeoutMs: options.shutdownTimeoutMs });
  const siem = await startSiem(config, {
    resolveSecret: secrets,
    logger: options.logger ?? silentLogger(),
    version: '1.2.3',
    hostname: 'gw-test',
    retryBaseMs: 20,
  });
  open.push(siem);
  return siem;
}

/** Ids of the exchange events received, in arrival order. */
function receivedIds(): string[] {
  return hec.events.map((e) => e.event.api?.request?.uid ?? e.event.id);
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The fake records a request before its answer reaches the sink: wait for the sink's own count. */
const delivered = (siem: Siem, count: number): Promise<void> => until(() => siem.stats().main!.delivered >= count, `${count} delivered`);

const records = (from: number, count: number): ExchangeRecord[] => Array.from({ length: count }, (_, k) => exampleExchange(from + k));

describe('HTTP (HEC) sink', () => {
  test('posts HEC batch format with the Splunk token; exchanges and findings in order', async () => {
    const siem = await start(httpSink());
    siem.listener([recordWithFindings(1, [{ detector: 'pii' }, { detector: 'secrets', action: 'block' }]), exampleExchange(2)]);
    await hec.waitForEvents(4);
    await delivered(siem, 4);
    const request = hec.requests[0]!;
    expect(request.headers.authorization).toBe('Splunk hec-secret-token');
    expect(request.headers['content-type']).toBe('application/json');
    expect(hec.events.map((e) => [e.event.class_uid, e.event.metadata.uid])).toEqual([
      [6003, 'ex-00001'],
      [2004, 'ex-00001:0'],
      [2004, 'ex-00001:1'],
      [6003, 'ex-00002'],
    ]);
    expect(hec.events[0]).toMatchObject({ time: exampleExchange(1).createdAt / 1000, sourcetype: 'ocsf', source: 'gatehouse', host: 'gw-test' });
    expect(siem.stats().main).toMatchObject({ up: true, delivered: 4, failed: 0, dropped: 0, memoryEvents: 0, diskEvents: 0 });
  });

  test('format json sends flat records; the events setting filters', async () => {
    const siem = await start(httpSink({ format: 'json', events: ['findings'], index: 'security' }));
    siem.listener([recordWithFindings(1, [{ detector: 'pii' }]), exampleExchange(2)]);
    await hec.waitForEvents(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(hec.events).toHaveLength(1);
    expect(hec.events[0]).toMatchObject({
      sourcetype: '_json',
      index: 'security',
      event: { type: 'gatehouse.finding', id: 'ex-00001:0', requestId: 'ex-00001', detector: 'pii' },
    });
  });

  test('a sink that is down (closed port, then 503) gets every event, in order, once it returns; memory spills to disk', async () => {
    const { logger, lines } = memoryLogger();
    await hec.setMode({ kind: 'down' });
    const siem = await start(httpSink({ maxMemoryEvents: 50, batchSize: 40 }), { logger });
    for (let i = 0; i < 30; i++) siem.listener(records(i * 10, 10));
    await until(() => siem.stats().main!.diskEvents === 300, 'all 300 events spooled to disk');
    expect(siem.stats().main).toMatchObject({ up: false, memoryEvents: 0, delivered: 0 });
    expect(readdirSync(spool.dir).some((n) => n.startsWith('seg-'))).toBe(true);

    await hec.setMode({ kind: 'status', status: 503 });
    await hec.waitForRequests(2);
    for (let i = 30; i < 40; i++) siem.listener(records(i * 10, 10));
    expect(hec.events).toHaveLength(0);

    await hec.setMode({ kind: 'up' });
    await hec.waitForEvents(400);
    expect(receivedIds()).toEqual(records(0, 400).map((r) => r.id));
    await delivered(siem, 400);
    const stats = siem.stats().main!;
    expect(stats).toMatchObject({ up: true, delivered: 400, dropped: 0, failed: 0, diskEvents: 0, memoryEvents: 0 });
    expect(stats.retries).toBeGreaterThanOrEqual(2);
    expect(lines().some((l) => l.level === 40 && /unreachable/.test(l.msg))).toBe(true);
    expect(lines().some((l) => /is back/.test(l.msg))).toBe(true);
  });

  test('a new instance on the same spool directory delivers what the previous one left on disk', async () => {
    await hec.setMode({ kind: 'down' });
    const first = await start(httpSink({ maxMemoryEvents: 1000 }), { shutdownTimeoutMs: 200 });
    first.listener(records(0, 120));
    await first.close();
    expect(first.stats().main).toMatchObject({ delivered: 0, diskEvents: 120, dropped: 0 });

    await hec.setMode({ kind: 'up' });
    const second = await start(httpSink());
    second.listener(records(120, 5));
    await hec.waitForEvents(125);
    expect(receivedIds()).toEqual(records(0, 125).map((r) => r.id));
    await until(() => second.stats().main!.diskEvents === 0, 'spool drained');
  });

  test('resumes after the last acknowledged batch, not from the start of the spool', async () => {
    await hec.setMode({ kind: 'down' });
    const first = await start(httpSink({ batchSize: 10 }), { shutdownTimeoutMs: 200 });
    first.listener(records(0, 50));
    await until(() => first.stats().main!.diskEvents === 50, 'spooled');
    await hec.setMode({ kind: 'up' });
    await hec.waitForEvents(20);
    await first.close();
    const deliveredBefore = hec.events.length;

    const second = await start(httpSink({ batchSize: 10 }));
    await hec.waitForEvents(50);
    await until(() => second.stats().main!.diskEvents === 0, 'spool drained');
    expect(hec.events).toHaveLength(50);
    expect(deliveredBefore).toBeGreaterThanOrEqual(20);
    expect(receivedIds()).toEqual(records(0, 50).map((r) => r.id));
  });

  test('past maxDiskBytes the oldest segments are dropped, counted and logged; the newest arrive', async () => {
    const { logger, lines } = memoryLogger();
    await hec.setMode({ kind: 'down' });
    // The schema's minimum is 1 MiB; a smaller cap keeps the test quick.
    const config = siemConfig({ main: httpSink({ maxMemoryEvents: 10 }) });
    config.sinks.main!.maxDiskBytes = 40_000;
    const siem = await startSiem(config, { resolveSecret: secrets, logger, version: '1.2.3', retryBaseMs: 20 });
    open.push(siem);
    for (let i = 0; i < 100; i++) siem.listener(records(i * 5, 5));
    await until(() => siem.stats().main!.memoryEvents === 0, 'all spilled');
    const stats = siem.stats().main!;
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.diskBytes).toBeLessThanOrEqual(40_000);
    expect(stats.diskEvents + stats.dropped).toBe(500);
    expect(lines().some((l) => l.level === 50 && /over maxDiskBytes/.test(l.msg))).toBe(true);

    await hec.setMode({ kind: 'up' });
    await hec.waitForEvents(stats.diskEvents);
    const ids = receivedIds();
    expect(ids).toEqual(records(500 - stats.diskEvents, stats.diskEvents).map((r) => r.id));
  });

  test('a batch refused with 400 goes to the dead-letter file and the queue moves on', async () => {
    const { logger, lines } = memoryLogger();
    await hec.setMode({ kind: 'status', status: 400, body: JSON.stringify({ text: 'Invalid data format', code: 6, 'invalid-event-number': 0 }) });
    const siem = await start(httpSink(), { logger });
    siem.listener(records(0, 3));
    await until(() => siem.stats().main!.failed === 3, 'dead-lettered');
    await hec.setMode({ kind: 'up' });
    siem.listener(records(3, 2));
    await hec.waitForEvents(2);
    expect(receivedIds()).toEqual(['ex-00003', 'ex-00004']);
    await delivered(siem, 2);
    const dead = readFileSync(join(spool.dir, 'dead-letter.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dead.map((d) => d.event.metadata.uid)).toEqual(['ex-00000', 'ex-00001', 'ex-00002']);
    expect(lines().find((l) => /dead-letter/.test(l.msg))).toMatchObject({ level: 50, events: 3, error: 'HTTP 400 Invalid data format, code 6, event 0' });
    expect(siem.stats().main).toMatchObject({ up: true, failed: 3, delivered: 2 });
  });

  test('a setup error (401, or HEC 400 "Incorrect index") keeps the events queued instead of dead-lettering them', async () => {
    await hec.setMode({ kind: 'status', status: 400, body: JSON.stringify({ text: 'Incorrect index', code: 7 }) });
    const siem = await start(httpSink());
    siem.listener(records(0, 3));
    await hec.waitForRequests(2);
    await hec.setMode({ kind: 'status', status: 401, body: JSON.stringify({ text: 'Token is required', code: 2 }) });
    await hec.waitForRequests(3);
    expect(siem.stats().main).toMatchObject({ up: false, failed: 0 });
    await hec.setMode({ kind: 'up' });
    await hec.waitForEvents(3);
    expect(receivedIds()).toEqual(['ex-00000', 'ex-00001', 'ex-00002']);
    expect(existsSync(join(spool.dir, 'dead-letter.jsonl'))).toBe(false);
  });

  test('413 splits the batch instead of dropping it', async () => {
    await hec.setMode({ kind: 'status', status: 413 });
    const siem = await start(httpSink({ batchSize: 8 }));
    siem.listener(records(0, 8));
    await hec.waitForRequests(3);
    await hec.setMode({ kind: 'up' });
    await hec.waitForEvents(8);
    expect(receivedIds()).toEqual(records(0, 8).map((r) => r.id));
    expect(hec.requests.filter((r) => r.status === 413).map((r) => r.events.length)).toEqual(expect.arrayContaining([8, 4]));
  });

  test('the listener only enqueues: 100k events return synchronously with nothing sent or written yet', async () => {
    const siem = await start(httpSink({ batchSize: 5_000, maxBatchBytes: 20_000_000 }));
    const batch = records(0, 1_000);
    const results: unknown[] = [];
    for (let i = 0; i < 100; i++) results.push(siem.listener(batch));
    expect(results.every((r) => r === undefined)).toBe(true);
    expect(siem.stats().main).toMatchObject({ memoryEvents: 100_000, diskEvents: 0, delivered: 0 });
    expect(hec.requests).toHaveLength(0);
    await hec.waitForEvents(100_000, 60_000);
    await until(() => siem.stats().main!.delivered === 100_000, 'all delivered', 30_000);
    expect(receivedIds()).toEqual(Array.from({ length: 100 }, () => batch.map((r) => r.id)).flat());
  }, 90_000);

  test('the listener never throws, even on a malformed record', async () => {
    const siem = await start(httpSink());
    const broken = { ...exampleExchange(1), findings: null } as unknown as ExchangeRecord;
    expect(() => siem.listener([broken, null as unknown as ExchangeRecord])).not.toThrow();
    siem.listener([exampleExchange(2)]);
    await hec.waitForEvents(1);
    expect(receivedIds()).toContain('ex-00002');
  });

  test('close delivers what is in memory when the sink is up; events after close are counted as dropped', async () => {
    const siem = await start(httpSink());
    siem.listener(records(0, 20));
    await siem.close();
    expect(hec.events).toHaveLength(20);
    siem.listener(records(20, 2));
    expect(siem.stats().main).toMatchObject({ delivered: 20, dropped: 2, memoryEvents: 0, diskEvents: 0 });
  });

  test('a token reference that cannot be resolved stops the start', async () => {
    await expect(start(httpSink({ token: 'env:MISSING' }))).rejects.toThrow(/MISSING/);
  });

  test('a disabled sink sends and spools nothing', async () => {
    const siem = await start(httpSink({ enabled: false }));
    siem.listener(records(0, 3));
    expect(siem.stats()).toEqual({});
    expect(readdirSync(spool.dir)).toEqual([]);
  });
});
