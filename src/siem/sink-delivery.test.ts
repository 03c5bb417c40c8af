import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DeadLetterFile } from './dead-letter.js';
import type { SiemEvent } from './events.js';
import { SinkDelivery } from './sink-delivery.js';
import { exampleExchange, memoryLogger, tempDir } from './siem.fixtures.js';
import { Spool } from './spool.js';
import type { SendResult, SiemTransport } from './transport.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('gatehouse-delivery-');
});
afterEach(() => dir.remove());

/** A transport whose answer the test sets; it records what was delivered. */
function scriptedTransport() {
  const delivered: string[] = [];
  let answer: SendResult = { kind: 'retry', error: 'ECONNREFUSED' };
  const transport: SiemTransport = {
    target: 'test://sink',
    maxBatchBytes: 1_000_000,
    encode(event) {
      const id = event.kind === 'checkpoint' ? event.checkpoint.to : event.record.id;
      if (id === 'ex-poison') throw new Error('cannot encode');
      return JSON.stringify({ id });
    },
    async send(lines) {
      if (answer.kind === 'delivered') delivered.push(...lines.map((l) => (JSON.parse(l) as { id: string }).id));
      return answer;
    },
    async close() {},
  };
  return { transport, delivered, setAnswer: (a: SendResult) => (answer = a) };
}

