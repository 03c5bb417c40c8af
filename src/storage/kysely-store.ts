import { sql, type Kysely } from 'kysely';
import type { CredentialRepository } from '../identity/credentials.js';
import type { IdentityRepository } from '../identity/registry.js';
import { createKyselyCredentialRepository } from './credential-repository.js';
import type { Database, NewExchangeRow } from './database.js';
import { createKyselyIdentityRepository } from './identity-repository.js';
import { EXCHANGE_COLUMN_COUNT, fromExchangeRow, toExchangeRow } from './exchange-row.js';
import { runMigrations, type MigrationList } from './migrations/run-migrations.js';
import type { ExchangeQuery, ExchangeRecord, MigrationReport, Store } from './store.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

export interface KyselyStoreOptions {
  dialect: Store['dialect'];
  db: Kysely<Database>;
  migrations: MigrationList;
  /** Largest number of bound parameters one statement may carry on this backend. */
  maxParameters: number;
  /** Schema that holds the migration bookkeeping, looked up when migrate() runs (Postgres). */
  migrationSchema?: (db: Kysely<Database>) => Promise<string>;
  /**
   * A faster writer for the recorder's hot path, when the backend has one (SQLite: a cached prepared
   * statement in one synchronous transaction). Must be all-or-nothing like the Kysely path.
   */
  bulkInsert?: (rows: readonly NewExchangeRow[]) => void;
}

/**
 * The queries both adapters share: Kysely compiles them per dialect, and the row codec absorbs the
 * differences in how each driver returns values. The adapters only build the Kysely instance.
 */
export class KyselyStore implements Store {
  readonly dialect: Store['dialect'];
  readonly identities: IdentityRepository;
  readonly credentials: CredentialRepository;
  readonly #db: Kysely<Database>;
  readonly #migrations: MigrationList;
  readonly #rowsPerStatement: number;
  readonly #migrationSchema: KyselyStoreOptions['migrationSchema'];
  readonly #bulkInsert: KyselyStoreOptions['bulkInsert'];

  constructor(options: KyselyStoreOptions) {
    this.dialect = options.dialect;
    this.#db = options.db;
    this.#migrations = options.migrations;
    // Stay well under the backend's parameter limit; more rows per statement stops paying off long before it.
    this.#rowsPerStatement = Math.min(500, Math.floor(options.maxParameters / EXCHANGE_COLUMN_COUNT));
    this.#migrationSchema = options.migrationSchema;
    this.#bulkInsert = options.bulkInsert;
    this.identities = createKyselyIdentityRepository(options.db, options.dialect);
    this.credentials = createKyselyCredentialRepository(options.db, options.dialect);
  }

  async migrate(): Promise<MigrationReport> {
    const schema = this.#migrationSchema ? await this.#migrationSchema(this.#db) : undefined;
    return runMigrations(this.#db, this.#migrations, schema === undefined ? {} : { schema });
  }

  async insertExchanges(records: readonly ExchangeRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((rec) => toExchangeRow(rec, this.dialect));
    if (this.#bulkInsert) return this.#bulkInsert(rows);
    const perStatement = this.#rowsPerStatement;
    await this.#db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += perStatement) {
        await trx.insertInto('exchanges').values(rows.slice(start, start + perStatement)).execute();
      }
    });
  }

  async getExchange(id: string): Promise<ExchangeRecord | undefined> {
    const row = await this.#db.selectFrom('exchanges').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromExchangeRow(row);
  }

  async listExchanges(query: ExchangeQuery = {}): Promise<ExchangeRecord[]> {
    let select = this.#db.selectFrom('exchanges').selectAll();
    if (query.identityId !== undefined) select = select.where('identity_id', '=', query.identityId);
    if (query.modelRequested !== undefined) select = select.where('model_requested', '=', query.modelRequested);
    if (query.reason !== undefined) select = select.where('reason', '=', query.reason);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    const { before, beforeId } = query;
    if (before !== undefined && beforeId !== undefined) {
      // Row-value comparison matches the (created_at, id) index order on both backends.
      select = select.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before, beforeId)));
    } else if (before !== undefined) {
      select = select.where('created_at', '<', before);
    } else if (beforeId !== undefined) {
      throw new TypeError('listExchanges: beforeId is only meaningful together with before');
    }
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(listLimit(query.limit)).execute();
    return rows.map(fromExchangeRow);
  }

  async countExchanges(): Promise<number> {
    const { n } = await this.#db
      .selectFrom('exchanges')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  /** Idempotent: Kysely destroys the driver (SQLite handle or pg pool) once. */
  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

function listLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(limit)));
}
