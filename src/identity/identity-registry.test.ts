import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IdentityConfig } from '../config/schema-identity.js';
import { createSecretResolver } from '../config/secrets.js';
import { silentLogger } from '../log/logger.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { createIdentityRegistry, syncConfigIdentities, type StoredIdentityRegistry } from './identity-registry.js';
import { IdentityExistsError } from './identity-storage.js';

const T0 = 1_750_000_000_000;
const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-registry-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

async function openFileStore(path = join(tempDir, `${randomUUID()}.db`)): Promise<Store> {
  const store = await openStore({ driver: 'sqlite', sqlite: { path }, batchSize: 256, flushIntervalMs: 20 }, createSecretResolver({}, tempDir));
  await store.migrate();
  return store;
}

function newIdentity(id: string, overrides: Partial<Parameters<StoredIdentityRegistry['create']>[0]> = {}): Parameters<StoredIdentityRegistry['create']>[0] {
  return {
    id,
    displayName: id,
    owner: 'owner@example.com',
    team: 'payments',
    environment: 'production',
    purpose: null,
    allowedModels: ['gpt-4o-mini'],
    allowedTools: [],
    allowedDatasets: [],
    roles: [],
    allowedScopes: [],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile: null,
    ...overrides,
  };
}

function declared(overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  return {
    owner: 'team@example.com',
    environment: 'production',
    models: ['gpt-4o-mini'],
    tools: [],
    datasets: [],
    roles: [],
    scopes: [],
    mayAssertEndUsers: false,
    state: 'active',
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('identity registry', () => {
  let store: Store;
  let clock: number;
  const registries: StoredIdentityRegistry[] = [];
  const registry = async (touchIntervalMs = 60_000) => {
    const r = await createIdentityRegistry({ repository: store.identities, logger: silentLogger(), now: () => clock, touchIntervalMs });
    registries.push(r);
    return r;
  };

  beforeEach(async () => {
    clock = T0;
    store = await openFileStore();
  });
  afterEach(async () => {
    for (const r of registries.splice(0)) await r.close();
    await store.close();
  });

  test('loads every stored identity at start and serves get synchronously from memory', async () => {
    const first = await registry();
    await first.create(newIdentity('b'));
    await first.create(newIdentity('a', { environment: 'sandbox' }));
    const second = await registry();
    expect(second.get('a')).toMatchObject({ id: 'a', environment: 'sandbox', source: 'api', state: 'active', createdAt: T0 });
    expect(second.get('missing')).toBeUndefined();
    expect(second.list().map((i) => i.id)).toEqual(['a', 'b']);
  });

  test('create writes through to the store and returns a frozen identity', async () => {
    const r = await registry();
    const input = newIdentity('svc', { roles: ['auditor'], state: 'suspended' });
    const created = await r.create(input);
    expect(created).toStrictEqual({ ...input, state: 'suspended', source: 'api', createdAt: T0, lastRotatedAt: null, lastUsedAt: null });
    expect(await store.identities.get('svc')).toStrictEqual(created);
    expect(Object.isFrozen(created) && Object.isFrozen(created.roles)).toBe(true);
    expect(Object.isFrozen(input.roles)).toBe(false);
  });

  test('a duplicate or invalid identity is refused and memory is unchanged', async () => {
    const r = await registry();
    await r.create(newIdentity('svc'));
    await expect(r.create(newIdentity('svc', { owner: 'other' }))).rejects.toBeInstanceOf(IdentityExistsError);
    expect(r.get('svc')?.owner).toBe('owner@example.com');
    await expect(r.create(newIdentity('ownerless', { owner: '  ' }))).rejects.toThrow(TypeError);
    await expect(r.create(newIdentity('bad id!'))).rejects.toThrow(TypeError);
    await expect(r.create(newIdentity('x', { roles: ['root' as 'admin'] }))).rejects.toThrow(TypeError);
    expect(r.list().map((i) => i.id)).toEqual(['svc']);
    expect((await store.identities.list()).map((i) => i.id)).toEqual(['svc']);
  });

  test('update and setState write through; memory follows only what the store accepted', async () => {
    const r = await registry();
    await r.create(newIdentity('svc'));
    const updated = await r.update('svc', { allowedTools: ['search'], team: null, owner: undefined });
    expect(updated).toMatchObject({ allowedTools: ['search'], team: null, owner: 'owner@example.com' });
    expect(r.get('svc')).toStrictEqual(updated);
    expect(await store.identities.get('svc')).toStrictEqual(updated);
    expect(await r.setState('svc', 'suspended')).toMatchObject({ state: 'suspended' });
    expect(r.get('svc')?.state).toBe('suspended');
    expect((await store.identities.get('svc'))?.state).toBe('suspended');
    expect(await r.update('nobody', { team: 'x' })).toBeUndefined();
    await expect(r.update('svc', { owner: '' })).rejects.toThrow(TypeError);

    await store.close();
    await expect(r.setState('svc', 'retired')).rejects.toThrow();
    expect(r.get('svc')?.state).toBe('suspended');
    store = await openFileStore();
  });

  test('markUsed batches last-used times: one write per interval, latest time wins, never on the caller', async () => {
    // The real repository, with each last-used write announced once stored: the test waits on that, not the clock.
    const writes: Array<Map<string, number>> = [];
    let written: () => void = () => {};
    const stored = new Promise<void>((resolve) => (written = resolve));
    const repository = {
      ...store.identities,
      async touch(batch: ReadonlyMap<string, number>) {
        await store.identities.touch(batch);
        writes.push(new Map(batch));
        written();
      },
    };
    const r = await createIdentityRegistry({ repository, logger: silentLogger(), now: () => clock, touchIntervalMs: 40 });
    registries.push(r);
    await r.create(newIdentity('a'));
    await r.create(newIdentity('b'));
    r.markUsed('a', T0 + 1);
    r.markUsed('a', T0 + 3);
    r.markUsed('a', T0 + 2);
    r.markUsed('b', T0 + 5);
    expect(writes).toEqual([]);
    expect((await store.identities.get('a'))?.lastUsedAt).toBeNull();
    await stored;
    // The registry updates its memory right after the write resolves: let those microtasks run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([
      new Map([
        ['a', T0 + 3],
        ['b', T0 + 5],
      ]),
    ]);
    expect((await store.identities.get('a'))?.lastUsedAt).toBe(T0 + 3);
    expect((await store.identities.get('b'))?.lastUsedAt).toBe(T0 + 5);
    expect(r.get('a')?.lastUsedAt).toBe(T0 + 3);
  });

  test('close flushes pending uses', async () => {
    const r = await registry(3_600_000);
    await r.create(newIdentity('a'));
    r.markUsed('a', T0 + 9);
    await r.close();
    expect((await store.identities.get('a'))?.lastUsedAt).toBe(T0 + 9);
  });

  test('refresh picks up changes made by another instance on the same store', async () => {
    const mine = await registry();
    const theirs = await registry();
    await theirs.create(newIdentity('new-one'));
    await theirs.create(newIdentity('x'));
    expect(mine.get('new-one')).toBeUndefined();
    await mine.refresh();
    expect(mine.get('new-one')?.id).toBe('new-one');
    await theirs.setState('x', 'suspended');
    await mine.refresh();
    expect(mine.get('x')?.state).toBe('suspended');
  });

  test('a write made while a refresh reads the store is not lost', async () => {
    // The real repository, answering reads late: as a busy PostgreSQL pool may, on another connection.
    let slowReads = false;
    const repository = {
      ...store.identities,
      list: async (filter?: Parameters<Store['identities']['list']>[0]) => {
        const rows = await store.identities.list(filter);
        if (slowReads) await sleep(50);
        return rows;
      },
    };
    const r = await createIdentityRegistry({ repository, logger: silentLogger(), now: () => clock });
    registries.push(r);
    slowReads = true;
    const refreshing = r.refresh();
    await sleep(10);
    await r.create(newIdentity('during'));
    await refreshing;
    expect(r.get('during')?.id).toBe('during');
  });
});

