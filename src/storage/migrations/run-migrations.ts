import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { MigrationReport } from '../store.js';

/**
 * Migrations of one dialect, by name, in the order they apply. Each entry loads a module exporting `up`;
 * the modules hold their SQL as strings, so they compile into dist with nothing to copy.
 */
export type MigrationList = Readonly<Record<string, () => Promise<Migration>>>;

export interface MigrationOptions {
  /** Schema holding Kysely's bookkeeping tables (Postgres). Omit for SQLite. */
  schema?: string;
}

/**
 * Applies every pending migration of `list` with Kysely's Migrator (transactional, and on Postgres
 * serialised across replicas by an advisory lock). Throws when one fails; the failed one is rolled back.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any schema exists; Kysely's Migrator takes Kysely<any>
export async function runMigrations(db: Kysely<any>, list: MigrationList, options: MigrationOptions = {}): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: staticProvider(list),
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed} failed: ${detail}` : `migrations failed: ${detail}`, { cause: error });
  }
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const alreadyApplied = Object.keys(list).filter((name) => !applied.includes(name));
  return { applied, alreadyApplied };
}

function staticProvider(list: MigrationList): MigrationProvider {
  return {
    async getMigrations() {
      const entries = await Promise.all(Object.entries(list).map(async ([name, load]) => [name, await load()] as const));
      return Object.fromEntries(entries);
    },
  };
}
