import type { Command } from 'commander';
import { createSecretResolver } from '../../config/secrets.js';
import { loadConfigForCli } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';

/** `gatehouse migrate [--config <file>]`: applies pending migrations to the configured store and lists them. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations to the configured store')
    .option('-c, --config <file>', 'configuration file')
    .action(async function migrate(options: { config?: string }) {
      const loaded = await loadConfigForCli(options.config);
      try {
        const store = await openConfiguredStore(loaded, createSecretResolver(process.env, loaded.baseDir), (text) => process.stderr.write(text));
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
