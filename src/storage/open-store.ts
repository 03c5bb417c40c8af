import { usableCores } from '../core/cores.js';
import { resolve } from 'node:path';
import type { GatehouseConfig } from '../config/schema.js';
import type { SecretResolver } from '../config/secrets.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type StorageConfig = GatehouseConfig['storage'];

export interface OpenStoreOptions {
  /** Put every Postgres table in this schema (tests isolate runs with it). */
  postgresSchema?: string;
  /** Gateway processes sharing this machine's cores (serve --workers); decides `writerThread: auto`. Default 1. */
  processes?: number;
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
    const writerThread = useWriterThread(config.sqlite.writerThread, options.processes ?? 1, usableCores());
    return openSqliteStore(path === ':memory:' ? path : resolve(process.cwd(), path), { writerThread });
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

/**
 * `auto` puts the record writer on its own thread only when a core is left over for it: the cores this
 * process may run on (its CPU affinity, capped by a container's CPU quota: core/cores.ts) exceed the gateway
 * processes sharing them. Pinned to one core, the thread only adds a round trip per commit (measured: 11 %
 * more CPU per request, BENCHMARKS.md); with a core to spare it takes sealing and commits off the event loop.
 */
export function useWriterThread(setting: boolean | 'auto' | undefined, processes: number, cores: number): boolean {
  if (setting === true || setting === false) return setting;
  return cores > processes;
}

function isSecretReference(value: string): boolean {
  return value.startsWith('env:') || value.startsWith('file:');
}
