import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * The configurations gateways have run, keyed by the hash records carry as `policyVersion`. Configuration
 * holds secret references (env:, file:), never secret values, so it can be kept whole.
 */
export interface ConfigVersionRepository {
  /** Stores a version unless it is already known. */
  save(hash: string, config: unknown, at: number): Promise<void>;
  get(hash: string): Promise<unknown | undefined>;
}

export function createConfigVersionRepository(db: Kysely<Database>): ConfigVersionRepository {
  return {
    async save(hash, config, at) {
      await db
        .insertInto('config_versions')
        .values({ hash, config: JSON.stringify(config), first_seen_at: at })
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute();
    },
    async get(hash) {
      const row = await db.selectFrom('config_versions').select('config').where('hash', '=', hash).executeTakeFirst();
      return row ? (JSON.parse(row.config) as unknown) : undefined;
    },
  };
}
