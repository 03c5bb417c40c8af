import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { IdentityExistsError } from '../identity/identity-storage.js';
import type { Identity } from '../identity/types.js';
import { openStore, type StorageConfig } from './open-store.js';
import type { Store } from './store.js';
import { freshPostgresStores, postgresAvailable } from './postgres-stores.fixtures.js';

const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-identities-'));
const resolveSecret = createSecretResolver(process.env, tempDir);
const T0 = 1_750_000_000_000;

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function storageConfig(overrides: Partial<StorageConfig>): StorageConfig {
  return { driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 20, ...overrides };
}

/** A plausible API-created identity; `overrides` replace fields. */
function exampleIdentity(id: string, overrides: Partial<Identity> = {}): Identity {
  return {
    id,
    displayName: `Display ${id}`,
    owner: 'team-payments@example.com',
    team: 'payments',
    environment: 'production',
    state: 'active',
    purpose: 'checkout assistant',
    allowedModels: ['gpt-4o-mini', 'claude-sonnet'],
    allowedTools: ['lookup_order'],
    allowedDatasets: [],
    roles: [],
    allowedScopes: ['reports:read', 'chat'],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile: null,
    source: 'api',
    createdAt: T0,
    lastRotatedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

const ids = (list: readonly Identity[]): string[] => list.map((i) => i.id);

/** The behavioural contract of IdentityRepository, on a fresh, migrated store. */
function runIdentityRepositoryContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`IdentityRepository contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    test('create then get round-trips every field, arrays and nulls included', async () => {
      const full = exampleIdentity('payments-api.prod_1', {
        displayName: 'Payments "API" Ω',
        team: 'pay/ments',
        environment: 'pilot',
        state: 'suspended',
        allowedModels: ['*'],
        allowedTools: ['a', 'b "quoted"', 'ünïcode'],
        allowedDatasets: ['orders'],
        roles: ['admin', 'auditor'],
        mayAssertEndUsers: true,
        limitsProfile: 'standard',
        guardrailProfile: 'strict',
        source: 'config',
        createdAt: T0 + 1,
        lastRotatedAt: T0 + 2,
        lastUsedAt: 2 ** 40 + 7,
      });
      const sparse = exampleIdentity('sparse', { team: null, purpose: null, allowedModels: [], allowedTools: [], allowedDatasets: [], roles: [] });
      await store.identities.create(full);
      await store.identities.create(sparse);
      expect(await store.identities.get(full.id)).toStrictEqual(full);
      expect(await store.identities.get(sparse.id)).toStrictEqual(sparse);
      expect(await store.identities.get('no-such-identity')).toBeUndefined();
    });

    test('creating a taken id throws IdentityExistsError and leaves the first one intact', async () => {
      const first = exampleIdentity('dup');
      await store.identities.create(first);
      const second = store.identities.create(exampleIdentity('dup', { owner: 'someone-else' }));
      await expect(second).rejects.toBeInstanceOf(IdentityExistsError);
      await expect(second).rejects.toMatchObject({ id: 'dup' });
      expect(await store.identities.get('dup')).toStrictEqual(first);
    });

    test('list is ordered by id and filters by state, environment and team, alone and combined', async () => {
      await store.identities.create(exampleIdentity('c', { environment: 'sandbox', team: 'search' }));
      await store.identities.create(exampleIdentity('a', { environment: 'production', team: 'payments' }));
      await store.identities.create(exampleIdentity('b', { environment: 'production', team: 'search', state: 'suspended' }));
      await store.identities.create(exampleIdentity('d', { environment: 'pilot', team: null, state: 'retired' }));
      expect(ids(await store.identities.list())).toEqual(['a', 'b', 'c', 'd']);
      expect(ids(await store.identities.list({}))).toEqual(['a', 'b', 'c', 'd']);
      expect(ids(await store.identities.list({ state: 'active' }))).toEqual(['a', 'c']);
      expect(ids(await store.identities.list({ environment: 'production' }))).toEqual(['a', 'b']);
      expect(ids(await store.identities.list({ team: 'search' }))).toEqual(['b', 'c']);
      expect(ids(await store.identities.list({ environment: 'production', team: 'search', state: 'suspended' }))).toEqual(['b']);
      expect(await store.identities.list({ team: 'nobody' })).toEqual([]);
    });

    test('update changes only the patched fields and returns the result; unknown ids give undefined', async () => {
      const original = exampleIdentity('svc');
      await store.identities.create(original);
      const patched = await store.identities.update('svc', {
        team: null,
        allowedTools: [],
        roles: ['security'],
        mayAssertEndUsers: true,
        lastRotatedAt: T0 + 50,
        state: 'suspended',
      });
      const expected = { ...original, team: null, allowedTools: [], roles: ['security'], mayAssertEndUsers: true, lastRotatedAt: T0 + 50, state: 'suspended' };
      expect(patched).toStrictEqual(expected);
      expect(await store.identities.get('svc')).toStrictEqual(expected);
      expect(await store.identities.update('svc', {})).toStrictEqual(expected);
      expect(await store.identities.update('nope', { owner: 'x' })).toBeUndefined();
      expect(await store.identities.update('nope', {})).toBeUndefined();
    });

    test('upsert inserts a new identity and replaces an existing one whole', async () => {
      const declared = exampleIdentity('cfg', { source: 'config' });
      await store.identities.upsert(declared);
      expect(await store.identities.get('cfg')).toStrictEqual(declared);
      const replaced = { ...declared, owner: 'new-owner', team: null, allowedModels: ['m'], roles: ['approver' as const], state: 'retired' as const };
      await store.identities.upsert(replaced);
      expect(await store.identities.get('cfg')).toStrictEqual(replaced);
      expect(ids(await store.identities.list())).toEqual(['cfg']);
    });

    test('touch writes lastUsedAt in one batch and never moves it backwards', async () => {
      await store.identities.create(exampleIdentity('x'));
      await store.identities.create(exampleIdentity('y', { lastUsedAt: T0 + 100 }));
      await store.identities.touch(new Map());
      await store.identities.touch(
        new Map([
          ['x', T0 + 10],
          ['y', T0 + 50],
          ['ghost', T0],
        ]),
      );
      expect((await store.identities.get('x'))?.lastUsedAt).toBe(T0 + 10);
      expect((await store.identities.get('y'))?.lastUsedAt).toBe(T0 + 100);
      await store.identities.touch(new Map([['y', T0 + 200]]));
      expect((await store.identities.get('y'))?.lastUsedAt).toBe(T0 + 200);
      expect(await store.identities.get('ghost')).toBeUndefined();
    });

    test('the store refuses an identity without an owner', async () => {
      await expect(store.identities.create(exampleIdentity('ownerless', { owner: '' }))).rejects.toThrow();
      expect(await store.identities.get('ownerless')).toBeUndefined();
    });
  });
}

describe('SQLite', () => {
  runIdentityRepositoryContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runIdentityRepositoryContract('sqlite :memory:', () => openStore(storageConfig({}), resolveSecret));
});

describe.skipIf(!postgresAvailable('PostgreSQL identity repository contract'))('PostgreSQL', () => {
  runIdentityRepositoryContract('postgres', freshPostgresStores());
});
