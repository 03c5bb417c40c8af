import type { RoutingPolicy } from './model-registry.js';

/**
 * The wait before retry number `retry` (0 for the first) of one deployment: "full jitter" (AWS
 * architecture blog, Exponential Backoff and Jitter): uniform in [0, min(maxDelayMs, baseDelayMs × 2^retry)],
 * which spreads the retries of many clients hit by the same failure instead of synchronising them.
 */
export function backoffMs(retry: RoutingPolicy['retry'], attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Milliseconds of an HTTP Retry-After value (seconds, or an HTTP date); undefined when unreadable. */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
