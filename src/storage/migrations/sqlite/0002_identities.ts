import { sql, type Kysely } from 'kysely';

/**
 * The identities table. Times are ms since epoch; the grant and role lists are JSON arrays stored as
 * TEXT; may_assert_end_users is 0/1. Rows are never deleted: a retired identity stays so every record
 * that names it remains attributable.
 */
const statements = [
  `CREATE TABLE identities (
    id TEXT PRIMARY KEY NOT NULL,
    display_name TEXT NOT NULL,
    owner TEXT NOT NULL CHECK (owner <> ''),
    team TEXT,
    environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'pilot', 'production')),
    state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'retired')),
    purpose TEXT,
    allowed_models TEXT NOT NULL,
    allowed_tools TEXT NOT NULL,
    allowed_datasets TEXT NOT NULL,
    roles TEXT NOT NULL,
    may_assert_end_users INTEGER NOT NULL CHECK (may_assert_end_users IN (0, 1)),
    limits_profile TEXT,
    guardrail_profile TEXT,
    source TEXT NOT NULL CHECK (source IN ('config', 'api')),
    created_at INTEGER NOT NULL,
    last_rotated_at INTEGER,
    last_used_at INTEGER
  )`,
  'CREATE INDEX identities_state_idx ON identities (state, id)',
];

/** Creates the identities table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // better-sqlite3 prepares one statement at a time, hence one raw query per statement.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
