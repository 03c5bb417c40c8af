import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../log/logger.js';
import type { SiemEvent } from './events.js';
import { MemoryQueue } from './memory-queue.js';
import { exampleExchange, tempDir } from './siem.fixtures.js';
import { MemorySpill } from './spill.js';
import { Spool } from './spool.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('gatehouse-spill-');
});
afterEach(() => dir.remove());

const event = (i: number): SiemEvent => ({ kind: 'exchange', record: exampleExchange(i) });
const idOf = (e: SiemEvent): string => (e.kind === 'checkpoint' ? String(e.checkpoint.to) : e.record.id);
const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, k) => exampleExchange(from + k).id);

/** A spill over a real spool whose first append waits until the test opens the gate. */
async function gatedSpill() {
  const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger: silentLogger() });
  const realAppend = spool.append.bind(spool);
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let appends = 0;
  spool.append = async (lines) => {
    if (++appends === 1) await gate;
    return realAppend(lines);
  };
  const memory = new MemoryQueue<SiemEvent>();
  const control = { mayStart: true, spilled: 0 };
  const spill = new MemorySpill({
    memory,
    spool,
    encode: (e) => idOf(e),
    mayStart: () => control.mayStart,
    onSpilled: () => void control.spilled++,
    target: 'test://sink',
    logger: silentLogger(),
  });
  const onDisk = async (): Promise<string[]> => {
    await spool.close();
    const reopened = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger: silentLogger() });
    const lines = await reopened.take(1_000);
    await reopened.close();
    return lines;
  };
  return { spool, memory, spill, control, openGate, appends: () => appends, onDisk };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('MemorySpill', () => {
  test('a requested spill waits while mayStart says no, and startIfWanted starts it once it may', async () => {
    const s = await gatedSpill();
    s.openGate();
    for (let i = 0; i < 4; i++) s.memory.push(event(i));
    s.control.mayStart = false;
    s.spill.request();
    await new Promise((r) => setImmediate(r));
    expect(s.spill.running).toBe(false);
    expect(s.memory.size).toBe(4);

    s.control.mayStart = true;
    s.spill.startIfWanted();
    expect(s.spill.running).toBe(true);
    await until(() => s.control.spilled === 1, 'spilled');
    expect(s.memory.size).toBe(0);
    expect(await s.onDisk()).toEqual(ids(0, 4));
  });

  test('a request while a spill is writing runs once more after it; events in transit count until they are on disk', async () => {
    const s = await gatedSpill();
    for (let i = 0; i < 3; i++) s.memory.push(event(i));
    s.spill.request();
    await until(() => s.appends() === 1, 'first append under way');
    expect(s.spill.inTransit).toBe(3);
    for (let i = 3; i < 5; i++) s.memory.push(event(i));
    s.spill.request();
    s.openGate();
    await until(() => s.control.spilled === 2, 'second spill done');
    expect(s.spill.inTransit).toBe(0);
    expect(await s.onDisk()).toEqual(ids(0, 5));
  });

  test('flush waits for the spill under way, then writes the rest of memory after it', async () => {
    const s = await gatedSpill();
    for (let i = 0; i < 3; i++) s.memory.push(event(i));
    s.spill.request();
    await until(() => s.appends() === 1, 'first append under way');
    for (let i = 3; i < 6; i++) s.memory.push(event(i));
    s.control.mayStart = false;
    const flushed = s.spill.flush();
    s.openGate();
    await flushed;
    expect(s.memory.size).toBe(0);
    expect(s.spill.running).toBe(false);
    expect(await s.onDisk()).toEqual(ids(0, 6));
  });
});
