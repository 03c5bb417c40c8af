import { sql, type Kysely } from 'kysely';

/**
 * Stored content: one encrypted row per exchange (exchange_content), the wrapped per-subject keys that
 * decrypt them (content_keys; erasing a subject deletes its key), and legal holds that stop the purge and
 * erasure. The exchanges row says which mode applied and carries the digest the chain seals.
 */
const statements = [
  'ALTER TABLE exchanges ADD COLUMN content_mode TEXT',
  'ALTER TABLE exchanges ADD COLUMN content_digest TEXT',
  `CREATE TABLE exchange_content (
    id TEXT PRIMARY KEY NOT NULL,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    mode TEXT NOT NULL,
    sealed TEXT NOT NULL
  )`,
  'CREATE INDEX exchange_content_subject_idx ON exchange_content (subject)',
  'CREATE INDEX exchange_content_created_idx ON exchange_content (created_at)',
  `CREATE TABLE content_keys (
    subject TEXT PRIMARY KEY NOT NULL,
    wrapped TEXT,
    created_at INTEGER NOT NULL,
    erased_at INTEGER
  )`,
  `CREATE TABLE legal_holds (
    subject TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
