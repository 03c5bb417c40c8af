import { resolve } from 'node:path';
import type { GatehouseConfig } from '../config/schema.js';
import type { SecretResolver } from '../config/secrets.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type StorageConfig = GatehouseConfig['storage'];

export interface OpenStoreOptions {
  /** Put every Postgres table in this schema (tests isolate runs with it). */
  postgresSchema?: string;
}

/**
 * Opens the store the config names. A relative SQLite path resolves against process.cwd() (a configuration
 * loaded from a file holds an absolute one, config/paths.ts); a Postgres URL given as a secret reference
 * (env:, file:) is resolved here and nowhere else.
 * Does not migrate: callers decide when (serve at start, `gatehouse migrate`).
 */
export async function openStore(config: StorageConfig, resolveSecret: SecretResolver, options: OpenStoreOptions = {}): Promise<Store> {
  if (config.driver === 'sqlite') {
    const { path } = config.sqlite;
    return openSqliteStore(path === ':memory:' ? path : resolve(process.cwd(), path), { writerThread: config.sqlite.writerThread === true });
  }
  if (!config.postgres) throw new TypeError('storage.postgres is required when storage.driver is postgres');
  const { url, poolSize } = config.postgres;
  // Imported here: the pg driver is loaded only by deployments that use it, not at every SQLite start.
  const { openPostgresStore } = await import('./postgres-store.js');
  return openPostgresStore({
    url: isSecretReference(url) ? resolveSecret(url) : url,
    poolSize,
    ...(options.postgresSchema === undefined ? {} : { schema: options.postgresSchema }),
  });
}

function isSecretReference(value: string): boolean {
  return value.startsWith('env:') || value.startsWith('file:');
}
