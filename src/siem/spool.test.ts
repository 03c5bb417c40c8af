import { appendFileSync, chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { memoryLogger, tempDir } from './siem.fixtures.js';
import { Spool } from './spool.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('gatehouse-spool-');
});
afterEach(() => dir.remove());

const lines = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => JSON.stringify({ n: from + i }));
const open = (options: { maxBytes?: number; segmentBytes?: number; logger?: ReturnType<typeof silentLogger> } = {}) =>
  Spool.open(dir.dir, { maxBytes: options.maxBytes ?? 1024 * 1024, segmentBytes: options.segmentBytes ?? 100, logger: options.logger ?? silentLogger() });

/** Takes and acknowledges everything, `batch` lines at a time. */
async function drain(spool: Spool, batch = 3): Promise<string[]> {
  const out: string[] = [];
  for (let got = await spool.take(batch); got.length > 0; got = await spool.take(batch)) {
    out.push(...got);
    await spool.ack();
  }
  return out;
}

const segments = (): string[] => readdirSync(dir.dir).filter((n) => n.startsWith('seg-'));

describe('Spool', () => {
  test('its folder is created 0700 and its files 0600; a folder others can read is reported, not changed', async () => {
    const fresh = join(dir.dir, 'a', 'b');
    const spool = await Spool.open(fresh, { maxBytes: 1024 * 1024, segmentBytes: 100, logger: silentLogger() });
    await spool.append(lines(0, 3));
    await spool.take(3);
    await spool.ack();
    await spool.append(lines(3, 1));
    await spool.close();
    expect(statSync(join(dir.dir, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(fresh)) expect([name, statSync(join(fresh, name)).mode & 0o777]).toEqual([name, 0o600]);
    expect(readdirSync(fresh)).toContain('cursor.json');

    chmodSync(fresh, 0o755);
    const { logger, lines: logged } = memoryLogger();
    await (await Spool.open(fresh, { maxBytes: 1024 * 1024, logger })).close();
    expect(logged().filter((l) => l.level === 40)).toMatchObject([{ path: fresh, mode: '0755', msg: expect.stringContaining('readable by other users') }]);
    expect(statSync(fresh).mode & 0o777).toBe(0o755);
  });

  test('lines come back in order across segments; delivered segments are deleted', async () => {
    const spool = await open();
    await spool.append(lines(0, 10));
    await spool.append(lines(10, 10));
    expect(segments().length).toBeGreaterThan(1);
    expect(spool.events).toBe(20);
    expect(await drain(spool)).toEqual(lines(0, 20));
    expect(spool.events).toBe(0);
    expect(segments()).toEqual([]);
    await spool.close();
  });

  test('take respects maxBytes, but always returns at least one line', async () => {
    const spool = await open({ segmentBytes: 10_000 });
    await spool.append(lines(0, 5));
    expect(await spool.take(10, 20)).toEqual(lines(0, 2));
    spool.release();
    expect(await spool.take(10, 1)).toEqual(lines(0, 1));
    await spool.close();
  });

  test('a released batch is handed out again', async () => {
    const spool = await open();
    await spool.append(lines(0, 4));
    expect(await spool.take(2)).toEqual(lines(0, 2));
    spool.release();
    expect(await drain(spool, 2)).toEqual(lines(0, 4));
    await spool.close();
  });

  test('reopening resumes after the last acknowledged batch; an unacknowledged one comes again', async () => {
    const first = await open();
    await first.append(lines(0, 12));
    await first.take(5);
    await first.ack();
    await first.take(3); // in flight when the process stops
    await first.close();

    const second = await open();
    expect(second.events).toBe(7);
    await second.append(lines(12, 2));
    expect(await drain(second)).toEqual(lines(5, 9));
    await second.close();
  });

  test('a line torn by a crash mid-write is cut off when the spool opens', async () => {
    const first = await open({ segmentBytes: 10_000 });
    await first.append(lines(0, 3));
    await first.close();
    const [segment] = segments();
    appendFileSync(join(dir.dir, segment!), '{"n":3,"tor');
    const { logger, lines: logs } = memoryLogger();
    const second = await open({ logger });
    expect(second.events).toBe(3);
    await second.append(lines(4, 1));
    expect(await drain(second)).toEqual([...lines(0, 3), ...lines(4, 1)]);
    expect(logs().some((l) => /torn/.test(l.msg))).toBe(true);
    await second.close();
  });

  test('an unreadable cursor means delivering from the oldest segment (duplicates, never loss)', async () => {
    const first = await open();
    await first.append(lines(0, 6));
    await first.take(2);
    await first.ack();
    await first.close();
    writeFileSync(join(dir.dir, 'cursor.json'), 'garbage');
    const second = await open();
    expect(await drain(second)).toEqual(lines(0, 6));
    await second.close();
  });

  test('past maxBytes the oldest segments are deleted and their lines counted', async () => {
    const { logger, lines: logs } = memoryLogger();
    const spool = await open({ maxBytes: 300, segmentBytes: 100, logger });
    await spool.append(lines(0, 50));
    expect(spool.bytes).toBeLessThanOrEqual(300);
    expect(spool.events + spool.dropped).toBe(50);
    expect(spool.dropped).toBeGreaterThan(0);
    const rest = await drain(spool);
    expect(rest).toEqual(lines(50 - rest.length, rest.length));
    expect(logs().filter((l) => l.level === 50 && /over maxDiskBytes/.test(l.msg)).length).toBeGreaterThan(0);
    await spool.close();
  });

  test('a batch out for delivery when its segment is deleted counts as dropped only if it is not delivered', async () => {
    for (const delivered of [true, false]) {
      const spool = await open({ maxBytes: 300, segmentBytes: 100 });
      await spool.append(lines(0, 5));
      const out = await spool.take(2);
      await spool.append(lines(5, 30)); // pushes the head segment out
      const droppedWhileOut = spool.dropped;
      if (delivered) await spool.ack();
      else spool.release();
      expect(spool.dropped).toBe(droppedWhileOut + (delivered ? 0 : out.length));
      const rest = await drain(spool);
      expect(rest.length + spool.dropped + (delivered ? out.length : 0)).toBe(35);
      await spool.close();
      dir.remove();
      dir = tempDir('gatehouse-spool-');
    }
  });
});
