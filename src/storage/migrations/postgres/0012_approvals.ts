import { sql, type Kysely } from 'kysely';

/**
 * Approvals (docs/agents.md): one row per held tool call or request, its state, the approvals so far and
 * the held content sealed under the content master key. `version` is bumped by every transition, which
 * names the version it read: two approvers or two redeemers at once, exactly one wins.
 */
const statements = [
  `CREATE TABLE approvals (
    id text PRIMARY KEY,
    kind text NOT NULL,
    digest text NOT NULL,
    summary text NOT NULL,
    identity_id text NOT NULL,
    end_user text,
    owner text,
    conversation_id text,
    exchange_id text NOT NULL,
    rule text NOT NULL,
    approvals text NOT NULL,
    state text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    decided_by text,
    decision_reason text,
    decided_at bigint,
    used_at bigint,
    version bigint NOT NULL,
    wrapped_key text NOT NULL,
    content text NOT NULL
  )`,
  'CREATE INDEX approvals_state_idx ON approvals (state, created_at)',
  'CREATE INDEX approvals_identity_idx ON approvals (identity_id, created_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
