import type { Logger } from '../log/logger.js';

type Health =
  | { kind: 'up' }
  /** `attempts`: failed attempts in a row; `error`: the last one's. */
  | { kind: 'down'; attempts: number; error: string };

/**
 * Whether a sink takes deliveries, as the last attempt found it, and how long to wait before the next
 * attempt while it does not: capped exponential backoff with jitter, from `retryBaseMs` doubling up to
 * `retryMaxMs`. Logs when the sink goes down, when it is still down (a changed error, and reminders at
 * attempts 8, 16, 32...: minutes, then hours apart at the cap) and when it is back.
 */
export class SinkHealth {
  #state: Health = { kind: 'up' };
  readonly #target: string;
  readonly #log: Logger;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;

  constructor(target: string, options: { retryBaseMs: number; retryMaxMs: number; logger: Logger }) {
    this.#target = target;
    this.#log = options.logger;
    this.#retryBaseMs = options.retryBaseMs;
    this.#retryMaxMs = options.retryMaxMs;
  }

  get up(): boolean {
    return this.#state.kind === 'up';
  }

  /** Books a failed attempt; returns the wait before the next one. */
  failed(error: string, backlog: { memoryEvents: number; diskEvents: number }): number {
    const state = this.#state;
    const attempts = state.kind === 'down' ? state.attempts : 0;
    if (state.kind === 'up') {
      this.#log.warn({ target: this.#target, error, ...backlog }, 'SIEM sink unreachable; events are kept on disk until it is back');
    } else if (error !== state.error || (attempts >= 8 && (attempts & (attempts - 1)) === 0)) {
      this.#log.warn({ target: this.#target, error, attempts, ...backlog }, 'SIEM sink still unreachable');
    }
    this.#state = { kind: 'down', attempts: attempts + 1, error };
    const ceiling = Math.min(this.#retryMaxMs, this.#retryBaseMs * 2 ** Math.min(attempts, 20));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  /** Books a successful attempt (delivered, or refused as poison: either way the sink answered). */
  succeeded(backlog: { retries: number; diskEvents: number }): void {
    if (this.#state.kind === 'up') return;
    this.#state = { kind: 'up' };
    this.#log.info({ target: this.#target, ...backlog }, 'SIEM sink is back; delivering the backlog');
  }
}
