import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, NewExchangeRow } from './database.js';
import { KyselyStore } from './kysely-store.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import type { Store } from './store.js';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const SQLITE_MAX_PARAMETERS = 32_766;

/**
 * The embedded adapter: one better-sqlite3 connection, serialised by Kysely. `path` may be `:memory:`;
 * for a file, its parent folder is created.
 */
export function openSqliteStore(path: string): Store {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const handle = new BetterSqlite3(path);
  // WAL lets readers (the admin API, `gatehouse` CLI) run beside the recorder's writes; NORMAL is
  // durable across application crashes under WAL and only risks the last commits on power loss.
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  return new KyselyStore({
    dialect: 'sqlite',
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) }),
    migrations: sqliteMigrations,
    maxParameters: SQLITE_MAX_PARAMETERS,
    bulkInsert: preparedBulkInsert(handle),
  });
}

const COLUMNS = ['id', 'created_at', 'operation', 'method', 'path', 'identity_id', 'end_user', 'model_requested', 'provider_id', 'upstream_model', 'streamed', 'status', 'reason', 'outcome', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'latency_ms', 'ttfb_ms', 'trace'] as const;

/**
 * The recorder's write path on SQLite: one prepared single-row INSERT, reused for every row of a batch
 * inside one transaction. Building and preparing a multi-row statement per batch (the Kysely path) cost
 * several times more CPU on the gateway's event loop. The statement is prepared lazily (after
 * migrations) and dropped on error so a schema change is picked up on the retry.
 */
function preparedBulkInsert(handle: BetterSqlite3.Database): (rows: readonly NewExchangeRow[]) => void {
  let insertAll: ((rows: readonly NewExchangeRow[]) => void) | undefined;
  return function bulkInsert(rows) {
    if (!insertAll) {
      const statement = handle.prepare(`INSERT INTO exchanges (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
      insertAll = handle.transaction((batch: readonly NewExchangeRow[]) => {
        for (const row of batch) statement.run(row);
      });
    }
    try {
      insertAll(rows);
    } catch (err) {
      insertAll = undefined;
      throw err;
    }
  };
}
