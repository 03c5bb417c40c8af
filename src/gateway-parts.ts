import type { Logger } from './log/logger.js';

/**
 * One long-lived piece of the gateway (the store, the limit backend, the SIEM export, the HTTP listener...):
 * how to start it and how to undo that start. `close` gets what `start` returned; a part with nothing to
 * undo leaves it out. A `start` that fails half-way undoes its own half: only finished starts are closed.
 */
export interface Part<T> {
  readonly name: string;
  start(): Promise<T> | T;
  close?(started: T): Promise<void> | void;
}

/**
 * Starts parts one after another and closes the started ones in reverse order, the way a server unwinds
 * its listeners, workers and connections: last started, first closed. `close` runs once (a second call
 * gets the same promise), goes on past a part that fails to close (logged, so one error neither hides
 * another nor leaves the remaining parts running) and never rejects.
 */
export class Parts {
  readonly #logger: Logger;
  readonly #started: Array<{ name: string; close(): Promise<void> | void }> = [];
  #closing: Promise<void> | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Starts `part` after those already started and returns what its start returned. */
  async start<T>(part: Part<T>): Promise<T> {
    if (this.#closing) throw new Error(`gateway part "${part.name}" not started: the gateway is closing`);
    const started = await part.start();
    const close = part.close?.bind(part, started);
    if (close) this.#started.push({ name: part.name, close });
    return started;
  }

  /** Names of the started parts not yet closed, in start order. */
  get running(): string[] {
    return this.#started.map((part) => part.name);
  }

  /** Closes every started part, last started first. */
  close(): Promise<void> {
    this.#closing ??= this.#closeStarted();
    return this.#closing;
  }

  async #closeStarted(): Promise<void> {
    for (let part = this.#started.pop(); part; part = this.#started.pop()) {
      try {
        await part.close();
      } catch (err) {
        this.#logger.error(
          { part: part.name, err: { name: (err as Error)?.name, message: (err as Error)?.message } },
          'a gateway part failed to close; closing the others',
        );
      }
    }
  }
}

/**
 * Runs `build` with a fresh set of parts. When `build` throws (a part failed to start, or a step between
 * parts did), the parts already started are closed in reverse and the original error is rethrown unchanged,
 * so a caller still sees e.g. `EADDRINUSE` from a port in use.
 */
export async function startParts<T>(logger: Logger, build: (parts: Parts) => Promise<T>): Promise<T> {
  const parts = new Parts(logger);
  try {
    return await build(parts);
  } catch (err) {
    await parts.close();
    throw err;
  }
}
