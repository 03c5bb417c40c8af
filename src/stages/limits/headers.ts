import type { WindowResult } from '../../limits/backend.js';

/** One rate window's answer, with the limit it was checked against (for `x-ratelimit-*`). */
export interface WindowReading {
  limit: number;
  result: WindowResult;
}

/**
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` as OpenAI sends them, from the tightest window of
 * each kind (the fewest units remaining). Reset is a duration in OpenAI's (Go) style: `334ms`, `1.5s`, `6m0s`.
 */
export function rateLimitHeaders(requests: readonly WindowReading[], tokens: readonly WindowReading[]): Record<string, string> {
  const headers: Record<string, string> = {};
  addKind(headers, 'requests', requests);
  addKind(headers, 'tokens', tokens);
  return headers;
}

function addKind(headers: Record<string, string>, kind: 'requests' | 'tokens', readings: readonly WindowReading[]): void {
  let tightest: WindowReading | undefined;
  for (const reading of readings) {
    if (
      !tightest ||
      reading.result.remaining < tightest.result.remaining ||
      (reading.result.remaining === tightest.result.remaining && reading.limit < tightest.limit)
    )
      tightest = reading;
  }
  if (!tightest) return;
  headers[`x-ratelimit-limit-${kind}`] = String(tightest.limit);
  headers[`x-ratelimit-remaining-${kind}`] = String(tightest.result.remaining);
  headers[`x-ratelimit-reset-${kind}`] = formatDuration(tightest.result.resetMs);
}

/** A duration as Go prints it (what OpenAI's reset headers use): `0s`, `20ms`, `1.5s`, `6m0s`, `1h2m3s`. */
export function formatDuration(ms: number): string {
  const whole = Math.max(Math.ceil(ms), 0);
  if (whole === 0) return '0s';
  if (whole < 1000) return `${whole}ms`;
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = String(Number(((whole % 60_000) / 1000).toFixed(3)));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** `Retry-After` in whole seconds (RFC 9110 allows no fraction): rounded up, at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(Math.ceil(ms / 1000), 1));
}

/** Milliseconds from `now` until a budget period (`2026-11-21` or `2026-11`, UTC) ends. */
export function msUntilPeriodEnds(periodKey: string, now: number): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(periodKey);
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1) - now;
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  if (month) return Date.UTC(Number(month[1]), Number(month[2]), 1) - now;
  throw new RangeError(`not a budget period: ${periodKey}`);
}