const event = (i: number): SiemEvent => ({ kind: 'exchange', record: exampleExchange(i) });

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('SinkDelivery', () => {
  test('when the spool cannot be written, memory holds twice maxMemoryEvents and the oldest beyond are dropped and counted', async () => {
    const { logger, lines } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const realAppend = spool.append.bind(spool);
    spool.append = async () => {
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    };
    const sink = scriptedTransport();
    const delivery = new SinkDelivery({
      transport: sink.transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 10,
      batchSize: 5,
      retryBaseMs: 5,
      retryMaxMs: 20,
      logger,
    });
    delivery.enqueue(event(0));
    await until(() => delivery.stats().retries > 0, 'sink seen down');
    for (let i = 1; i < 50; i++) delivery.enqueue(event(i));
    await until(() => lines().some((l) => /spool write failed/.test(l.msg)), 'disk failure logged');
    for (let i = 50; i < 60; i++) delivery.enqueue(event(i));
    const stats = delivery.stats();
    expect(stats.memoryEvents).toBeLessThanOrEqual(20);
    expect(stats.dropped).toBe(60 - stats.memoryEvents);
    expect(lines().some((l) => l.level === 50 && /memory full: oldest events dropped/.test(l.msg))).toBe(true);

    spool.append = realAppend;
    await until(() => delivery.stats().diskEvents === stats.memoryEvents, 'spilled once the disk is back');
    sink.setAnswer({ kind: 'delivered' });
    await until(() => sink.delivered.length === stats.memoryEvents, 'delivered');
    expect(sink.delivered).toEqual(Array.from({ length: stats.memoryEvents }, (_, k) => exampleExchange(60 - stats.memoryEvents + k).id));
    await delivery.close(100);
  });

  test('an event that cannot be encoded is counted as failed; the others go on', async () => {
    const { logger } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const sink = scriptedTransport();
    sink.setAnswer({ kind: 'delivered' });
    const delivery = new SinkDelivery({
      transport: sink.transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 10,
      batchSize: 5,
      retryBaseMs: 5,
      retryMaxMs: 20,
      logger,
    });
    delivery.enqueue(event(1));
    delivery.enqueue({ kind: 'exchange', record: exampleExchange(2, { id: 'ex-poison' }) });
    delivery.enqueue(event(3));
    await until(() => sink.delivered.length === 2, 'delivered');
    expect(sink.delivered).toEqual(['ex-00001', 'ex-00003']);
    expect(delivery.stats()).toMatchObject({ failed: 1, delivered: 2 });
    await delivery.close(100);
  });

  test('a send that outlives the shutdown deadline is aborted and its batch kept on disk', async () => {
    const { logger } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const transport: SiemTransport = {
      target: 'test://hang',
      maxBatchBytes: 1_000_000,
      encode: (e) => JSON.stringify({ id: e.kind === 'checkpoint' ? e.checkpoint.to : e.record.id }),
      send: (_lines, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({ kind: 'retry', error: 'aborted' }))),
      async close() {},
    };
    const delivery = new SinkDelivery({
      transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 10,
      batchSize: 5,
      retryBaseMs: 5,
      retryMaxMs: 20,
      logger,
    });
    for (let i = 0; i < 3; i++) delivery.enqueue(event(i));
    await new Promise((r) => setTimeout(r, 20));
    await delivery.close(100);
    expect(delivery.stats()).toMatchObject({ delivered: 0, dropped: 0, memoryEvents: 0, diskEvents: 3 });
    const reopened = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    expect((await reopened.take(10)).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['ex-00000', 'ex-00001', 'ex-00002']);
    await reopened.close();
  });

  test('close during a backoff ends the wait at once, attempts nothing more while the sink is down, and keeps every event on disk', async () => {
    const { logger } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const sink = scriptedTransport();
    let sends = 0;
    const send = sink.transport.send.bind(sink.transport);
    sink.transport.send = (lines, signal) => {
      sends++;
      return send(lines, signal);
    };
    // A backoff far past the test's timeout: close must end it, not wait for it.
    const delivery = new SinkDelivery({
      transport: sink.transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 10,
      batchSize: 5,
      retryBaseMs: 600_000,
      retryMaxMs: 600_000,
      logger,
    });
    for (let i = 0; i < 3; i++) delivery.enqueue(event(i));
    await until(() => delivery.stats().retries === 1 && delivery.stats().diskEvents === 3, 'down, backing off, spilled');
    delivery.enqueue(event(3));
    delivery.enqueue(event(4));
    await delivery.close(60_000);
    expect(sends).toBe(1);
    expect(delivery.stats()).toMatchObject({ up: false, delivered: 0, dropped: 0, memoryEvents: 0, diskEvents: 5 });
    const reopened = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    expect((await reopened.take(10)).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 5 }, (_, k) => exampleExchange(k).id));
    await reopened.close();
  });

  test('no spill starts while a memory batch is out: a batch that fails goes to disk ahead of the events queued behind it', async () => {
    const { logger } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const answers: Array<(result: SendResult) => void> = [];
    const transport: SiemTransport = {
      target: 'test://held',
      maxBatchBytes: 1_000_000,
      encode: (e) => JSON.stringify({ id: e.kind === 'checkpoint' ? e.checkpoint.to : e.record.id }),
      send: () => new Promise((resolve) => answers.push(resolve)),
      async close() {},
    };
    const delivery = new SinkDelivery({
      transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 5,
      batchSize: 3,
      retryBaseMs: 600_000,
      retryMaxMs: 600_000,
      logger,
    });
    for (let i = 0; i < 3; i++) delivery.enqueue(event(i));
    await until(() => answers.length === 1, 'first batch out');
    // Past maxMemoryEvents: a spill is asked for while the batch is out.
    for (let i = 3; i < 13; i++) delivery.enqueue(event(i));
    await new Promise((r) => setImmediate(r));
    expect(delivery.stats()).toMatchObject({ memoryEvents: 13, diskEvents: 0 });
    answers[0]!({ kind: 'retry', error: 'ECONNRESET' });
    await until(() => delivery.stats().diskEvents === 13, 'spilled after the batch came back');
    await delivery.close(1_000);
    const reopened = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    expect((await reopened.take(100)).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 13 }, (_, k) => exampleExchange(k).id));
    await reopened.close();
  });

  test('a memory batch whose send ignores the abort is put back and spooled at close; its late outcome is not booked again', async () => {
    const { logger } = memoryLogger();
    const spool = await Spool.open(dir.dir, { maxBytes: 1024 * 1024, logger });
    const answers: Array<(result: SendResult) => void> = [];
    const transport: SiemTransport = {
      target: 'test://deaf',
      maxBatchBytes: 1_000_000,
      encode: (e) => JSON.stringify({ id: e.kind === 'checkpoint' ? e.checkpoint.to : e.record.id }),
      send: () => new Promise((resolve) => answers.push(resolve)),
      async close() {},
    };
    const delivery = new SinkDelivery({
      transport,
      spool,
      deadLetter: new DeadLetterFile(dir.dir, 1 << 20),
      maxMemoryEvents: 10,
      batchSize: 5,
      retryBaseMs: 5,
      retryMaxMs: 20,
      logger,
    });
    for (let i = 0; i < 3; i++) delivery.enqueue(event(i));
    await until(() => answers.length === 1, 'batch out');
    await delivery.close(50);
    expect(delivery.stats()).toMatchObject({ memoryEvents: 0, diskEvents: 3, delivered: 0 });
    answers[0]!({ kind: 'retry', error: 'late' });
    await new Promise((r) => setImmediate(r));
    expect(delivery.stats()).toMatchObject({ memoryEvents: 0, diskEvents: 3, delivered: 0, retries: 0 });
  });
});
