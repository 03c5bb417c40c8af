import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { configSchema } from '../config/schema.js';
import { createSecretResolver } from '../config/secrets.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;

/**
 * Whether the PostgreSQL half of a storage suite can run. In CI (GATEHOUSE_REQUIRE_POSTGRES=1) a missing
 * URL is an error: skipping there would hide a broken adapter. Elsewhere the skip is said out loud.
 */
export function postgresAvailable(suite: string): boolean {
  if (POSTGRES_URL) return true;
  if (process.env.GATEHOUSE_REQUIRE_POSTGRES === '1') throw new Error('GATEHOUSE_REQUIRE_POSTGRES=1 but GATEHOUSE_TEST_POSTGRES_URL is not set');
  console.warn(`${suite} SKIPPED: set GATEHOUSE_TEST_POSTGRES_URL (e.g. postgres://root@127.0.0.1:5432/test) to run it.`);
  return false;
}

/**
 * A factory of PostgreSQL stores, each in its own fresh schema so runs and tests never see each other's
 * tables or migration history. Call inside a describe block: the schemas are dropped after it.
 */
export function freshPostgresStores(): () => Promise<Store> {
  const schemas: string[] = [];
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.end();
    }
  });
  const storage = configSchema.parse({ storage: { driver: 'postgres', postgres: { url: 'env:GATEHOUSE_TEST_POSTGRES_URL', poolSize: 4 } } }).storage;
  const resolveSecret = createSecretResolver(process.env);
  return function openFreshPostgresStore() {
    const schema = `gatehouse_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    schemas.push(schema);
    return openStore(storage, resolveSecret, { postgresSchema: schema });
  };
}
