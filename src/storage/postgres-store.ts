import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { KyselyStore } from './kysely-store.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import type { Store } from './store.js';

/** The wire protocol counts bind parameters in an unsigned 16-bit integer. */
const POSTGRES_MAX_PARAMETERS = 65_535;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresStoreOptions {
  /** Connection URL, already resolved from its secret reference. */
  url: string;
  poolSize: number;
  /** Keep every table in this schema (created if missing) instead of the server's default search_path. */
  schema?: string;
}

/**
 * pg's Pool, except that `end` resolves once every connection's socket has closed: pg-pool's own `end`
 * resolves as soon as it has asked them to, so a closed store would still hold sockets for a moment.
 */
class ClosingPool extends pg.Pool {
  #open = 0;
  #allClosed: (() => void) | undefined;

  constructor(config: pg.PoolConfig) {
    super(config);
    this.on('connect', () => void this.#open++);
    this.on('remove', () => {
      if (--this.#open === 0) this.#allClosed?.();
    });
  }

  override async end(): Promise<void> {
    await super.end();
    if (this.#open > 0) await new Promise<void>((resolve) => (this.#allClosed = resolve));
  }
}

/**
 * The scale-out adapter: a pg Pool behind Kysely. With `schema`, every pooled connection starts with
 * that search_path, so migrations, bookkeeping and queries all land in it.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(`postgres schema "${schema}" must be a lowercase identifier (letters, digits, _)`);
  }
  const pool = new ClosingPool({
    connectionString: options.url,
    max: options.poolSize,
    application_name: 'gatehouse',
    // A startup parameter rather than a SET on connect: it applies before any query can run.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that dies emits on the pool; without a listener that would crash the process.
  // The pool discards that client and the next query reports the failure, so nothing else to do.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema !== undefined) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }
  return new KyselyStore({
    dialect: 'postgres',
    db,
    migrations: postgresMigrations,
    maxParameters: POSTGRES_MAX_PARAMETERS,
    migrationSchema: currentSchema,
  });
}

/**
 * Kysely's Migrator, given no schema, accepts a bookkeeping table found in *any* schema; naming the
 * current one keeps two deployments (or test runs) sharing a database from seeing each other's history.
 */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('postgres: no current schema (search_path names no existing schema)');
  return schema;
}
