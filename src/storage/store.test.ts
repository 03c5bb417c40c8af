import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { openStore, type StorageConfig } from './open-store.js';
import { exampleExchange, runStoreContract } from './store.contract.js';
import { freshPostgresStores, postgresAvailable } from './postgres-stores.fixtures.js';
import { bob, refundHold, runApprovalContract } from './approval-store.fixtures.js';
import { ApprovalDesk } from '../approvals/desk.js';
import { cipherSealer } from '../approvals/sealer.js';
import { ContentCipher } from '../audit/content-cipher.js';
import { verifyStore } from '../audit/verify-store.js';

const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
const resolveSecret = createSecretResolver(process.env, tempDir);

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function storageConfig(overrides: Partial<StorageConfig>): StorageConfig {
  return { driver: 'sqlite', sqlite: { path: ':memory:', writerThread: false }, batchSize: 256, flushIntervalMs: 20, ...overrides };
}

describe('SQLite', () => {
  runStoreContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runStoreContract('sqlite :memory:', () => openStore(storageConfig({}), resolveSecret));
  runApprovalContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runStoreContract('sqlite file, writer thread', () =>
    openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`), writerThread: true } }), resolveSecret),
  );

  // Two connections on one file, as `serve --workers N` has. They share this test's thread, where
  // better-sqlite3's busy wait would block the very connection it waits for, so the calls take turns here;
  // the single-store contract above covers callers racing on one connection.
  test('two connections on one SQLite file (serve --workers): state is shared, the second redeemer is refused', async () => {
    const path = join(tempDir, `${randomUUID()}.db`);
    const [a, b] = [await openStore(storageConfig({ sqlite: { path } }), resolveSecret), await openStore(storageConfig({ sqlite: { path } }), resolveSecret)];
    try {
      await a.migrate();
      const sealer = cipherSealer(new ContentCipher(Buffer.alloc(32, 7)));
      const [deskA, deskB] = [new ApprovalDesk(a.approvals, { sealer }), new ApprovalDesk(b.approvals, { sealer })];
      const held = await deskA.hold(refundHold());
      await deskB.decide(held.id, bob, 'approve', 'ok');
      const claim = { identityId: 'refund-bot' };
      expect((await deskA.redeem(held.id, claim)).content).toBe(refundHold().content);
      await expect(deskB.redeem(held.id, claim)).rejects.toMatchObject({ reason: 'approval_used' });
      expect((await verifyStore(b)).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

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

describe.skipIf(!postgresAvailable('PostgreSQL store contract suite'))('PostgreSQL', () => {
  runStoreContract('postgres', freshPostgresStores());
  runApprovalContract('postgres', freshPostgresStores());

  test('a schema name that is not a plain identifier is refused before connecting', async () => {
    const config = storageConfig({ driver: 'postgres', postgres: { url: 'env:GATEHOUSE_TEST_POSTGRES_URL', poolSize: 1 } });
    await expect(openStore(config, resolveSecret, { postgresSchema: 'x"; drop table y; --' })).rejects.toThrow(TypeError);
  });
});
