import { sql, type Kysely } from 'kysely';

/**
 * The exchanges table. created_at is ms since epoch; streamed is 0/1; trace is JSON text.
 * latency_ms and ttfb_ms are REAL because they come from performance.now().
 * The filter indexes end in (created_at, id) so a filtered, newest-first page is one index range scan.
 */
const statements = [
  `CREATE TABLE exchanges (
    id TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    operation TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    end_user TEXT,
    model_requested TEXT,
    provider_id TEXT,
    upstream_model TEXT,
    streamed INTEGER NOT NULL CHECK (streamed IN (0, 1)),
    status INTEGER NOT NULL,
    reason TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    total_tokens INTEGER,
    latency_ms REAL NOT NULL,
    ttfb_ms REAL,
    trace TEXT NOT NULL
  )`,
  'CREATE INDEX exchanges_created_at_idx ON exchanges (created_at DESC, id DESC)',
  'CREATE INDEX exchanges_identity_idx ON exchanges (identity_id, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_model_idx ON exchanges (model_requested, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_reason_idx ON exchanges (reason, created_at DESC, id DESC)',
];

/** Creates the exchanges table and its indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // better-sqlite3 prepares one statement at a time, hence one raw query per statement.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
