import type { ReasonCode } from './reason-codes.js';

/**
 * A provider failure, classified where it happens. The server maps `reason` to the client status;
 * `isRetryable` is for the router's retries and fallbacks and is decided here, once.
 * `message` is for logs and records only: it is never sent to clients for 5xx outcomes.
 */
export class ProviderError extends Error {
  readonly reason: ReasonCode;
  readonly isRetryable: boolean;
  readonly upstreamStatus: number | undefined;
  /** Seconds, from the upstream Retry-After header, when present. */
  readonly retryAfter: string | undefined;
  /** Upstream's own message for a 4xx rejection: safe to pass to the client, it concerns their request. */
  readonly clientMessage: string | undefined;

  constructor(
    reason: ReasonCode,
    message: string,
    options: { upstreamStatus?: number; retryAfter?: string; clientMessage?: string; isRetryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.reason = reason;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfter = options.retryAfter;
    this.clientMessage = options.clientMessage;
    this.isRetryable = options.isRetryable ?? defaultRetryable(reason);
  }
}

/** Faults of the upstream, worth another attempt (a malformed answer included: it is the server's fault, often transient). */
function defaultRetryable(reason: ReasonCode): boolean {
  return (
    reason === 'upstream_rate_limited' ||
    reason === 'upstream_bad_response' ||
    reason === 'upstream_error' ||
    reason === 'upstream_unreachable' ||
    reason === 'upstream_timeout'
  );
}
