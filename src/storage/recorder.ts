import type { Logger } from '../log/logger.js';
import type { ContentRow } from './content-repository.js';
import type { Store } from './store.js';
import type { ExchangeRecord } from '../core/record.js';

export interface RecorderOptions {
  /** Most records per transaction. */
  batchSize: number;
  /** Longest a record waits in memory before its batch is written. */
  flushIntervalMs: number;
  logger: Logger;
  /** Records held in memory at most (including the batch being written); past it, records are dropped and counted. */
  maxQueue?: number;
  /** Attempts per batch before its records count as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface RecorderStats {
  written: number;
  /** Records whose batch still failed after maxAttempts. */
  failed: number;
  /** Records refused because the queue was full or the recorder closed. */
  dropped: number;
  /** Records accepted but not yet written or failed, including the batch in flight. */
  queued: number;
}

/** Records written in one transaction, and the callers waiting for that commit. */
interface Batch {
  records: ExchangeRecord[];
  /** Stored content of some of the records, written in the same transaction. */
  contents: ContentRow[];
  durable: Array<(written: boolean) => void> | undefined;
}

interface FlushWaiter {
  /** Resolve once this many accepted records are settled. */
  target: number;
  resolve: () => void;
}

/**
 * Writes exchange records with group commit: one transaction in flight at a time, and every record that
 * arrives while it runs joins the next one. `record()` only appends to memory (fire and forget): its batch
 * is written when it fills or `flushIntervalMs` after its first record. `recordDurable()` resolves once
 * the record's transaction has committed, and starts a write on the next turn of the event loop, so
 * records finishing together share one commit. Whatever piled up during a write goes out right after it.
 * Failed writes are retried with capped backoff. Logs carry counts, ids and error codes, never content.
 */
export class Recorder {
  readonly #store: Store;
  readonly #log: Logger;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxQueue: number;
  readonly #maxAttempts: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  /** Full batches first, the one being filled last; the batch in flight is already shifted out. */
  readonly #batches: Batch[] = [];
  #immediate: NodeJS.Immediate | undefined;
  #accepted = 0;
  #written = 0;
  #failed = 0;
  #dropped = 0;
  #droppedUnreported = 0;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #waiters: FlushWaiter[] = [];
  readonly #listeners: Array<(records: readonly ExchangeRecord[]) => void> = [];
  #closed = false;

  constructor(store: Store, options: RecorderOptions) {
    this.#store = store;
    this.#log = options.logger;
    this.#batchSize = options.batchSize;
    this.#flushIntervalMs = options.flushIntervalMs;
    this.#maxQueue = options.maxQueue ?? 100_000;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#retryBaseMs = options.retryBaseMs ?? 100;
    this.#retryMaxMs = options.retryMaxMs ?? 5_000;
  }

