import type { Logger } from '../log/logger.js';
import type { DeadLetterFile } from './dead-letter.js';
import type { SiemEvent } from './events.js';
import type { Spool } from './spool.js';
import type { SendResult, SiemTransport } from './transport.js';
import { MemoryQueue } from './memory-queue.js';
import { settleWithin, Wake } from './wake.js';

export interface PipelineOptions {
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

interface Batch {
  lines: string[];
  /** Set when the batch came from memory: the events to put back if it is not delivered. */
  events: SiemEvent[] | undefined;
}

/** Events per spool append: bounds the synchronous encoding work between two awaits. */
const SPILL_CHUNK = 1_000;
/** Wait before retrying a spool write that failed (disk full, permissions). */
const DISK_RETRY_MS = 1_000;

/**
 * Delivery for one sink. `enqueue` only appends to an in-memory queue. One sender loop delivers in
 * batches, oldest first: from the spool while it holds anything, else from memory. Memory moves to the
 * spool when it passes `maxMemoryEvents` and whenever the sink is down, so a down sink costs disk, not
 * memory. Order holds because everything on disk is older than everything in memory: a memory batch is
 * taken only when the spool is empty and nothing is being written to it, and a spill does not start
 * while a memory batch is out (a batch that fails goes back to the front of memory, then to disk).
 * A failed attempt is retried with capped exponential backoff, each attempt doubling as the probe that
 * notices the sink is back.
 */
export class DeliveryPipeline {
  readonly #o: PipelineOptions;
  readonly #log: Logger;
  readonly #mem = new MemoryQueue<SiemEvent>();
  #memInFlight: SiemEvent[] | undefined;
  #spilling: Promise<void> | undefined;
  #spillingCount = 0;
  #spillWanted = false;
  #spillScheduled = false;
  #diskFailing = false;
  #down = false;
  #attempt = 0;
  #lastError: string | undefined;
  #batchLimit: number;
  #delivered = 0;
  #failed = 0;
  #dropped = 0;
  #retries = 0;
  #refusedAfterClose = 0;
  /** Ended by new events, a finished spill or shutdown. */
  readonly #idle = new Wake();
  /** Ended only by shutdown. */
  readonly #backoff = new Wake();
  #closing = false;
  #stopSending = false;
  #finished = false;
  #deliverUntil = Infinity;
  #closed: Promise<void> | undefined;
  readonly #abort = new AbortController();
  readonly #loop: Promise<void>;

  constructor(options: PipelineOptions) {
    this.#o = options;
    this.#log = options.logger;
    this.#batchLimit = options.batchSize;
    this.#loop = this.#run();
  }

