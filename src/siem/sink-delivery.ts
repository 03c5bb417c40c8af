import type { Logger } from '../log/logger.js';
import type { DeadLetterFile } from './dead-letter.js';
import type { SiemEvent } from './events.js';
import { InterruptibleSleep, settleWithin } from './interruptible-sleep.js';
import { MemoryQueue } from './memory-queue.js';
import { SinkHealth } from './sink-health.js';
import { MemorySpill } from './spill.js';
import type { Spool } from './spool.js';
import { describeError, type SendResult, type SiemTransport } from './transport.js';

export interface SinkDeliveryOptions {
  transport: SiemTransport;
  spool: Spool;
  deadLetter: DeadLetterFile;
  /** Past this many events in memory, memory is moved to the spool. */
  maxMemoryEvents: number;
  batchSize: number;
  /** First retry delay while the sink is down; doubles per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  logger: Logger;
}

/** Counters and gauges of one sink, for metrics and the admin API. */
export interface SinkStats {
  /** False from a failed delivery attempt until the next successful one. */
  up: boolean;
  /** Events in memory, including a batch out for delivery or on its way to disk. */
  memoryEvents: number;
  /** Undelivered events in the spool directory, and the bytes of its segment files. */
  diskEvents: number;
  diskBytes: number;
  delivered: number;
  /** Events the sink refused as malformed (now in the dead-letter file), or that could not be encoded. */
  failed: number;
  /** Events lost: deleted by the disk cap, or left in memory when the disk could not take them. */
  dropped: number;
  /** Failed delivery attempts. */
  retries: number;
}

/** One batch out for delivery. A memory batch carries its events, to put back in front if it is not delivered. */
type Batch = { source: 'spool'; lines: string[] } | { source: 'memory'; lines: string[]; events: SiemEvent[] };

/** Where the sink is in its life. Only `close` moves it, and only forward. */
type Phase =
  | { kind: 'open' }
  /** New events are refused; memory is still delivered while the sink is up and the spool empty, until `until`. */
  | { kind: 'draining'; until: number }
  /** The drain time is over: the attempt out is aborted and the sender loop returns. */
  | { kind: 'stopping' }
  /** What is left in memory is written to the spool; no other spill starts. */
  | { kind: 'flushing' }
  | { kind: 'closed' };

/** What the one sender loop is doing. */
type Sender =
  /** Nothing to send: sleeps until an enqueue, a finished spill or close interrupts it. */
  | { kind: 'idle' }
  /** Taking the next batch, or between attempts. */
  | { kind: 'busy' }
  /** A batch is out, or its outcome is being booked. No spill starts while it is a memory batch. */
  | { kind: 'sending'; batch: Batch }
  /** Waiting after a failed attempt; only close ends the wait early. */
  | { kind: 'backoff' }
  /** The loop has returned, or close took its memory batch back and ignores the attempt's late outcome. */
  | { kind: 'stopped' };

const NOTHING_TO_SEND: SendResult = { kind: 'delivered' };

/**
 * Delivery for one sink. `enqueue` only appends to an in-memory queue. One sender loop delivers in
 * batches, oldest first: from the spool while it holds anything, else from memory. Memory moves to the
 * spool (`MemorySpill`) when it passes `maxMemoryEvents` and whenever the sink is down, so a down sink
 * costs disk, not memory. Order holds because everything on disk is older than everything in memory: a
 * memory batch is taken only when the spool is empty and no spill is running, and a spill does not start
 * while a memory batch is out (a batch that fails goes back to the front of memory, then to disk).
 * A failed attempt is retried with capped exponential backoff, each attempt doubling as the probe that
 * notices the sink is back. Its state is the `Phase` of its life and what the `Sender` loop is doing;
 * `MemorySpill` and `SinkHealth` keep theirs.
 */
export class SinkDelivery {
  readonly #transport: SiemTransport;
  readonly #spool: Spool;
  readonly #options: SinkDeliveryOptions;
  readonly #log: Logger;
  readonly #memory = new MemoryQueue<SiemEvent>();
  readonly #spill: MemorySpill;
  readonly #health: SinkHealth;
  #phase: Phase = { kind: 'open' };
  #sender: Sender = { kind: 'busy' };
  /** Halved on 413, doubled back per settled batch up to batchSize. */
  #batchLimit: number;
  #delivered = 0;
  #failed = 0;
  #dropped = 0;
  #retries = 0;
  #refusedAfterClose = 0;
  readonly #sleep = new InterruptibleSleep();
  readonly #abort = new AbortController();
  #closed: Promise<void> | undefined;
  readonly #loop: Promise<void>;

