import type { Logger } from '../log/logger.js';
import type { SiemEvent } from './events.js';
import type { MemoryQueue } from './memory-queue.js';
import type { Spool } from './spool.js';
import { describeError } from './transport.js';

/** Events per spool append: bounds the synchronous encoding work between two awaits. */
const SPILL_CHUNK = 1_000;
/** Wait before retrying a spool write that failed (disk full, permissions). */
const DISK_RETRY_MS = 1_000;

export interface SpillOptions {
  memory: MemoryQueue<SiemEvent>;
  spool: Spool;
  /** One event as a spool line; undefined when it cannot be encoded (the caller counts and logs it). */
  encode(event: SiemEvent): string | undefined;
  /**
   * False while no spill may start: a memory batch is out for delivery (if it fails, its events go back
   * to the front of memory, and they are older than anything a spill would write), or the sink is closing
   * for good.
   */
  mayStart(): boolean;
  /** Called after each spill ends, whether or not it wrote everything. */
  onSpilled(): void;
  /** For logs: where the sink sends events. */
  target: string;
  logger: Logger;
}

type SpillState =
  /** Nothing to write. */
  | { kind: 'idle' }
  /** Memory should move to disk at the next chance (`mayStart` said no, or the turn has not ended). */
  | { kind: 'wanted' }
  /** Moving events from memory to the spool; `again`: asked for once more meanwhile, so it runs again after. */
  | { kind: 'writing'; done: Promise<void>; again: boolean };

/**
 * Moves a sink's in-memory events to its spool, oldest first, one spill at a time. A request starts
 * the spill at the end of the turn, so a burst of enqueues costs one spill. When the spool cannot be
 * written (disk full, permissions), the events stay in memory and the write is retried every second;
 * `diskFailing` tells the sink to bound memory meanwhile.
 */
export class MemorySpill {
  readonly #memory: MemoryQueue<SiemEvent>;
  readonly #spool: Spool;
  readonly #options: SpillOptions;
  readonly #log: Logger;
  #state: SpillState = { kind: 'idle' };
  /** A start at the end of this turn is pending; requests meanwhile share it. */
  #startScheduled = false;
  #disk: 'writable' | 'failing' = 'writable';
  /** Events taken from memory for the append under way: counted as in memory until they are on disk. */
  #inTransit = 0;

  constructor(options: SpillOptions) {
    this.#memory = options.memory;
    this.#spool = options.spool;
    this.#options = options;
    this.#log = options.logger;
  }

  get running(): boolean {
    return this.#state.kind === 'writing';
  }

  /** Events out of memory and not yet on disk. */
  get inTransit(): number {
    return this.#inTransit;
  }

  /** The last spool write failed: memory is all there is until one succeeds. */
  get diskFailing(): boolean {
    return this.#disk === 'failing';
  }

  /** Asks for everything in memory to move to disk; constant time, never waits. */
  request(): void {
    if (this.#state.kind === 'writing') this.#state.again = true;
    else this.#state = { kind: 'wanted' };
    if (this.#startScheduled) return;
    this.#startScheduled = true;
    setImmediate(() => {
      this.#startScheduled = false;
      this.startIfWanted();
    });
  }

  /** Starts a requested spill now, unless one is running or `mayStart` says no (call again when it may). */
  startIfWanted(): void {
    if (this.#state.kind !== 'wanted' || !this.#options.mayStart()) return;
    const count = this.#memory.size;
    if (count === 0) {
      this.#state = { kind: 'idle' };
      return;
    }
    const done = this.#write(count).finally(() => {
      this.#state = this.#state.kind === 'writing' && this.#state.again ? { kind: 'wanted' } : { kind: 'idle' };
      this.#options.onSpilled();
      this.startIfWanted();
    });
    this.#state = { kind: 'writing', done, again: false };
  }

  /**
   * Shutdown: waits for a running spill, then writes all of memory to the spool. `mayStart` must already
   * say no, so that no other spill starts beside this one. Events that cannot be written stay in memory.
   */
  async flush(): Promise<void> {
    if (this.#state.kind === 'writing') await this.#state.done;
    const done = this.#write(this.#memory.size);
    this.#state = { kind: 'writing', done, again: false };
    await done;
    this.#state = { kind: 'idle' };
  }

  /** Writes the oldest `count` events in memory to the spool, in chunks. */
  async #write(count: number): Promise<void> {
    for (let left = count; left > 0 && this.#memory.size > 0; ) {
      const events = this.#memory.take(Math.min(SPILL_CHUNK, left));
      left -= events.length;
      const lines: string[] = [];
      for (const event of events) {
        const line = this.#options.encode(event);
        if (line !== undefined) lines.push(line);
      }
      this.#inTransit = events.length;
      try {
        await this.#spool.append(lines);
        if (this.#disk === 'failing') this.#log.info({ target: this.#options.target }, 'SIEM spool is writable again');
        this.#disk = 'writable';
      } catch (err) {
        this.#memory.putBack(events);
        if (this.#disk === 'writable')
          this.#log.error(
            { err: describeError(err), memoryEvents: this.#memory.size },
            'SIEM spool write failed; holding events in memory (at most twice maxMemoryEvents) and retrying',
          );
        this.#disk = 'failing';
        setTimeout(() => this.request(), DISK_RETRY_MS).unref();
        return;
      } finally {
        this.#inTransit = 0;
      }
    }
  }
}
