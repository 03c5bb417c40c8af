import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { freshRedis, redisAvailable } from './redis.fixtures.js';
import type { LimitBackend } from './backend.js';
import { periodKeys } from './periods.js';
import { createRedisLimitBackend } from './redis-backend.js';

const redisUp = await redisAvailable('limits: Redis shared by two gateway instances');
const HOUR = 3_600_000;

/** Fires `perInstance` calls from each instance at once and counts the allowed ones across all of them. */
async function burstFrom(instances: LimitBackend[], perInstance: number, call: (backend: LimitBackend) => Promise<{ allowed: boolean }>): Promise<number> {
  const calls = instances.flatMap((backend) => Array.from({ length: perInstance }, () => call(backend)));
  return (await Promise.all(calls)).filter((result) => result.allowed).length;
}

describe.skipIf(!redisUp)('Redis limit backend shared by two gateway instances', () => {
  const redis = freshRedis();
  // Two connections, as two replicas would hold; each defines the scripts on its own client.
  const instances = redisUp
    ? [createRedisLimitBackend(redis.connect(), { prefix: redis.prefix }), createRedisLimitBackend(redis.connect(), { prefix: redis.prefix })]
    : [];
  const [a, b] = instances as [LimitBackend, LimitBackend];
  const key = (label: string) => `${label}:${randomUUID()}`;

  test('2 × 100 concurrent reservations against a budget of 50 let exactly 50 through in total', async () => {
    const k = key('budget:identity:alice');
    const periodKey = periodKeys().day;
    expect(await burstFrom(instances, 100, (backend) => backend.reserve(k, { amount: 1, hardLimit: 50, periodKey }))).toBe(50);
    expect(await a.reserve(k, { amount: 0, hardLimit: 50, periodKey })).toMatchObject({ allowed: true, spent: 0, reserved: 50 });
  });

  test('2 × 100 concurrent requests against a rate limit of 50 let exactly 50 through in total', async () => {
    const k = key('rpm:identity:alice');
    expect(await burstFrom(instances, 100, (backend) => backend.consume(k, { limit: 50, windowMs: HOUR }))).toBe(50);
  });

  test('2 × 100 concurrent token costs against 50 tokens take exactly 5 requests of 10', async () => {
    const k = key('tpm:identity:alice');
    expect(await burstFrom(instances, 100, (backend) => backend.consume(k, { limit: 50, windowMs: HOUR, cost: 10 }))).toBe(5);
  });

  test('2 × 100 concurrent acquisitions against 50 slots get exactly 50 leases', async () => {
    const k = key('concurrent:identity:alice');
    expect(await burstFrom(instances, 100, (backend) => backend.acquire(k, { max: 50, ttlMs: HOUR }))).toBe(50);
  });

  test('a reservation made on one instance settles on the other', async () => {
    const k = key('budget:team:red');
    const periodKey = periodKeys().month;
    const reservation = await a.reserve(k, { amount: 40, hardLimit: 50, periodKey });
    expect(await b.settle(k, reservation.reservationId!, 12)).toMatchObject({ found: true, spent: 12, reserved: 0 });
    expect(await a.reserve(k, { amount: 38, hardLimit: 50, periodKey })).toMatchObject({ allowed: true, spent: 12, reserved: 38 });
  });

  test('a lease taken on one instance is released by the other', async () => {
    const k = key('concurrent:identity:bob');
    const lease = await a.acquire(k, { max: 1, ttlMs: HOUR });
    expect((await b.acquire(k, { max: 1, ttlMs: HOUR })).allowed).toBe(false);
    expect(await b.release(k, lease.leaseId!)).toBe(true);
    expect((await b.acquire(k, { max: 1, ttlMs: HOUR })).allowed).toBe(true);
  });

  test('every key lives under the prefix and expires on its own', async () => {
    const client = redis.connect();
    const k = key('all');
    await a.consume(k, { limit: 10, windowMs: 60_000 });
    await a.acquire(k, { max: 1, ttlMs: 30_000 });
    await a.reserve(k, { amount: 1, hardLimit: 10, periodKey: periodKeys().day });
    const keys = (await client.keys(`${redis.prefix}*${k}*`)).sort();
    expect(keys).toHaveLength(5);
    for (const stored of keys) {
      const ttl = await client.pttl(stored);
      expect(ttl, stored).toBeGreaterThan(0);
      expect(ttl, stored).toBeLessThanOrEqual(2 * 86_400_000 + 1000);
    }
    expect(await client.pttl(`${redis.prefix}w:${k}`)).toBeLessThanOrEqual(6001);
  });
});
