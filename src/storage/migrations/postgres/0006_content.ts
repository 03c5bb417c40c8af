import { sql, type Kysely } from 'kysely';

/**
 * Stored content: one encrypted row per exchange (exchange_content), the wrapped per-subject keys that
 * decrypt them (content_keys; erasing a subject deletes its key), and legal holds that stop the purge and
 * erasure. The exchanges row says which mode applied and carries the digest the chain seals.
 */
const statements = [
  'ALTER TABLE exchanges ADD COLUMN content_mode text',
  'ALTER TABLE exchanges ADD COLUMN content_digest text',
  `CREATE TABLE exchange_content (
    id text PRIMARY KEY,
    subject text NOT NULL,
    created_at bigint NOT NULL,
    mode text NOT NULL,
    sealed text NOT NULL
  )`,
  'CREATE INDEX exchange_content_subject_idx ON exchange_content (subject)',
  'CREATE INDEX exchange_content_created_idx ON exchange_content (created_at)',
  `CREATE TABLE content_keys (
    subject text PRIMARY KEY,
    wrapped text,
    created_at bigint NOT NULL,
    erased_at bigint
  )`,
  `CREATE TABLE legal_holds (
    subject text PRIMARY KEY,
    reason text NOT NULL,
    created_at bigint NOT NULL,
    created_by text NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
