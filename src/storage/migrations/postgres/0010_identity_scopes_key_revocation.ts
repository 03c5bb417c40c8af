import { sql, type Kysely } from 'kysely';

/**
 * Issue 11: the scopes an identity may hold (a jsonb array, empty for every existing identity, so no
 * token it gets afterwards carries a scope until one is granted), and who revoked a static API key and
 * why, for the key listing.
 */
const statements = [
  "ALTER TABLE identities ADD COLUMN allowed_scopes jsonb NOT NULL DEFAULT '[]'::jsonb",
  'ALTER TABLE api_keys ADD COLUMN revoked_by text',
  'ALTER TABLE api_keys ADD COLUMN revoke_reason text',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
