import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { createLogger, silentLogger } from '../log/logger.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { freshPostgresStores, postgresAvailable } from '../storage/postgres-stores.fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-control-plane-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const op = { actor: 'cli:op', reason: 'INC-42' };

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function sharedStore(name: string): Promise<Store> {
  const store = await openStore({ driver: 'sqlite', sqlite: { path: join(dir, `${name}.db`) }, batchSize: 256, flushIntervalMs: 20 }, createSecretResolver({}));
  await store.migrate();
  open.push(store);
  return store;
}

async function plane(store: Store, refreshMs = 0, logger = silentLogger()): Promise<ControlPlane> {
  const p = await startControlPlane({ store, refreshMs, logger });
  open.push(p);
  return p;
}

/** Polls until `check` holds (the other replica refreshes on its own timer). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('startControlPlane', () => {
  test('a change applies to the process that made it before the call returns', async () => {
    const a = await plane(await sharedStore('own'));
    expect(a.stopped('identity', 'bot')).toBeUndefined();
    await a.stop('identity', 'bot', op);
    expect(a.stopped('identity', 'bot')).toMatchObject({ scope: 'identity', target: 'bot', actor: 'cli:op', reason: 'INC-42' });
    expect(a.revision).toBe(1);
    await a.stop('all', 'ignored', op);
    expect(a.stopped('all', '*')).toMatchObject({ target: '*' });
    await a.setIncident(true, op);
    expect(a.incident).toBe(true);
    await a.promote('chat', 'v2', op);
    expect(a.activeVersion('chat')).toBe('v2');
    expect(a.list()).toMatchObject({
      revision: 4,
      incident: { actor: 'cli:op' },
      stops: [{ scope: 'all' }, { scope: 'identity' }],
      promotions: [{ model: 'chat', version: 'v2' }],
    });
    expect(await a.resume('identity', 'bot', op)).toMatchObject({ kind: 'resume' });
    expect(await a.resume('identity', 'bot', op)).toBeUndefined();
    expect(a.stopped('identity', 'bot')).toBeUndefined();
    await a.setIncident(false, op);
    expect(a.incident).toBe(false);
    await a.rollback('chat', op);
    expect(a.activeVersion('chat')).toBeUndefined();
    expect((await a.history('chat')).map((e) => e.kind)).toEqual(['rollback', 'promote']);
  });

  test('another replica on the same store picks a change up on its own refresh, and its undo too', async () => {
    const store = await sharedStore('replicas');
    const writer = await plane(store);
    const replica = await plane(store, 100);
    await writer.stop('model', 'chat', op);
    await writer.promote('chat', 'v7', op);
    expect(replica.stopped('model', 'chat')).toBeUndefined();
    await eventually(() => replica.stopped('model', 'chat') !== undefined && replica.activeVersion('chat') === 'v7');
    expect(replica.revision).toBe(2);
    await writer.resume('model', 'chat', op);
    await eventually(() => replica.stopped('model', 'chat') === undefined);
  });

  test('a replica started later loads what is on at start', async () => {
    const store = await sharedStore('late');
    await (await plane(store)).stop('provider', 'openai', op);
    const late = await plane(store);
    expect(late.stopped('provider', 'openai')).toMatchObject({ reason: 'INC-42' });
  });

  test('a failed refresh keeps the last view (a store outage never lifts a kill switch) and is logged', async () => {
    const store = await sharedStore('outage');
    let logged = '';
    const logger = createLogger('warn', new Writable({ write: (chunk, _enc, done) => void ((logged += String(chunk)), done()) }));
    const replica = await plane(store, 100, logger);
    const writer = await plane(store);
    await writer.stop('identity', 'bot', op);
    await eventually(() => replica.stopped('identity', 'bot') !== undefined);
    await store.close();
    await expect(replica.refresh()).rejects.toThrow();
    await eventually(() => logged.includes('control refresh failed'));
    expect(replica.stopped('identity', 'bot')).toMatchObject({ target: 'bot' });
  });
});

describe.skipIf(!postgresAvailable('PostgreSQL control plane refresh'))('startControlPlane on PostgreSQL', () => {
  const freshStore = freshPostgresStores();
  test('two replicas over one database: a stop and a promotion by one reach the other on its refresh', async () => {
    const storeA = await freshStore();
    await storeA.migrate();
    open.push(storeA);
    const writer = await plane(storeA);
    const replica = await plane(storeA, 100);
    await writer.stop('identity', 'bot', op);
    await writer.promote('chat', 'v2', op);
    await eventually(() => replica.stopped('identity', 'bot') !== undefined && replica.activeVersion('chat') === 'v2');
    await writer.rollback('chat', op);
    await eventually(() => replica.activeVersion('chat') === undefined);
  });
});