describe('syncConfigIdentities', () => {
  let store: Store;
  let r: StoredIdentityRegistry;

  beforeEach(async () => {
    store = await openFileStore();
    r = await createIdentityRegistry({ repository: store.identities, logger: silentLogger(), now: () => T0 });
  });
  afterEach(async () => {
    await r.close();
    await store.close();
  });

  test('adds declared identities with source config, then reports them unchanged', async () => {
    const report = await syncConfigIdentities(
      r,
      { 'payments-api': declared({ team: 'payments', roles: ['admin'], displayName: 'Payments' }), 'search-bot': declared({ environment: 'sandbox' }) },
      T0 + 7,
    );
    expect(report).toEqual({ added: ['payments-api', 'search-bot'], changed: [], retired: [], unchanged: [], warnings: [] });
    expect(await store.identities.get('payments-api')).toStrictEqual({
      id: 'payments-api',
      displayName: 'Payments',
      owner: 'team@example.com',
      team: 'payments',
      environment: 'production',
      state: 'active',
      purpose: null,
      allowedModels: ['gpt-4o-mini'],
      allowedTools: [],
      allowedDatasets: [],
      roles: ['admin'],
      allowedScopes: [],
      mayAssertEndUsers: false,
      limitsProfile: null,
      guardrailProfile: null,
      source: 'config',
      createdAt: T0 + 7,
      lastRotatedAt: null,
      lastUsedAt: null,
    });
    expect(r.get('search-bot')?.displayName).toBe('search-bot');
    const again = await syncConfigIdentities(
      r,
      { 'payments-api': declared({ team: 'payments', roles: ['admin'], displayName: 'Payments' }), 'search-bot': declared({ environment: 'sandbox' }) },
      T0 + 99,
    );
    expect(again).toEqual({ added: [], changed: [], retired: [], unchanged: ['payments-api', 'search-bot'], warnings: [] });
  });

  test('config wins for declared fields; created and last-used times are kept', async () => {
    await syncConfigIdentities(r, { svc: declared() }, T0);
    await r.update('svc', { allowedTools: ['added-through-a-bypass'], lastUsedAt: T0 + 50 });
    const report = await syncConfigIdentities(r, { svc: declared({ owner: 'new-owner', models: ['a', 'b'], mayAssertEndUsers: true }) }, T0 + 100);
    expect(report.changed).toEqual(['svc']);
    expect(await store.identities.get('svc')).toMatchObject({
      owner: 'new-owner',
      allowedModels: ['a', 'b'],
      allowedTools: [],
      mayAssertEndUsers: true,
      createdAt: T0,
      lastUsedAt: T0 + 50,
    });
  });

  test('an identity removed from config is retired, not deleted', async () => {
    await syncConfigIdentities(r, { keep: declared(), gone: declared() }, T0);
    await r.create(newIdentity('api-made'));
    const report = await syncConfigIdentities(r, { keep: declared() }, T0 + 1);
    expect(report).toMatchObject({ retired: ['gone'], unchanged: ['keep'] });
    expect(await store.identities.get('gone')).toMatchObject({ state: 'retired', source: 'config' });
    expect(r.get('api-made')?.state).toBe('active');
    expect((await syncConfigIdentities(r, { keep: declared() }, T0 + 2)).retired).toEqual([]);
  });

  test('the sync only makes state stricter: an incident suspension survives, a retired id is not revived', async () => {
    await syncConfigIdentities(r, { svc: declared(), old: declared() }, T0);
    await r.setState('svc', 'suspended');
    await r.setState('old', 'retired');
    const report = await syncConfigIdentities(r, { svc: declared({ owner: 'changed' }), old: declared() }, T0 + 1);
    expect(r.get('svc')).toMatchObject({ state: 'suspended', owner: 'changed' });
    expect(r.get('old')?.state).toBe('retired');
    expect(report.warnings).toEqual([
      'identity svc stays suspended (set through the admin API); reactivate it there',
      'identity old is retired and stays retired; declare a new id instead',
    ]);
    await syncConfigIdentities(r, { svc: declared({ owner: 'changed', state: 'retired' }), old: declared() }, T0 + 2);
    expect(r.get('svc')?.state).toBe('retired');
  });

  test('an identity created through the API and then declared in config is taken over by the config', async () => {
    await r.create(newIdentity('svc', { owner: 'api-owner' }));
    const report = await syncConfigIdentities(r, { svc: declared() }, T0 + 1);
    expect(report.changed).toEqual(['svc']);
    expect(report.warnings).toEqual(['identity svc was created through the admin API; gatehouse.yaml now manages it']);
    expect(await store.identities.get('svc')).toMatchObject({ source: 'config', owner: 'team@example.com', createdAt: T0 });
  });

  test('refuses a registry that cannot write whole identities, before changing anything', async () => {
    const { upsert: _upsert, ...contractOnly } = r;
    await expect(syncConfigIdentities(contractOnly, { svc: declared() }, T0)).rejects.toThrow(TypeError);
    expect(r.get('svc')).toBeUndefined();
  });
});
