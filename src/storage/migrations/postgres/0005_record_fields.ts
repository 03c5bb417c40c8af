import { sql, type Kysely } from 'kysely';

/** Record fields for audit and search: conversation, environment, policy version, findings (jsonb), cost. */
const statements = [
  'ALTER TABLE exchanges ADD COLUMN conversation_id text',
  'ALTER TABLE exchanges ADD COLUMN environment text',
  'ALTER TABLE exchanges ADD COLUMN policy_version text',
  "ALTER TABLE exchanges ADD COLUMN findings jsonb NOT NULL DEFAULT '[]'::jsonb",
  'ALTER TABLE exchanges ADD COLUMN cost_usd double precision',
  'CREATE INDEX exchanges_end_user_idx ON exchanges (end_user, created_at DESC, id DESC)',
  'CREATE INDEX exchanges_conversation_idx ON exchanges (conversation_id, created_at DESC, id DESC)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