  /** Queues one event: synchronous, constant time, never throws, never waits. */
  enqueue(event: SiemEvent): void {
    if (this.#closing) {
      this.#dropped++;
      // Powers of two: counted always, logged a few times.
      if ((++this.#refusedAfterClose & (this.#refusedAfterClose - 1)) === 0) {
        this.#log.error({ droppedEvents: this.#refusedAfterClose }, 'SIEM events arrived after the sink began closing: lost (close SIEM after the recorder)');
      }
      return;
    }
    this.#mem.push(event);
    const queued = this.#mem.size;
    if (this.#down || queued > this.#o.maxMemoryEvents) {
      if (this.#diskFailing && queued > 2 * this.#o.maxMemoryEvents) this.#dropOldestInMemory();
      this.#requestSpill();
    }
    this.#idle.wake();
  }

  stats(): SinkStats {
    return {
      up: !this.#down,
      memoryEvents: this.#mem.size + (this.#memInFlight?.length ?? 0) + this.#spillingCount,
      diskEvents: this.#o.spool.events,
      diskBytes: this.#o.spool.bytes,
      delivered: this.#delivered,
      failed: this.#failed,
      dropped: this.#dropped + this.#o.spool.dropped,
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
    this.#closing = true;
    this.#deliverUntil = start + timeoutMs / 2;
    this.#interrupt();
    await settleWithin(this.#loop, timeoutMs / 2);
    this.#stopSending = true;
    this.#abort.abort();
    this.#interrupt();
    await settleWithin(this.#loop, Math.max(0, start + timeoutMs - Date.now()));
    if (this.#memInFlight) {
      // The attempt outlived the deadline: keep the batch (it may arrive twice; never zero times).
      this.#mem.putBack(this.#memInFlight);
      this.#memInFlight = undefined;
    }
    if (this.#spilling) await this.#spilling;
    this.#finished = true;
    // Marked as the running spill, so no other one starts beside it.
    const last = this.#spill(this.#mem.size);
    this.#spilling = last;
    await last;
    this.#spilling = undefined;
    const left = this.#mem.size;
    if (left > 0) {
      this.#dropped += left;
      this.#log.error({ target: this.#o.transport.target, droppedEvents: left }, 'SIEM events still in memory at shutdown could not be written to the spool: lost');
    }
    await this.#o.spool.close().catch((err: unknown) => this.#log.warn({ err: describe(err) }, 'SIEM spool did not close cleanly'));
    await this.#o.transport.close().catch(() => undefined);
  }

  async #run(): Promise<void> {
    for (;;) {
      if (this.#stopSending) return;
      if (this.#closing && (this.#down || Date.now() >= this.#deliverUntil)) return;
      try {
        const batch = await this.#nextBatch();
        if (!batch) {
          if (this.#closing && !this.#spilling) return;
          // The timeout is a safety net only: every enqueue and every finished spill wakes the loop.
          await this.#idle.wait(1_000);
          continue;
        }
        const result: SendResult = batch.lines.length === 0 ? { kind: 'delivered' } : await this.#o.transport.send(batch.lines, this.#abort.signal);
        const retryInMs = await this.#settle(batch, result);
        if (retryInMs !== undefined && !this.#closing) await this.#backoff.wait(retryInMs);
      } catch (err) {
        // Spool I/O failed (not the sink): nothing was lost; wait, then try again.
        this.#log.error({ err: describe(err) }, 'SIEM delivery loop error; retrying');
        if (!this.#closing) await this.#backoff.wait(this.#o.retryMaxMs);
      }
    }
  }

  /** The oldest events not yet delivered: from the spool, else (when nothing is older) from memory. */
  async #nextBatch(): Promise<Batch | undefined> {
    const maxBytes = this.#o.transport.maxBatchBytes;
    // While closing, the spool keeps its events for the next start; only memory is worth sending.
    if (!this.#closing) {
      const lines = await this.#o.spool.take(this.#batchLimit, maxBytes);
      if (lines.length > 0) return { lines, events: undefined };
    }
    if (this.#spilling || this.#o.spool.events > 0 || this.#mem.size === 0) return undefined;
    const lines: string[] = [];
    const events: SiemEvent[] = [];
    let bytes = 0;
    for (let event = this.#mem.peek(); event && events.length < this.#batchLimit; event = this.#mem.peek()) {
      const line = this.#encode(event);
      if (line !== undefined) {
        const size = Buffer.byteLength(line) + 1;
        if (lines.length > 0 && bytes + size > maxBytes) break;
        lines.push(line);
        events.push(event);
        bytes += size;
      }
      this.#mem.shift();
    }
    this.#memInFlight = events;
    return { lines, events };
  }

  /** Books the outcome of one attempt; returns the delay before the next attempt when it must wait. */
  async #settle(batch: Batch, result: SendResult): Promise<number | undefined> {
    const n = batch.lines.length;
    if (result.kind === 'delivered') {
      this.#delivered += n;
      await this.#finish(batch);
      this.#markUp();
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
      this.#markDown(result.error);
      const ceiling = Math.min(this.#o.retryMaxMs, this.#o.retryBaseMs * 2 ** Math.min(this.#attempt++, 20));
      return ceiling / 2 + (Math.random() * ceiling) / 2;
    }
    // Poison (or one event too large): set aside so the queue behind it keeps moving.
    try {
      await this.#o.deadLetter.write(batch.lines);
    } catch (err) {
      this.#log.error({ err: describe(err), events: n }, 'SIEM dead-letter file not writable; keeping the batch and retrying');
      this.#release(batch);
      return this.#o.retryMaxMs;
    }
    this.#failed += n;
    this.#log.error({ target: this.#o.transport.target, events: n, error: result.error, deadLetter: this.#o.deadLetter.path }, 'SIEM sink refused a batch; moved to the dead-letter file');
    await this.#finish(batch);
    this.#markUp();
    return undefined;
  }

  /** The batch is settled for good: forget it. */
  async #finish(batch: Batch): Promise<void> {
    if (batch.events) {
      this.#memInFlight = undefined;
      this.#maybeSpill();
    } else {
      await this.#o.spool.ack().catch((err: unknown) => this.#log.warn({ err: describe(err) }, 'SIEM spool cursor not saved; a restart may resend one batch'));
    }
    this.#batchLimit = Math.min(this.#o.batchSize, this.#batchLimit * 2);
  }

  /** The batch was not delivered: it goes back to where it came from, ahead of everything else. */
  #release(batch: Batch): void {
    if (batch.events) {
      this.#mem.putBack(batch.events);
      this.#memInFlight = undefined;
      this.#maybeSpill();
    } else {
      this.#o.spool.release();
    }
  }

  #markDown(error: string): void {
    if (!this.#down) {
      this.#down = true;
      this.#log.warn({ target: this.#o.transport.target, error, memoryEvents: this.#mem.size, diskEvents: this.#o.spool.events }, 'SIEM sink unreachable; events are kept on disk until it is back');
    } else if (error !== this.#lastError || (this.#attempt >= 8 && (this.#attempt & (this.#attempt - 1)) === 0)) {
      // A changed error, and reminders at attempts 8, 16, 32... (minutes, then hours apart at the cap).
      this.#log.warn({ target: this.#o.transport.target, error, attempts: this.#attempt, memoryEvents: this.#mem.size, diskEvents: this.#o.spool.events }, 'SIEM sink still unreachable');
    }
    this.#lastError = error;
    this.#requestSpill();
  }

  #markUp(): void {
    this.#attempt = 0;
    if (!this.#down) return;
    this.#down = false;
    this.#lastError = undefined;
    this.#log.info({ target: this.#o.transport.target, retries: this.#retries, diskEvents: this.#o.spool.events }, 'SIEM sink is back; delivering the backlog');
  }

  #requestSpill(): void {
    this.#spillWanted = true;
    if (this.#spillScheduled) return;
    this.#spillScheduled = true;
    setImmediate(() => {
      this.#spillScheduled = false;
      this.#maybeSpill();
    });
  }

  /** Starts moving memory to disk, unless a spill is running or a memory batch is out (it may return). */
  #maybeSpill(): void {
    if (!this.#spillWanted || this.#spilling || this.#memInFlight || this.#finished) return;
    this.#spillWanted = false;
    const count = this.#mem.size;
    if (count === 0) return;
    this.#spilling = this.#spill(count).finally(() => {
      this.#spilling = undefined;
      this.#idle.wake();
      this.#maybeSpill();
    });
  }

  /** Writes the oldest `count` events in memory to the spool, in chunks. */
  async #spill(count: number): Promise<void> {
    for (let left = count; left > 0 && this.#mem.size > 0; ) {
      const events = this.#mem.take(Math.min(SPILL_CHUNK, left));
      left -= events.length;
      const lines: string[] = [];
      for (const event of events) {
        const line = this.#encode(event);
        if (line !== undefined) lines.push(line);
      }
      this.#spillingCount = events.length;
      try {
        await this.#o.spool.append(lines);
        if (this.#diskFailing) this.#log.info({ target: this.#o.transport.target }, 'SIEM spool is writable again');
        this.#diskFailing = false;
      } catch (err) {
        this.#mem.putBack(events);
        if (!this.#diskFailing) this.#log.error({ err: describe(err), memoryEvents: this.#mem.size }, 'SIEM spool write failed; holding events in memory (at most twice maxMemoryEvents) and retrying');
        this.#diskFailing = true;
        setTimeout(() => this.#requestSpill(), DISK_RETRY_MS).unref();
        return;
      } finally {
        this.#spillingCount = 0;
      }
    }
  }

  #encode(event: SiemEvent): string | undefined {
    try {
      return this.#o.transport.encode(event);
    } catch (err) {
      this.#failed++;
      this.#log.error({ err: describe(err), requestId: event.kind === 'checkpoint' ? undefined : event.record?.id, kind: event.kind }, 'SIEM event could not be encoded; skipped');
      return undefined;
    }
  }

  #dropOldestInMemory(): void {
    this.#mem.shift();
    this.#dropped++;
    // Powers of two keep a flood of drops to a few log lines.
    if ((this.#dropped & (this.#dropped - 1)) === 0) this.#log.error({ droppedTotal: this.#dropped }, 'SIEM spool unwritable and memory full: oldest events dropped');
  }

  /** Ends a backoff wait or an idle wait early (shutdown). */
  #interrupt(): void {
    this.#backoff.wake();
    this.#idle.wake();
  }
}

function describe(err: unknown): { name: string; code?: string } {
  const e = err as { name?: unknown; code?: unknown };
  return { name: typeof e?.name === 'string' ? e.name : 'Error', ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}
