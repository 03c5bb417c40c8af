import { sql, type Kysely } from 'kysely';

/**
 * The exchanges table. created_at is ms since epoch (BIGINT, not timestamptz, so both dialects
 * share one representation); token counts are BIGINT; trace is jsonb. id sorts bytewise (COLLATE "C"),
 * as in SQLite, so the (created_at, id) page order is the same on both backends.
 * The filter indexes end in (created_at, id) so a filtered, newest-first page is one index range scan.
 */
const statements = [
  `CREATE TABLE exchanges (
    id text COLLATE "C" PRIMARY KEY,
    created_at bigint NOT NULL,
    operation text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    identity_id text NOT NULL,
    end_user text,
    model_requested text,
    provider_id text,
    upstream_model text,
    streamed boolean NOT NULL,
    status integer NOT NULL,
    reason text NOT NULL,
    outcome text NOT NULL,
    prompt_tokens bigint,
    completion_tokens bigint,
    total_tokens bigint,
    latency_ms double precision NOT NULL,
    ttfb_ms double precision,
    trace jsonb NOT NULL
  )`,
  'CREATE INDEX exchanges_created_at_idx ON exchanges (created_at DESC, id DESC)',
  'CREATE INDEX exchanges_identity_idx ON exchanges (identity_id, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_model_idx ON exchanges (model_requested, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_reason_idx ON exchanges (reason, created_at DESC, id DESC)',
];

/** Creates the exchanges table and its indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
