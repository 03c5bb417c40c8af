import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
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
  });
}
