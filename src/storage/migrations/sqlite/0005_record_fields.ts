import { sql, type Kysely } from 'kysely';

/** Record fields for audit and search: conversation, environment, policy version, findings (JSON), cost. */
const statements = [
  'ALTER TABLE exchanges ADD COLUMN conversation_id TEXT',
  'ALTER TABLE exchanges ADD COLUMN environment TEXT',
  'ALTER TABLE exchanges ADD COLUMN policy_version TEXT',
  "ALTER TABLE exchanges ADD COLUMN findings TEXT NOT NULL DEFAULT '[]'",
  'ALTER TABLE exchanges ADD COLUMN cost_usd REAL',
  'CREATE INDEX exchanges_end_user_idx ON exchanges (end_user, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_conversation_idx ON exchanges (conversation_id, created_at DESC, id DESC)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
