import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LimitBackend } from './backend.js';

/** A fixed instant, so window arithmetic never depends on the clock. */
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;

/** Fires `n` calls at once and counts how many were allowed. */
async function burst(n: number, call: () => Promise<{ allowed: boolean }>): Promise<number> {
  const results = await Promise.all(Array.from({ length: n }, call));
  return results.filter((result) => result.allowed).length;
}

/** The behaviour every limit backend must show. `open` returns a backend whose keys no other test shares. */
export function runLimitBackendContract(name: string, open: () => LimitBackend): void {
  describe(`${name} limit backend`, () => {
    let backend: LimitBackend;
    const key = (label: string) => `${label}:${randomUUID()}`;

    beforeEach(() => {
      backend = open();
    });
    afterEach(async () => {
      await backend.close();
    });

    describe('rate windows', () => {
      test('a burst of 200 against a limit of 50 lets exactly 50 through', async () => {
        const k = key('rpm');
        expect(await burst(200, () => backend.consume(k, { limit: 50, windowMs: HOUR }))).toBe(50);
        const refused = await backend.consume(k, { limit: 50, windowMs: HOUR });
        expect(refused).toMatchObject({ allowed: false, remaining: 0 });
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(HOUR / 50);
      });

      test('a burst of token costs takes whole requests only, never past the limit', async () => {
        const k = key('tpm');
        expect(await burst(200, () => backend.consume(k, { limit: 50, windowMs: HOUR, cost: 7 }))).toBe(7);
      });

      test('remaining counts down, retryAfter says when one more fits, and the window refills', async () => {
        const k = key('rpm');
        const window = { limit: 3, windowMs: 1000 };
        const taken = [];
        for (let i = 0; i < 3; i++) taken.push(await backend.consume(k, { ...window, now: T0 }));
        expect(taken.map((result) => [result.allowed, result.remaining])).toEqual([
          [true, 2],
          [true, 1],
          [true, 0],
        ]);
        expect(taken[0]!.resetMs).toBe(334);
        expect(taken[2]!.resetMs).toBe(1000);

        const refused = await backend.consume(k, { ...window, now: T0 });
        expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 334, resetMs: 1000 });
        expect((await backend.consume(k, { ...window, now: T0 + 200 })).allowed).toBe(false);
        expect(await backend.consume(k, { ...window, now: T0 + 334 })).toMatchObject({ allowed: true, remaining: 0 });

        const later = T0 + 5000;
        expect(await burst(5, () => backend.consume(k, { ...window, now: later }))).toBe(3);
      });

      test('retryAfter for a cost is the time that cost takes to refill', async () => {
        const k = key('tpm');
        const window = { limit: 100, windowMs: 60_000, now: T0 };
        expect((await backend.consume(k, { ...window, cost: 100 })).allowed).toBe(true);
        expect(await backend.consume(k, { ...window, cost: 10 })).toMatchObject({ allowed: false, retryAfterMs: 6000, resetMs: 60_000 });
        expect(await backend.consume(k, { ...window, cost: 10, now: T0 + 6000 })).toMatchObject({ allowed: true, remaining: 0 });
      });

      test('adjust refunds what an estimate took too much, and debits what it took too little', async () => {
        const k = key('tpm');
        const window = { limit: 100, windowMs: 60_000, now: T0 };
        expect(await backend.consume(k, { ...window, cost: 80 })).toMatchObject({ allowed: true, remaining: 20 });
        await backend.adjust(k, { ...window, delta: -50 });
        expect(await backend.consume(k, { ...window, cost: 70 })).toMatchObject({ allowed: true, remaining: 0 });
        // An actual usage above the estimate puts the window in debt: the next request waits for it to refill.
        await backend.adjust(k, { ...window, delta: 30 });
        expect(await backend.consume(k, { ...window, cost: 1 })).toMatchObject({ allowed: false, retryAfterMs: 18_600 });
        expect((await backend.consume(k, { ...window, cost: 1, now: T0 + 18_600 })).allowed).toBe(true);
      });

      test('a refund never leaves more than a full window', async () => {
        const k = key('tpm');
        const window = { limit: 10, windowMs: 1000, now: T0 };
        expect((await backend.consume(k, { ...window, cost: 5 })).allowed).toBe(true);
        await backend.adjust(k, { ...window, delta: -500 });
        expect(await burst(20, () => backend.consume(k, window))).toBe(10);
        await expect(backend.adjust(k, { ...window, delta: Number.NaN })).rejects.toThrow(RangeError);
      });

      test('a refused request takes nothing', async () => {
        const k = key('tpm');
        const window = { limit: 10, windowMs: 1000, now: T0 };
        expect((await backend.consume(k, { ...window, cost: 8 })).allowed).toBe(true);
        expect((await backend.consume(k, { ...window, cost: 5 })).allowed).toBe(false);
        expect(await backend.consume(k, { ...window, cost: 2 })).toMatchObject({ allowed: true, remaining: 0 });
      });

      test('keys are isolated: one identity or model exhausting its limit leaves the others alone', async () => {
        const alice = key('rpm:identity:alice:model:chat-default');
        const bob = key('rpm:identity:bob:model:chat-default');
        const aliceOther = key('rpm:identity:alice:model:chat-large');
        const window = { limit: 2, windowMs: HOUR, now: T0 };
        expect(await burst(5, () => backend.consume(alice, window))).toBe(2);
        expect(await burst(5, () => backend.consume(bob, window))).toBe(2);
        expect(await burst(5, () => backend.consume(aliceOther, window))).toBe(2);
      });

      test('nonsense options are refused before anything is taken', async () => {
        await expect(backend.consume(key('rpm'), { limit: 0, windowMs: 1000 })).rejects.toThrow(RangeError);
        await expect(backend.consume(key('rpm'), { limit: 5, windowMs: 1000, cost: -1 })).rejects.toThrow(RangeError);
      });
    });

    describe('concurrency leases', () => {
      test('a burst of 200 against 50 slots gets exactly 50 leases', async () => {
        const k = key('concurrent');
        expect(await burst(200, () => backend.acquire(k, { max: 50, ttlMs: HOUR }))).toBe(50);
      });

      test('a release frees a slot at once, and only once', async () => {
        const k = key('concurrent');
        const first = await backend.acquire(k, { max: 1, ttlMs: HOUR });
        expect(first).toMatchObject({ allowed: true, active: 1, retryAfterMs: 0 });
        const refused = await backend.acquire(k, { max: 1, ttlMs: HOUR });
        expect(refused).toMatchObject({ allowed: false, leaseId: null, active: 1 });
        expect(refused.retryAfterMs).toBeGreaterThan(HOUR - 5000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(HOUR);
        expect(await backend.release(k, first.leaseId!)).toBe(true);
        expect(await backend.release(k, first.leaseId!)).toBe(false);
        expect((await backend.acquire(k, { max: 1, ttlMs: HOUR })).allowed).toBe(true);
      });

      test('a lease never released (a crashed replica) frees its slot when its TTL runs out', async () => {
        const k = key('concurrent');
        const crashed = await backend.acquire(k, { max: 1, ttlMs: 100 });
        expect(crashed.allowed).toBe(true);
        const refused = await backend.acquire(k, { max: 1, ttlMs: 100 });
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
        await sleep(150);
        expect(await backend.acquire(k, { max: 1, ttlMs: 100 })).toMatchObject({ allowed: true, active: 1 });
        expect(await backend.release(k, crashed.leaseId!)).toBe(false);
      });

      test('a renewed lease keeps its slot past its first TTL; an expired or released one cannot be renewed', async () => {
        const k = key('concurrent');
        const long = await backend.acquire(k, { max: 1, ttlMs: 100 });
        expect(await backend.renew(k, long.leaseId!, 5_000)).toBe(true);
        await sleep(150);
        expect((await backend.acquire(k, { max: 1, ttlMs: 100 })).allowed).toBe(false);
        expect(await backend.release(k, long.leaseId!)).toBe(true);
        expect(await backend.renew(k, long.leaseId!, 5_000)).toBe(false);
        const lapsed = await backend.acquire(k, { max: 1, ttlMs: 50 });
        await sleep(100);
        expect(await backend.renew(k, lapsed.leaseId!, 5_000)).toBe(false);
        expect((await backend.acquire(k, { max: 1, ttlMs: 100 })).allowed).toBe(true);
      });

      test('leases are isolated per key', async () => {
        const a = key('concurrent:identity:a');
        const b = key('concurrent:identity:b');
        expect(await burst(3, () => backend.acquire(a, { max: 1, ttlMs: HOUR }))).toBe(1);
        expect(await burst(3, () => backend.acquire(b, { max: 1, ttlMs: HOUR }))).toBe(1);
      });
    });

    describe('budgets', () => {
      test('a burst of 200 reservations against a budget of 50 lets exactly 50 through', async () => {
        const k = key('budget');
        expect(await burst(200, () => backend.reserve(k, { amount: 1, hardLimit: 50, periodKey: '2026-11-21' }))).toBe(50);
        expect(await backend.reserve(k, { amount: 1, hardLimit: 50, periodKey: '2026-11-21' })).toMatchObject({
          allowed: false,
          reservationId: null,
          spent: 0,
          reserved: 50,
        });
      });

      test('settling replaces the reservation with the actual cost, lower or higher', async () => {
        const k = key('budget');
        const budget = { hardLimit: 50, softLimit: 30, periodKey: '2026-11' };
        const first = await backend.reserve(k, { ...budget, amount: 40 });
        expect(first).toMatchObject({ allowed: true, spent: 0, reserved: 40, softExceeded: true });
        expect((await backend.reserve(k, { ...budget, amount: 20 })).allowed).toBe(false);

        expect(await backend.settle(k, first.reservationId!, 10, { softLimit: 30 })).toEqual({ found: true, spent: 10, reserved: 0, softExceeded: false });
        const second = await backend.reserve(k, { ...budget, amount: 40 });
        expect(second).toMatchObject({ allowed: true, spent: 10, reserved: 40 });

        // The upstream charged more than reserved: the spend is recorded in full, even past the hard limit.
        expect(await backend.settle(k, second.reservationId!, 45)).toMatchObject({ found: true, spent: 55, reserved: 0, softExceeded: false });
        expect(await backend.reserve(k, { ...budget, amount: 0 })).toMatchObject({ allowed: false, spent: 55, softExceeded: true });
      });

      test('budget() reads a period without changing it', async () => {
        const k = key('budget');
        const budget = { hardLimit: 100, periodKey: '2026-11-21' };
        expect(await backend.budget(k, '2026-11-21')).toEqual({ spent: 0, reserved: 0 });
        const first = await backend.reserve(k, { ...budget, amount: 30 });
        await backend.reserve(k, { ...budget, amount: 20 });
        expect(await backend.budget(k, '2026-11-21')).toEqual({ spent: 0, reserved: 50 });
        await backend.settle(k, first.reservationId!, 12);
        expect(await backend.budget(k, '2026-11-21')).toEqual({ spent: 12, reserved: 20 });
        expect(await backend.budget(k, '2026-11-21')).toEqual({ spent: 12, reserved: 20 });
        expect(await backend.budget(k, '2026-11-22')).toEqual({ spent: 0, reserved: 0 });
      });

      test('a cancelled reservation spends nothing; settling it later still records the spend', async () => {
        const k = key('budget');
        const budget = { hardLimit: 10, periodKey: '2026-11-21' };
        const reservation = await backend.reserve(k, { ...budget, amount: 10 });
        expect(await backend.cancel(k, reservation.reservationId!)).toBe(true);
        expect(await backend.cancel(k, reservation.reservationId!)).toBe(false);
        expect(await backend.reserve(k, { ...budget, amount: 0 })).toMatchObject({ allowed: true, spent: 0, reserved: 0 });
        expect(await backend.settle(k, reservation.reservationId!, 3)).toMatchObject({ found: false, spent: 3, reserved: 0 });
      });

      test('a reservation never settled (a crashed replica) is dropped after its TTL', async () => {
        const k = key('budget');
        const budget = { hardLimit: 10, periodKey: '2026-11-21' };
        expect((await backend.reserve(k, { ...budget, amount: 10, reservationTtlMs: 50 })).allowed).toBe(true);
        expect((await backend.reserve(k, { ...budget, amount: 1 })).allowed).toBe(false);
        await sleep(100);
        expect(await backend.reserve(k, { ...budget, amount: 10 })).toMatchObject({ allowed: true, spent: 0, reserved: 10 });
      });

      test('each period and each key is its own budget', async () => {
        const k = key('budget:team:red');
        const other = key('budget:team:blue');
        expect((await backend.reserve(k, { amount: 5, hardLimit: 5, periodKey: '2026-11-21' })).allowed).toBe(true);
        expect((await backend.reserve(k, { amount: 5, hardLimit: 5, periodKey: '2026-11-21' })).allowed).toBe(false);
        expect((await backend.reserve(k, { amount: 5, hardLimit: 5, periodKey: '2026-11-22' })).allowed).toBe(true);
        expect((await backend.reserve(other, { amount: 5, hardLimit: 5, periodKey: '2026-11-21' })).allowed).toBe(true);
      });

      test('nonsense is refused', async () => {
        await expect(backend.reserve(key('budget'), { amount: -1, hardLimit: 5, periodKey: '2026-11' })).rejects.toThrow(RangeError);
        await expect(backend.reserve(key('budget'), { amount: 1, hardLimit: 5, periodKey: 'a/b' })).rejects.toThrow(RangeError);
        await expect(backend.settle(key('budget'), 'no-period', 1)).rejects.toThrow(RangeError);
      });
    });
  });
}
