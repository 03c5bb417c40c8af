import type { SecretResolver } from '../config/secrets.js';
import type { StorageConfig } from './open-store.js';

/**
 * The database a storage configuration opens, for people: `SQLite /abs/path/gatehouse.db`, or
 * `PostgreSQL host:port/database`. Never a credential: the user, the password and the query string of a
 * PostgreSQL URL are left out, and a secret reference that does not resolve is named, not guessed at.
 * A relative SQLite path is shown as given (loaded configurations hold absolute ones, config/paths.ts).
 */
export function describeStore(storage: StorageConfig, resolveSecret: SecretResolver): string {
  if (storage.driver === 'sqlite') return storage.sqlite.path === ':memory:' ? 'SQLite in memory (:memory:)' : `SQLite ${storage.sqlite.path}`;
  const given = storage.postgres?.url;
  if (given === undefined) return 'PostgreSQL (no storage.postgres.url)';
  let url: string;
  try {
    url = /^(env|file):/.test(given) ? resolveSecret(given) : given;
  } catch {
    return `PostgreSQL (URL from ${given}, which does not resolve here)`;
  }
  return `PostgreSQL ${postgresTarget(url)}`;
}

/** `host:port/database` of a connection URL; libpq's `?host=` (a socket folder) stands in for an empty host. */
function postgresTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a URL that does not parse)';
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port ? `:${parsed.port}` : '';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return `${host}${port}/${database}`;
}
