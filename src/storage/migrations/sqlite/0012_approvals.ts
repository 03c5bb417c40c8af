import { sql, type Kysely } from 'kysely';

/**
 * Approvals (docs/agents.md): one row per held tool call or request, its state, the approvals so far and
 * the held content sealed under the content master key. `version` is bumped by every transition, which
 * names the version it read: two approvers or two redeemers at once, exactly one wins.
 */
const statements = [
  `CREATE TABLE approvals (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    summary TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    end_user TEXT,
    owner TEXT,
    conversation_id TEXT,
    exchange_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    approvals TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    decided_by TEXT,
    decision_reason TEXT,
    decided_at INTEGER,
    used_at INTEGER,
    version INTEGER NOT NULL,
    wrapped_key TEXT NOT NULL,
    content TEXT NOT NULL
  )`,
  'CREATE INDEX approvals_state_idx ON approvals (state, created_at)',
  'CREATE INDEX approvals_identity_idx ON approvals (identity_id, created_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
