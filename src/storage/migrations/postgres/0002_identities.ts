import { sql, type Kysely } from 'kysely';

/**
 * The identities table. Times are ms since epoch (BIGINT, as in exchanges); the grant and role lists
 * are jsonb arrays. id sorts bytewise (COLLATE "C"), as in SQLite, so listings come back in the same
 * order on both backends. Rows are never deleted: a retired identity stays so every record that names
 * it remains attributable.
 */
const statements = [
  `CREATE TABLE identities (
    id text COLLATE "C" PRIMARY KEY,
    display_name text NOT NULL,
    owner text NOT NULL CHECK (owner <> ''),
    team text,
    environment text NOT NULL CHECK (environment IN ('sandbox', 'pilot', 'production')),
    state text NOT NULL CHECK (state IN ('active', 'suspended', 'retired')),
    purpose text,
    allowed_models jsonb NOT NULL,
    allowed_tools jsonb NOT NULL,
    allowed_datasets jsonb NOT NULL,
    roles jsonb NOT NULL,
    may_assert_end_users boolean NOT NULL,
    limits_profile text,
    guardrail_profile text,
    source text NOT NULL CHECK (source IN ('config', 'api')),
    created_at bigint NOT NULL,
    last_rotated_at bigint,
    last_used_at bigint
  )`,
  'CREATE INDEX identities_state_idx ON identities (state, id)',
];

/** Creates the identities table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
