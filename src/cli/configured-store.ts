import type { SecretResolver } from '../config/secrets.js';
import { describeStore } from '../storage/describe-store.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import type { CliConfig } from './config-source.js';

/**
 * The line every command that opens storage prints first, on stderr: which database, from which
 * configuration. A command run with the wrong `-c` (or none) then says so instead of quietly working on
 * another database: `gatehouse: using SQLite /srv/gh/data/gatehouse.db (from /srv/gh/gatehouse.yaml)`.
 */
export function storeNotice(loaded: Pick<CliConfig, 'config' | 'source' | 'isDemo'>, resolveSecret: SecretResolver): string {
  const from = loaded.isDemo ? 'the built-in demo configuration: no -c, $GATEHOUSE_CONFIG or ./gatehouse.yaml' : loaded.source;
  return `gatehouse: using ${describeStore(loaded.config.storage, resolveSecret)} (from ${from})\n`;
}

/** Names the database on `err` (storeNotice), then opens it. Does not migrate. */
export async function openConfiguredStore(
  loaded: Pick<CliConfig, 'config' | 'source' | 'isDemo'>,
  resolveSecret: SecretResolver,
  err: (text: string) => void,
): Promise<Store> {
  err(storeNotice(loaded, resolveSecret));
  return openStore(loaded.config.storage, resolveSecret);
}
