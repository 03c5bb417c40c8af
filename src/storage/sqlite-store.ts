import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
import { KyselyStore } from './kysely-store.js';
import { ensurePrivateFile } from './private-file.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';
import { configureConnection, preparedBulkInsert } from './sqlite-writer.js';
import { startWriterThread } from './sqlite-writer-thread.js';
import type { Store } from './store.js';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const SQLITE_MAX_PARAMETERS = 32_766;

export interface SqliteStoreOptions {
  /**
   * Write exchange records from a worker thread with its own connection: sealing and committing a batch
   * then costs the event loop nothing, and records arriving meanwhile form the next batch, at the price of
   * a thread round trip (~0.15 ms) per commit. Off by default. `:memory:` databases cannot be shared
   * between threads and always write inline.
   */
  writerThread?: boolean;
}

/**
 * The embedded adapter: one better-sqlite3 connection, serialised by Kysely, plus (for files) the record
 * writer's own connection in a worker thread. `path` may be `:memory:`; a new file is created with mode
 * 0600 (its folder 0700) before SQLite opens it, so the database and its -wal and -shm are private.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) ensurePrivateFile(path);
  const handle = new BetterSqlite3(path);
  configureConnection(handle);
  const thread = !inMemory && options.writerThread === true ? startWriterThread(path) : undefined;
  return new KyselyStore({
    dialect: 'sqlite',
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) }),
    migrations: sqliteMigrations,
    maxParameters: SQLITE_MAX_PARAMETERS,
    bulkInsert: thread ? thread.insert : preparedBulkInsert(handle),
    ...(thread ? { beforeClose: thread.close } : {}),
  });
}
