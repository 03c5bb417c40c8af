import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';

const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the Redis half of a suite can run: pings the test Redis once. In CI (GATEHOUSE_REQUIRE_REDIS=1)
 * an unreachable Redis is an error: skipping there would hide a broken adapter. Elsewhere the skip is said
 * out loud. Call with top-level await, so `describe.skipIf` sees the answer.
 */
export async function redisAvailable(suite: string): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    if (process.env.GATEHOUSE_REQUIRE_REDIS === '1') throw new Error(`GATEHOUSE_REQUIRE_REDIS=1 but Redis at ${REDIS_URL} is unreachable: ${String(error)}`);
    console.warn(`${suite} SKIPPED: no Redis at ${REDIS_URL} (set GATEHOUSE_TEST_REDIS_URL to point at one).`);
    return false;
  } finally {
    probe.disconnect();
  }
}

export interface TestRedis {
  /** A unique key prefix for this describe block; every key under it is deleted after the block. */
  prefix: string;
  /** A new, separate connection (one per simulated gateway replica), closed after the block. */
  connect(): Redis;
}

/** Redis connections and a unique key prefix for one describe block, cleaned up after it. */
export function freshRedis(): TestRedis {
  const prefix = `gatehouse:test:${randomUUID().slice(0, 8)}:`;
  const clients: Redis[] = [];
  afterAll(async () => {
    const cleaner = new Redis(REDIS_URL);
    try {
      await deleteKeysWithPrefix(cleaner, prefix);
    } finally {
      await cleaner.quit();
      await Promise.all(clients.map((client) => client.quit()));
    }
  });
  return {
    prefix,
    connect() {
      const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    },
  };
}

/** Deletes every key under `prefix` (SCAN in pages, so a large test keyspace is never read at once). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
