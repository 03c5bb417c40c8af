import { sql, type Kysely } from 'kysely';

/** Which deployment and model version served each exchange (issue 6: model registry). */
const statements = ['ALTER TABLE exchanges ADD COLUMN deployment_id TEXT', 'ALTER TABLE exchanges ADD COLUMN model_version TEXT'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
