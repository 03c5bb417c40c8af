import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * The typed schema both adapters query through Kysely. Select types are the union of what the two
 * drivers hand back (pg returns BIGINT as a string and jsonb already parsed; better-sqlite3 returns
 * numbers and JSON text), so the row codec in exchange-row.ts is the one place that normalises them.
 */

/** BIGINT (Postgres) / INTEGER (SQLite). */
type Int64 = ColumnType<number | string, number, number>;
type NullableInt64 = ColumnType<number | string | null, number | null, number | null>;
/** boolean (Postgres) / 0 or 1 (SQLite: better-sqlite3 refuses to bind booleans). */
type Flag = ColumnType<boolean | number, boolean | number, boolean | number>;
/** jsonb (Postgres) / TEXT (SQLite); always written as JSON text. */
type JsonText = ColumnType<unknown, string, string>;

export interface ExchangesTable {
  id: string;
  created_at: Int64;
  operation: string;
  method: string;
  path: string;
  identity_id: string;
  end_user: string | null;
  model_requested: string | null;
  provider_id: string | null;
  upstream_model: string | null;
  streamed: Flag;
  status: number;
  reason: string;
  outcome: string;
  prompt_tokens: NullableInt64;
  completion_tokens: NullableInt64;
  total_tokens: NullableInt64;
  /** double precision: latencies come from performance.now() and may be fractional. */
  latency_ms: number;
  ttfb_ms: number | null;
  trace: JsonText;
  conversation_id: string | null;
  environment: string | null;
  policy_version: string | null;
  findings: JsonText;
  cost_usd: number | null;
  content_mode: string | null;
  content_digest: string | null;
  deployment_id: string | null;
  model_version: string | null;
}

export interface ExchangeContentTable {
  id: string;
  subject: string;
  created_at: Int64;
  mode: string;
  sealed: string;
}

export interface ContentKeysTable {
  subject: string;
  wrapped: string | null;
  created_at: Int64;
  erased_at: NullableInt64;
}

export interface LegalHoldsTable {
  subject: string;
  reason: string;
  created_at: Int64;
  created_by: string;
}

/** The hash chain: `entry` is the canonical text that was hashed, byte for byte. */
export interface AuditEntriesTable {
  seq: Int64;
  kind: string;
  ref: string;
  created_at: Int64;
  entry: string;
  hash: string;
}

/** Signed checkpoints, keyed by the last entry they cover; `checkpoint` is the JSON of the whole checkpoint. */
export interface AuditCheckpointsTable {
  seq_to: Int64;
  seq_from: Int64;
  checkpoint: string;
  created_at: Int64;
}

export interface AuditKeysTable {
  key_id: string;
  public_jwk: string;
  created_at: Int64;
}

export interface ConfigVersionsTable {
  hash: string;
  config: string;
  first_seen_at: Int64;
}

export interface Database {
  config_versions: ConfigVersionsTable;
  exchanges: ExchangesTable;
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_keys: AuditKeysTable;
  exchange_content: ExchangeContentTable;
  content_keys: ContentKeysTable;
  legal_holds: LegalHoldsTable;
}

export type ExchangeRow = Selectable<ExchangesTable>;
export type NewExchangeRow = Insertable<ExchangesTable>;
