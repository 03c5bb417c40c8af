import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createSecretResolver } from '../../config/secrets.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { openStore } from '../../storage/open-store.js';
import { loadConfigForCli } from '../config-source.js';

/** `gatehouse migrate [--config <file>]`: applies pending migrations to the configured store and lists them. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations to the configured store')
    .option('-c, --config <file>', 'configuration file')
    .action(async function migrate(options: { config?: string }) {
      const { config, baseDir, source } = await loadConfigForCli(options.config);
      process.stdout.write(`config: ${source}\nstorage: ${describeStorage(config.storage)}\n`);
      try {
        const store = await openStore(config.storage, createSecretResolver(process.env, baseDir));
        try {
          const report = await store.migrate();
          for (const name of report.applied) process.stdout.write(`applied ${name}\n`);
          const summary = report.applied.length === 0 ? 'database is up to date' : `${report.applied.length} migration(s) applied`;
          process.stdout.write(`${summary} (${report.alreadyApplied.length} already applied)\n`);
        } finally {
          await store.close();
        }
      } catch (err) {
        process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}

/** Names the target without ever printing a connection URL, which may embed credentials. */
function describeStorage(storage: GatehouseConfig['storage']): string {
  if (storage.driver === 'sqlite') return `sqlite ${storage.sqlite.path === ':memory:' ? ':memory:' : resolve(storage.sqlite.path)}`;
  const url = storage.postgres?.url ?? '';
  return /^(env|file):/.test(url) ? `postgres (url from ${url})` : 'postgres';
}
