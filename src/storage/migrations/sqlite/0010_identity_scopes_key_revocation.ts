import { sql, type Kysely } from 'kysely';

/**
 * Issue 11: the scopes an identity may hold (a JSON array, empty for every existing identity, so no
 * token it gets afterwards carries a scope until one is granted), and who revoked a static API key and
 * why, for the key listing.
 */
const statements = [
  "ALTER TABLE identities ADD COLUMN allowed_scopes TEXT NOT NULL DEFAULT '[]'",
  'ALTER TABLE api_keys ADD COLUMN revoked_by TEXT',
  'ALTER TABLE api_keys ADD COLUMN revoke_reason TEXT',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
