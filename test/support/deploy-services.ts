import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { deleteKeysWithPrefix } from '../../src/limits/redis.fixtures.js';

/**
 * The PostgreSQL and Redis that the deployment tests run gateways against, as whole processes would use
 * them: a fresh database (not a schema: the configuration names a database URL) and a fresh key prefix.
 */
export const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;
export const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL;

/** Both services are configured, or the suite says why it is skipped (and fails where CI requires them). */
export function deployServicesConfigured(suite: string): boolean {
  if (POSTGRES_URL && REDIS_URL) return true;
  const missing = [!POSTGRES_URL && 'GATEHOUSE_TEST_POSTGRES_URL', !REDIS_URL && 'GATEHOUSE_TEST_REDIS_URL'].filter(Boolean).join(' and ');
  if (process.env.GATEHOUSE_REQUIRE_POSTGRES === '1' || process.env.GATEHOUSE_REQUIRE_REDIS === '1') {
    throw new Error(`${suite} is required here, but ${missing} is not set`);
  }
  console.warn(`${suite} SKIPPED: set ${missing} (e.g. postgres://root@127.0.0.1:5432/test, redis://127.0.0.1:6379) to run it.`);
  return false;
}

export interface FreshServices {
  /** The URL of a database created for this run. */
  databaseUrl: string;
  redisUrl: string;
  /** A Redis key prefix for this run (`limits.redis.prefix`). */
  prefix: string;
  create(): Promise<void>;
  /** Drops the database and deletes every key under the prefix. */
  drop(): Promise<void>;
}

export function freshServices(name: string): FreshServices {
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  const database = `gatehouse_${name}_${id}`;
  const prefix = `gatehouse:${name}-test:${id}:`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    databaseUrl: Object.assign(new URL(POSTGRES_URL ?? 'postgres://unused'), { pathname: `/${database}` }).href,
    redisUrl: REDIS_URL ?? '',
    prefix,
    async create() {
      await admin((client) => client.query(`create database "${database}"`));
    },
    async drop() {
      await admin((client) => client.query(`drop database if exists "${database}" with (force)`));
      const redis = new Redis(REDIS_URL ?? '');
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        await redis.quit();
      }
    },
  };
}

/** Polls `check` until it holds (or `ms` pass); returns whether it did. A liveness bound, not a timing assertion. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
