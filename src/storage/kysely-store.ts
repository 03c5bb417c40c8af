import { sql, type Kysely } from 'kysely';
import type { CredentialRepository } from '../identity/credentials.js';
import type { IdentityRepository } from '../identity/identity-storage.js';
import { createKyselyCredentialRepository } from './credential-repository.js';
import type { Database } from './database.js';
import { createKyselyIdentityRepository } from './identity-repository.js';
import { appendEntries, createAuditRepository, type AuditRepository } from './audit-repository.js';
import { createContentRepository, type ContentRepository, type ContentRow } from './content-repository.js';
import { createConfigVersionRepository, type ConfigVersionRepository } from './config-versions.js';
import { createControlRepository, type ControlRepository } from './control-repository.js';
import { createApprovalRepository } from './approval-repository.js';
import type { ApprovalRepository } from '../approvals/types.js';
import { EXCHANGE_COLUMN_COUNT, fromExchangeRow, toExchangeRow, wellFormedRecord } from './exchange-row.js';
import { exchangeListQuery } from './exchange-query.js';
import { runMigrations, type MigrationList } from './migrations/run-migrations.js';
import type { ExchangeQuery, MigrationReport, Store } from './store.js';
import type { ExchangeRecord } from '../core/record.js';

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
  bulkInsert?: (records: readonly ExchangeRecord[], contents: readonly ContentRow[]) => void | Promise<void>;
  /** Runs once before the database is closed (the SQLite writer thread stops there). */
  beforeClose?: () => Promise<void>;
}

/**
 * The queries both adapters share: Kysely compiles them per dialect, and the row codec absorbs the
 * differences in how each driver returns values. The adapters only build the Kysely instance.
 */
export class KyselyStore implements Store {
  readonly dialect: Store['dialect'];
  readonly identities: IdentityRepository;
  readonly credentials: CredentialRepository;
  readonly audit: AuditRepository;
  readonly content: ContentRepository;
  readonly configVersions: ConfigVersionRepository;
  readonly controls: ControlRepository;
  readonly approvals: ApprovalRepository;
  readonly #db: Kysely<Database>;
  readonly #migrations: MigrationList;
  readonly #rowsPerStatement: number;
  readonly #migrationSchema: KyselyStoreOptions['migrationSchema'];
  readonly #bulkInsert: KyselyStoreOptions['bulkInsert'];
  readonly #beforeClose: KyselyStoreOptions['beforeClose'];

  constructor(options: KyselyStoreOptions) {
    this.dialect = options.dialect;
    this.#db = options.db;
    this.#migrations = options.migrations;
    // Stay well under the backend's parameter limit; more rows per statement stops paying off long before it.
    this.#rowsPerStatement = Math.min(500, Math.floor(options.maxParameters / EXCHANGE_COLUMN_COUNT));
    this.#migrationSchema = options.migrationSchema;
    this.#bulkInsert = options.bulkInsert;
    this.#beforeClose = options.beforeClose;
    this.identities = createKyselyIdentityRepository(options.db, options.dialect);
    this.credentials = createKyselyCredentialRepository(options.db, options.dialect);
    this.audit = createAuditRepository(options.db, options.dialect);
    this.content = createContentRepository(options.db);
    this.configVersions = createConfigVersionRepository(options.db);
    this.controls = createControlRepository(options.db);
    this.approvals = createApprovalRepository(options.db, options.dialect);
  }

  async migrate(): Promise<MigrationReport> {
    const schema = this.#migrationSchema ? await this.#migrationSchema(this.#db) : undefined;
    return runMigrations(this.#db, this.#migrations, schema === undefined ? {} : { schema });
  }

  async insertExchanges(given: readonly ExchangeRecord[], contents: readonly ContentRow[] = []): Promise<void> {
    if (given.length === 0) return;
    const records = given.map(wellFormedRecord);
    if (this.#bulkInsert) return await this.#bulkInsert(records, contents);
    const rows = latestPerId(records).map((rec) => toExchangeRow(rec, this.dialect));
    const perStatement = this.#rowsPerStatement;
    await this.#db.transaction().execute(async (trx) => {
      await appendEntries(trx, this.dialect, records);
      for (let start = 0; start < rows.length; start += perStatement) {
        const slice = rows.slice(start, start + perStatement);
        // Only a stream's start row may be replaced (by its final record); any other repeated id fails the batch.
        const result = await trx
          .insertInto('exchanges')
          .values(slice)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => Object.fromEntries(UPDATABLE.map((c) => [c, eb.ref(`excluded.${c}`)])) as never)
              .where('exchanges.outcome', '=', 'in_progress'),
          )
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) !== slice.length) throw new Error('duplicate exchange id');
      }
      for (let start = 0; start < contents.length; start += 500) {
        await trx
          .insertInto('exchange_content')
          .values(contents.slice(start, start + 500).map((c) => ({ id: c.id, subject: c.subject, created_at: c.createdAt, mode: c.mode, sealed: c.sealed })))
          .execute();
      }
    });
  }

  async getExchange(id: string): Promise<ExchangeRecord | undefined> {
    const row = await this.#db.selectFrom('exchanges').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromExchangeRow(row);
  }

  async listExchanges(query: ExchangeQuery = {}): Promise<ExchangeRecord[]> {
    const rows = await exchangeListQuery(this.#db, this.dialect, query).execute();
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
    await this.#beforeClose?.();
    await this.#db.destroy();
  }
}

/** Every column but the key: what a stream's final record overwrites in its start row. */
const UPDATABLE = [
  'created_at',
  'operation',
  'method',
  'path',
  'identity_id',
  'end_user',
  'model_requested',
  'provider_id',
  'upstream_model',
  'streamed',
  'status',
  'reason',
  'outcome',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'latency_ms',
  'ttfb_ms',
  'trace',
  'conversation_id',
  'environment',
  'policy_version',
  'findings',
  'cost_usd',
  'content_mode',
  'content_digest',
  'deployment_id',
  'model_version',
] as const;

/**
 * One row per id, the last record winning, since a multi-row upsert may not touch a row twice. Only a
 * stream's start may be followed by another record with its id; any other repeat throws.
 */
export function latestPerId(records: readonly ExchangeRecord[]): ExchangeRecord[] {
  const byId = new Map<string, ExchangeRecord>();
  for (const rec of records) {
    const earlier = byId.get(rec.id);
    if (earlier && earlier.outcome !== 'in_progress') throw new Error(`duplicate exchange id ${rec.id}`);
    byId.delete(rec.id);
    byId.set(rec.id, rec);
  }
  return byId.size === records.length ? [...records] : [...byId.values()];
}
