import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import type { Database } from './database.js';
import { exchangeListQuery } from './exchange-query.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import { runMigrations } from './migrations/run-migrations.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import { postgresAvailable } from './postgres-stores.fixtures.js';
import type { ExchangeQuery } from './store.js';

/**
 * The partial indexes of migration 0011 only pay off if the searches still use them: a search whose
 * condition does not imply an index's WHERE makes the planner fall back to scanning by time. Each case is
 * a filter of `gatehouse audit search` and the index its plan must name.
 */
const CASES: Array<[string, ExchangeQuery, string]> = [
  ['an identity', { identityId: 'payments-api' }, 'exchanges_identity_idx'],
  ['a refusal reason', { reason: 'input_blocked' }, 'exchanges_reason_idx'],
  ['an end user', { endUser: 'user-1842' }, 'exchanges_end_user_idx'],
  ['a conversation', { conversationId: 'conv-7' }, 'exchanges_conversation_idx'],
  ['a model', { modelRequested: 'gpt-4o-mini' }, 'exchanges_model_idx'],
];

describe('SQLite search plans after the lean indexes', () => {
  const handle = new BetterSqlite3(':memory:');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  afterAll(() => db.destroy());

  test.each(CASES)('a search by %s uses its index', async (_, query, index) => {
    await runMigrations(db, sqliteMigrations);
    const compiled = exchangeListQuery(db, 'sqlite', query).compile();
    const plan = handle.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join('\n')).toContain(`INDEX ${index}`);
  });

  test('rows a partial index leaves out are still found by a search for them', async () => {
    await runMigrations(db, sqliteMigrations);
    await sql
      .raw(
        `INSERT INTO exchanges (id, created_at, operation, method, path, identity_id, streamed, status, reason, outcome, latency_ms, trace)
         VALUES ('a', 1, 'chat', 'POST', '/v1/chat/completions', 'anonymous', 0, 200, 'ok', 'ok', 1, '[]'),
                ('b', 2, 'chat', 'POST', '/v1/chat/completions', 'payments-api', 0, 400, 'input_blocked', 'refused', 1, '[]')`,
      )
      .execute(db);
    const ids = async (query: ExchangeQuery) => (await exchangeListQuery(db, 'sqlite', query).execute()).map((row) => row.id);
    expect(await ids({ identityId: 'anonymous' })).toEqual(['a']);
    expect(await ids({ reason: 'ok' })).toEqual(['a']);
    expect(await ids({ identityId: 'payments-api', reason: 'input_blocked' })).toEqual(['b']);
    const indexed = await sql.raw<{ n: number }>("SELECT count(*) AS n FROM exchanges INDEXED BY exchanges_reason_idx WHERE reason <> 'ok'").execute(db);
    expect(indexed.rows[0]?.n).toBe(1);
  });
});

describe.skipIf(!postgresAvailable('PostgreSQL search plans'))('PostgreSQL search plans after the lean indexes', () => {
  const schema = `gatehouse_plan_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const pool = new pg.Pool({ connectionString: process.env.GATEHOUSE_TEST_POSTGRES_URL, max: 1, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  afterAll(async () => {
    await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db);
    await db.destroy();
  });

  test.each(CASES)('a search by %s can use its index', async (_, query, index) => {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(db);
    await runMigrations(db, postgresMigrations, { schema });
    const compiled = exchangeListQuery(db, 'postgres', query).compile();
    const client = await pool.connect();
    try {
      // An empty table makes a sequential scan cheapest; with it off, the plan shows whether the index is usable.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]);
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(index);
    } finally {
      client.release();
    }
  });
});