  constructor(options: SinkDeliveryOptions) {
    this.#transport = options.transport;
    this.#spool = options.spool;
    this.#options = options;
    this.#log = options.logger;
    this.#batchLimit = options.batchSize;
    this.#health = new SinkHealth(options.transport.target, options);
    this.#spill = new MemorySpill({
      memory: this.#memory,
      spool: options.spool,
      encode: (event) => this.#encode(event),
      mayStart: () => !this.#memoryBatchOut() && this.#phase.kind !== 'flushing' && this.#phase.kind !== 'closed',
      onSpilled: () => this.#wakeIfIdle(),
      target: options.transport.target,
      logger: options.logger,
    });
    this.#loop = this.#run();
  }

  /** Queues one event: synchronous, constant time, never throws, never waits. */
  enqueue(event: SiemEvent): void {
    if (this.#phase.kind !== 'open') {
      this.#dropped++;
      // Powers of two: counted always, logged a few times.
      if ((++this.#refusedAfterClose & (this.#refusedAfterClose - 1)) === 0) {
        this.#log.error({ droppedEvents: this.#refusedAfterClose }, 'SIEM events arrived after the sink began closing: lost (close SIEM after the recorder)');
      }
      return;
    }
    this.#memory.push(event);
    const queued = this.#memory.size;
    if (!this.#health.up || queued > this.#options.maxMemoryEvents) {
      if (this.#spill.diskFailing && queued > 2 * this.#options.maxMemoryEvents) this.#dropOldestInMemory();
      this.#spill.request();
    }
    this.#wakeIfIdle();
  }

  stats(): SinkStats {
    const out = this.#sender.kind === 'sending' && this.#sender.batch.source === 'memory' ? this.#sender.batch.events.length : 0;
    return {
      up: this.#health.up,
      memoryEvents: this.#memory.size + out + this.#spill.inTransit,
      diskEvents: this.#spool.events,
      diskBytes: this.#spool.bytes,
      delivered: this.#delivered,
      failed: this.#failed,
      dropped: this.#dropped + this.#spool.dropped,
      retries: this.#retries,
    };
  }

  /**
   * Stops accepting events, delivers from memory for up to half of `timeoutMs` while the sink is up
   * and the spool empty, then writes what is left in memory to the spool (the next start delivers it)
   * and closes the transport. Events enqueued after this are refused and counted as dropped.
   */
  close(timeoutMs: number): Promise<void> {
    this.#closed ??= this.#shutdown(timeoutMs);
    return this.#closed;
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    const start = Date.now();
    this.#phase = { kind: 'draining', until: start + timeoutMs / 2 };
    this.#sleep.interrupt();
    await settleWithin(this.#loop, timeoutMs / 2);
    this.#phase = { kind: 'stopping' };
    this.#abort.abort();
    this.#sleep.interrupt();
    await settleWithin(this.#loop, Math.max(0, start + timeoutMs - Date.now()));
    if (this.#sender.kind === 'sending' && this.#sender.batch.source === 'memory') {
      // The attempt outlived the deadline: keep the batch (it may arrive twice; never zero times).
      this.#memory.putBack(this.#sender.batch.events);
      this.#sender = { kind: 'stopped' };
    }
    this.#phase = { kind: 'flushing' };
    await this.#spill.flush();
    const left = this.#memory.size;
    if (left > 0) {
      this.#dropped += left;
      this.#log.error(
        { target: this.#transport.target, droppedEvents: left },
        'SIEM events still in memory at shutdown could not be written to the spool: lost',
      );
    }
    await this.#spool.close().catch((err: unknown) => this.#log.warn({ err: describeError(err) }, 'SIEM spool did not close cleanly'));
    await this.#transport.close().catch(() => undefined);
    this.#phase = { kind: 'closed' };
  }

  async #run(): Promise<void> {
    while (this.#maySend()) {
      this.#sender = { kind: 'busy' };
      try {
        const batch = await this.#takeBatch();
        if (!batch) {
          if (this.#phase.kind !== 'open' && !this.#spill.running) break;
          this.#sender = { kind: 'idle' };
          // The timeout is a safety net only: every enqueue and every finished spill interrupts it.
          await this.#sleep.sleep(1_000);
          continue;
        }
        const result = batch.lines.length === 0 ? NOTHING_TO_SEND : await this.#transport.send(batch.lines, this.#abort.signal);
        if (this.#abandoned()) return;
        const retryInMs = await this.#settle(batch, result);
        if (retryInMs !== undefined && this.#phase.kind === 'open') await this.#backoff(retryInMs);
      } catch (err) {
        // Spool I/O failed (not the sink): nothing was lost; wait, then try again.
        this.#log.error({ err: describeError(err) }, 'SIEM delivery loop error; retrying');
        if (this.#phase.kind === 'open') await this.#backoff(this.#options.retryMaxMs);
      }
    }
    this.#sender = { kind: 'stopped' };
  }

  /** Open: always. Draining: while the sink is up and the drain time lasts. Later: never. */
  #maySend(): boolean {
    const phase = this.#phase;
    if (phase.kind === 'open') return true;
    return phase.kind === 'draining' && this.#health.up && Date.now() < phase.until;
  }

  /**
   * The oldest events not yet delivered, from the spool, else (when nothing is older) from memory; the
   * sender is `sending` it from here, so that no spill starts before the caller resumes.
   */
  async #takeBatch(): Promise<Batch | undefined> {
    const maxBytes = this.#transport.maxBatchBytes;
    // While closing, the spool keeps its events for the next start; only memory is worth sending.
    if (this.#phase.kind === 'open') {
      const lines = await this.#spool.take(this.#batchLimit, maxBytes);
      if (lines.length > 0) return this.#sending({ source: 'spool', lines });
    }
    if (this.#spill.running || this.#spool.events > 0 || this.#memory.size === 0) return undefined;
    const lines: string[] = [];
    const events: SiemEvent[] = [];
    let bytes = 0;
    for (let event = this.#memory.peek(); event && events.length < this.#batchLimit; event = this.#memory.peek()) {
      const line = this.#encode(event);
      if (line !== undefined) {
        const size = Buffer.byteLength(line) + 1;
        if (lines.length > 0 && bytes + size > maxBytes) break;
        lines.push(line);
        events.push(event);
        bytes += size;
      }
      this.#memory.shift();
    }
    return this.#sending({ source: 'memory', lines, events });
  }

  #sending(batch: Batch): Batch {
    this.#sender = { kind: 'sending', batch };
    return batch;
  }

  /** Books the outcome of one attempt; returns the delay before the next attempt when it must wait. */
  async #settle(batch: Batch, result: SendResult): Promise<number | undefined> {
    const n = batch.lines.length;
    if (result.kind === 'delivered') {
      this.#delivered += n;
      await this.#finish(batch);
      this.#health.succeeded({ retries: this.#retries, diskEvents: this.#spool.events });
      return undefined;
    }
    if (result.kind === 'too_large' && n > 1) {
      this.#batchLimit = Math.max(1, Math.floor(n / 2));
      this.#release(batch);
      return undefined;
    }
    if (result.kind === 'retry') {
      this.#retries++;
      this.#release(batch);
      this.#spill.request();
      return this.#health.failed(result.error, { memoryEvents: this.#memory.size, diskEvents: this.#spool.events });
    }
    // Poison (or one event too large): set aside so the queue behind it keeps moving.
    try {
      await this.#options.deadLetter.write(batch.lines);
    } catch (err) {
      this.#log.error({ err: describeError(err), events: n }, 'SIEM dead-letter file not writable; keeping the batch and retrying');
      this.#release(batch);
      return this.#options.retryMaxMs;
    }
    this.#failed += n;
    this.#log.error(
      { target: this.#transport.target, events: n, error: result.error, deadLetter: this.#options.deadLetter.path },
      'SIEM sink refused a batch; moved to the dead-letter file',
    );
    await this.#finish(batch);
    this.#health.succeeded({ retries: this.#retries, diskEvents: this.#spool.events });
    return undefined;
  }

  /** The batch is settled for good: forget it. */
  async #finish(batch: Batch): Promise<void> {
    if (batch.source === 'memory') {
      this.#sender = { kind: 'busy' };
      this.#spill.startIfWanted();
    } else {
      await this.#spool
        .ack()
        .catch((err: unknown) => this.#log.warn({ err: describeError(err) }, 'SIEM spool cursor not saved; a restart may resend one batch'));
    }
    this.#batchLimit = Math.min(this.#options.batchSize, this.#batchLimit * 2);
  }

  /** The batch was not delivered: it goes back to where it came from, ahead of everything else. */
  #release(batch: Batch): void {
    if (batch.source === 'memory') {
      this.#memory.putBack(batch.events);
      this.#sender = { kind: 'busy' };
      this.#spill.startIfWanted();
    } else {
      this.#spool.release();
    }
  }

  async #backoff(ms: number): Promise<void> {
    this.#sender = { kind: 'backoff' };
    await this.#sleep.sleep(ms);
  }

  #wakeIfIdle(): void {
    if (this.#sender.kind === 'idle') this.#sleep.interrupt();
  }

  /** Close took the memory batch back after the deadline; the attempt's late outcome is not booked. */
  #abandoned(): boolean {
    return this.#sender.kind === 'stopped';
  }

  #memoryBatchOut(): boolean {
    return this.#sender.kind === 'sending' && this.#sender.batch.source === 'memory';
  }

  #encode(event: SiemEvent): string | undefined {
    try {
      return this.#transport.encode(event);
    } catch (err) {
      this.#failed++;
      this.#log.error(
        { err: describeError(err), requestId: event.kind === 'checkpoint' ? undefined : event.record?.id, kind: event.kind },
        'SIEM event could not be encoded; skipped',
      );
      return undefined;
    }
  }

  #dropOldestInMemory(): void {
    this.#memory.shift();
    this.#dropped++;
    // Powers of two keep a flood of drops to a few log lines.
    if ((this.#dropped & (this.#dropped - 1)) === 0)
      this.#log.error({ droppedTotal: this.#dropped }, 'SIEM spool unwritable and memory full: oldest events dropped');
  }
}
