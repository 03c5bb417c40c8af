import type { SiemEvent } from './events.js';

/**
 * What one delivery attempt came to. `retry`: the sink is down or busy, try the same batch later.
 * `poison`: the sink refused the batch itself; retrying cannot help. `too_large`: resend it in
 * smaller batches.
 */
export type SendResult = { kind: 'delivered' } | { kind: 'retry'; error: string } | { kind: 'poison'; error: string } | { kind: 'too_large'; error: string };

/** One sink's wire: how an event is encoded, and how a batch of encoded events is sent. */
export interface SiemTransport {
  /** For logs: where events go (no credentials). */
  readonly target: string;
  /** Largest batch, in bytes of encoded lines, the sink accepts. */
  readonly maxBatchBytes: number;
  /** One event as one line of JSON (no line break): the unit the spool stores and `send` takes. */
  encode(event: SiemEvent): string;
  /** Sends the lines in order. Never throws; an aborted `signal` ends the attempt as `retry`. */
  send(lines: readonly string[], signal: AbortSignal): Promise<SendResult>;
  close(): Promise<void>;
}

/** A short, content-free description of a network or I/O error. */
export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return typeof e?.name === 'string' ? e.name : 'Error';
}

/** An error's name and code for a log line; never its message, which may carry event content or paths. */
export function describeError(err: unknown): { name: string; code?: string } {
  const e = err as { name?: unknown; code?: unknown };
  return { name: typeof e?.name === 'string' ? e.name : 'Error', ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}
