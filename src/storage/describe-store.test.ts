import { describe, expect, it } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { describeStore } from './describe-store.js';
import type { StorageConfig } from './open-store.js';

const common = { batchSize: 256, flushIntervalMs: 20 };
const sqlite = (path: string): StorageConfig => ({ driver: 'sqlite', sqlite: { path }, ...common });
const postgres = (url: string): StorageConfig => ({ driver: 'postgres', sqlite: { path: './unused.db' }, postgres: { url, poolSize: 1 }, ...common });

describe('describeStore', () => {
  it('names a SQLite file by its path, and an in-memory database as such', () => {
    const resolveSecret = createSecretResolver({});
    expect(describeStore(sqlite('/srv/gh/data/gatehouse.db'), resolveSecret)).toBe('SQLite /srv/gh/data/gatehouse.db');
    expect(describeStore(sqlite(':memory:'), resolveSecret)).toBe('SQLite in memory (:memory:)');
  });

  it('names a PostgreSQL host, port and database, never the user, password or parameters', () => {
    const env = { DB_URL: 'postgres://gh_user:s3cr3t-pw@db.internal:6432/gatehouse?sslmode=require&password=other' };
    const text = describeStore(postgres('env:DB_URL'), createSecretResolver(env));
    expect(text).toBe('PostgreSQL db.internal:6432/gatehouse');
    for (const secret of ['gh_user', 's3cr3t', 'other', 'sslmode']) expect(text).not.toContain(secret);
    expect(describeStore(postgres('postgres://db.internal/gh'), createSecretResolver({}))).toBe('PostgreSQL db.internal/gh');
    expect(describeStore(postgres('postgresql:///gh?host=/var/run/postgresql'), createSecretResolver({}))).toBe('PostgreSQL /var/run/postgresql/gh');
  });

  it('says when the URL reference does not resolve, naming only the reference', () => {
    expect(describeStore(postgres('env:GH_DESCRIBE_MISSING'), createSecretResolver({}))).toBe(
      'PostgreSQL (URL from env:GH_DESCRIBE_MISSING, which does not resolve here)',
    );
  });
});
