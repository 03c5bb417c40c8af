import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { openStore, type StorageConfig } from './open-store.js';
import { exampleExchange, runStoreContract } from './store.contract.js';

const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;
const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
const resolveSecret = createSecretResolver(process.env, tempDir);

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function storageConfig(overrides: Partial<StorageConfig>): StorageConfig {
  return { driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 20, ...overrides };
}

describe('SQLite', () => {
  runStoreContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runStoreContract('sqlite :memory:', () => openStore(storageConfig({}), resolveSecret));

  test('a relative path resolves against the working directory and its folders are created', async () => {
    const absolute = join(tempDir, 'nested', 'deeper', 'gatehouse.db');
    const store = await openStore(storageConfig({ sqlite: { path: relative(process.cwd(), absolute) } }), resolveSecret);
    await store.migrate();
    await store.insertExchanges([exampleExchange(1)]);
    await store.close();
    expect(existsSync(absolute)).toBe(true);
  });

  test('the database file is in WAL mode and readable by a second connection while open', async () => {
    const path = join(tempDir, `${randomUUID()}.db`);
    const store = await openStore(storageConfig({ sqlite: { path } }), resolveSecret);
    await store.migrate();
    await store.insertExchanges([exampleExchange(1), exampleExchange(2)]);
    const reader = new BetterSqlite3(path, { readonly: true });
    try {
      expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(reader.prepare('select count(*) as n from exchanges').get()).toEqual({ n: 2 });
    } finally {
      reader.close();
      await store.close();
    }
  });
});

if (!POSTGRES_URL && process.env.GATEHOUSE_REQUIRE_POSTGRES === '1') {
  // CI must run the PostgreSQL half of the contract; skipping there would hide a broken adapter.
  throw new Error('GATEHOUSE_REQUIRE_POSTGRES=1 but GATEHOUSE_TEST_POSTGRES_URL is not set');
}
if (!POSTGRES_URL) {
  console.warn('PostgreSQL store contract suite SKIPPED: set GATEHOUSE_TEST_POSTGRES_URL (e.g. postgres://root@127.0.0.1:5432/test) to run it.');
}

describe.skipIf(!POSTGRES_URL)('PostgreSQL', () => {
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

  // Each store gets its own schema, so runs (and tests) never see each other's tables or migration history.
  runStoreContract('postgres', () => {
    const schema = `gatehouse_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    schemas.push(schema);
    const config = storageConfig({ driver: 'postgres', postgres: { url: 'env:GATEHOUSE_TEST_POSTGRES_URL', poolSize: 4 } });
    return openStore(config, resolveSecret, { postgresSchema: schema });
  });

  test('a schema name that is not a plain identifier is refused before connecting', async () => {
    const config = storageConfig({ driver: 'postgres', postgres: { url: 'env:GATEHOUSE_TEST_POSTGRES_URL', poolSize: 1 } });
    await expect(openStore(config, resolveSecret, { postgresSchema: 'x"; drop table y; --' })).rejects.toThrow(TypeError);
  });
});