  /** Queues one record; synchronous and allocation-light, safe on the request path. */
  record(rec: ExchangeRecord, content?: ContentRow): void {
    if (!this.#enqueue(rec, content)) return;
    if (this.#draining) return;
    if (this.#batches[0]!.records.length >= this.#batchSize) this.#startDrain();
    else this.#timer ??= setTimeout(() => this.#startDrain(), this.#flushIntervalMs).unref();
  }

  /**
   * Queues one record and resolves true once it is committed (false when it was dropped or its write
   * failed for good). Responses wait on this, so a client never sees an answer whose record is lost.
   */
  recordDurable(rec: ExchangeRecord, content?: ContentRow): Promise<boolean> {
    const batch = this.#enqueue(rec, content);
    if (!batch) return Promise.resolve(false);
    const done = new Promise<boolean>((resolve) => (batch.durable ??= []).push(resolve));
    if (!this.#draining) this.#immediate ??= setImmediate(() => this.#startDrain());
    return done;
  }

  /** Appends to the batch being filled; undefined (and counted as dropped) when refused. */
  #enqueue(rec: ExchangeRecord, content: ContentRow | undefined): Batch | undefined {
    if (this.#closed || this.#queued() >= this.#maxQueue) {
      this.#drop();
      return undefined;
    }
    let tail = this.#batches.at(-1);
    if (tail && tail.records.length < this.#batchSize) tail.records.push(rec);
    else this.#batches.push((tail = { records: [rec], contents: [], durable: undefined }));
    if (content) tail.contents.push(content);
    this.#accepted++;
    return tail;
  }

  /** Resolves when every record accepted so far is written or has definitively failed. */
  flush(): Promise<void> {
    const target = this.#accepted;
    if (this.#settled() >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.#waiters.push({ target, resolve }));
    this.#startDrain();
    return done;
  }

  /** Refuses further records (counted as dropped), then flushes. Leaves the store open. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Calls `listener` with every batch right after it commits, in commit order: metrics, traces and SIEM
   * sinks see exactly what the trail holds. Listeners must be quick and must not throw (a throw is
   * logged and ignored); anything slow belongs behind the listener's own queue.
   */
  onCommitted(listener: (records: readonly ExchangeRecord[]) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  stats(): RecorderStats {
    return { written: this.#written, failed: this.#failed, dropped: this.#dropped, queued: this.#queued() };
  }

  #queued(): number {
    return this.#accepted - this.#settled();
  }

  #settled(): number {
    return this.#written + this.#failed;
  }

  #startDrain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    this.#draining ??= this.#drain();
  }

  async #drain(): Promise<void> {
    for (let batch = this.#batches.shift(); batch; batch = this.#batches.shift()) {
      const written = await this.#writeWithRetry(batch.records, batch.contents);
      if (written) this.#written += batch.records.length;
      else this.#failed += batch.records.length;
      if (written) this.#publish(batch.records);
      for (const resolve of batch.durable ?? []) resolve(written);
      this.#reportDrops();
      this.#wakeWaiters();
    }
    this.#draining = undefined;
  }

  /** Returns whether the batch was written; never throws. */
  async #writeWithRetry(batch: ExchangeRecord[], contents: ContentRow[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#store.insertExchanges(batch, contents);
        if (attempt > 1) this.#log.info({ records: batch.length, attempt }, 'exchange batch written after retry');
        return true;
      } catch (err) {
        const error = describeError(err);
        if (attempt >= this.#maxAttempts) {
          // Ids let an operator tell which exchanges are missing; capped so one line stays readable.
          const ids = batch.slice(0, 50).map((r) => r.id);
          this.#log.error({ err: error, records: batch.length, attempts: attempt, ids }, 'exchange batch failed for good: records lost');
          return false;
        }
        const retryInMs = Math.min(this.#retryMaxMs, this.#retryBaseMs * 2 ** (attempt - 1));
        this.#log.warn({ err: error, records: batch.length, attempt, retryInMs }, 'exchange batch write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryInMs).unref());
      }
    }
  }

  #publish(records: readonly ExchangeRecord[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(records);
      } catch (err) {
        this.#log.error({ err: describeError(err) }, 'a committed-records listener threw; ignored');
      }
    }
  }

  #drop(): void {
    if (this.#droppedUnreported === 0) {
      const why = this.#closed ? 'recorder is closed' : `queue is full (${this.#maxQueue} records)`;
      this.#log.error({ maxQueue: this.#maxQueue, dropped: this.#dropped + 1 }, `dropping exchange records: ${why}`);
    }
    this.#dropped++;
    this.#droppedUnreported++;
  }

  /** One summary line per episode of drops, so a full queue is loud without a line per record. */
  #reportDrops(): void {
    if (this.#droppedUnreported === 0 || this.#queued() >= this.#maxQueue) return;
    this.#log.error({ dropped: this.#droppedUnreported, droppedTotal: this.#dropped }, 'exchange records were dropped while the queue was full');
    this.#droppedUnreported = 0;
  }

  #wakeWaiters(): void {
    const settled = this.#settled();
    const ready = this.#waiters.filter((w) => w.target <= settled);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.target > settled);
    for (const waiter of ready) waiter.resolve();
  }
}

/** Name, driver code and message only: pg errors carry `detail`/`where` fields that can echo row values. */
function describeError(err: unknown): { name: string; code?: string; message: string } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: err.message };
}
