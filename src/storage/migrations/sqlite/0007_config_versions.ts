import { sql, type Kysely } from 'kysely';

/** Every configuration a gateway ran, by hash: what `gatehouse replay --policy recorded` re-runs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`CREATE TABLE config_versions (
    hash TEXT PRIMARY KEY NOT NULL,
    config TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL
  )`)
    .execute(db);
}
