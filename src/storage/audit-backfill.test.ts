import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ChainVerifier } from '../audit/verify.js';
import type { Database } from './database.js';
import { toExchangeRow } from './exchange-row.js';
import { runMigrations } from './migrations/run-migrations.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import { createAuditRepository } from './audit-repository.js';
import { exampleExchange } from './store.contract.js';

describe('migration 0004 on a database with records', () => {
  it('seals the earlier records into the chain, oldest first, and the chain verifies', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    // Only 0001-0003 ran on such a database: keep the ones before 0004.
    const before = Object.fromEntries(Object.entries(sqliteMigrations).filter(([name]) => name < '0004'));
    await runMigrations(db, before);
    const records = Array.from({ length: 2500 }, (_, i) => exampleExchange((i * 7) % 2500));
    // Rows as the 0001 schema had them: without the columns later migrations add.
    const v1Row = (r: (typeof records)[number]) => {
      const {
        conversation_id: _c,
        environment: _e,
        policy_version: _p,
        findings: _f,
        cost_usd: _u,
        content_mode: _m,
        content_digest: _d,
        deployment_id: _di,
        model_version: _mv,
        ...row
      } = toExchangeRow(r, 'sqlite');
      return row;
    };
    for (let i = 0; i < records.length; i += 500)
      await db
        .insertInto('exchanges')
        .values(records.slice(i, i + 500).map(v1Row) as never)
        .execute();
    await runMigrations(db, sqliteMigrations);

    const audit = createAuditRepository(db, 'sqlite');
    const entries = await audit.entries(0, 5000);
    expect(entries).toHaveLength(2500);
    expect(entries.slice(0, 3).map((e) => e.ref)).toEqual(['ex-00000', 'ex-00001', 'ex-00002']);
    const verifier = new ChainVerifier([], new Map());
    for (const e of entries) verifier.entry(e);
    expect(verifier.finish()).toMatchObject({ ok: true, entries: 2500 });
    expect(await audit.unchainedExchange()).toBeUndefined();
    await db.destroy();
  });
});
