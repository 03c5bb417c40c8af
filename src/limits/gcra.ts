import type { WindowResult } from './backend.js';

/**
 * Rate windows use GCRA (the generic cell rate algorithm): a bucket of `limit` units refilled continuously
 * at limit/windowMs. It stores one number per key (the theoretical arrival time, `tat`), allows a full burst
 * of `limit`, and gives an exact Retry-After. Unlike a fixed window there is no edge where 2×limit pass in a
 * moment; over any span of windowMs at most limit + (refill during that span) pass.
 *
 * `redis-scripts.ts` holds the same arithmetic in Lua; change both together.
 */
export function gcra(
  storedTat: number | undefined,
  now: number,
  limit: number,
  windowMs: number,
  cost: number,
): { allowed: boolean; tat: number; result: WindowResult } {
  const interval = windowMs / limit;
  const tat = Math.max(storedTat ?? now, now);
  const newTat = tat + cost * interval;
  // A millionth of a millisecond absorbs float drift, so the limit-th unit of an exact burst is not refused.
  if (newTat - now > windowMs + 1e-6) {
    return {
      allowed: false,
      tat,
      result: {
        allowed: false,
        remaining: remainingUnits(tat, now, windowMs, interval),
        resetMs: Math.ceil(tat - now),
        retryAfterMs: Math.max(Math.ceil(newTat - windowMs - now), 1),
      },
    };
  }
  return {
    allowed: true,
    tat: newTat,
    result: { allowed: true, remaining: remainingUnits(newTat, now, windowMs, interval), resetMs: Math.ceil(newTat - now), retryAfterMs: 0 },
  };
}

function remainingUnits(tat: number, now: number, windowMs: number, interval: number): number {
  return Math.max(Math.floor((windowMs - (tat - now)) / interval + 1e-9), 0);
}

/** The tat after adjusting a window by `delta` units; undefined when the window is left empty (nothing taken). */
export function gcraAdjust(storedTat: number | undefined, now: number, limit: number, windowMs: number, delta: number): number | undefined {
  const tat = Math.max(storedTat ?? now, now) + delta * (windowMs / limit);
  return tat > now ? tat : undefined;
}
