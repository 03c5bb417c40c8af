import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from './backoff.js';

const RETRY = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('full-jitter backoff', () => {
  it('is bounded by base × 2^retry, capped at maxDelayMs', () => {
    const ceilings = [100, 200, 400, 800, 1_000, 1_000];
    ceilings.forEach((ceiling, retry) => {
      expect(backoffMs(RETRY, retry, () => 0)).toBe(0);
      expect(backoffMs(RETRY, retry, () => 0.999_999)).toBe(ceiling - 1);
      expect(backoffMs(RETRY, retry, () => 0.5)).toBe(ceiling / 2);
    });
  });

  it('spreads over the whole window with Math.random', () => {
    const samples = Array.from({ length: 2_000 }, () => backoffMs(RETRY, 2));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(400);
    // Wide margins: 2,000 uniform draws over [0, 400) land in each half well over 700 times.
    expect(samples.filter((s) => s < 200).length).toBeGreaterThan(700);
    expect(samples.filter((s) => s >= 200).length).toBeGreaterThan(700);
  });

  it('does not overflow for large retry numbers', () => {
    expect(backoffMs(RETRY, 1_000, () => 0.999)).toBeLessThan(1_000);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('7')).toBe(7_000);
    expect(retryAfterMs(' 0.5 ')).toBe(500);
    expect(retryAfterMs(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
