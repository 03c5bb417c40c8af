import { sql, type Kysely } from 'kysely';

/** Every configuration a gateway ran, by hash: what `gatehouse replay --policy recorded` re-runs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`CREATE TABLE config_versions (
    hash text PRIMARY KEY,
    config text NOT NULL,
    first_seen_at bigint NOT NULL
  )`)
    .execute(db);
}
