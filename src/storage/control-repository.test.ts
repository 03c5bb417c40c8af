import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import { NothingToRollBackError } from '../core/errors.js';
import { openStore, type StorageConfig } from './open-store.js';
import type { Store } from './store.js';
import { freshPostgresStores, postgresAvailable } from './postgres-stores.fixtures.js';

const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-controls-'));
const resolveSecret = createSecretResolver(process.env, tempDir);
const T0 = 1_750_000_000_000;
const who = (n: number) => ({ actor: `cli:op${n}`, reason: `reason ${n}`, at: T0 + n });

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function storageConfig(overrides: Partial<StorageConfig>): StorageConfig {
  return { driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 20, ...overrides };
}

/** The behavioural contract of ControlRepository, on a fresh, migrated store. */
function runControlRepositoryContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`ControlRepository contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    test('a fresh store is at revision 0 with nothing on', async () => {
      expect(await store.controls.revision()).toBe(0);
      expect(await store.controls.snapshot()).toEqual({ revision: 0, state: [] });
      expect(await store.controls.history()).toEqual([]);
    });

    test('stop and resume: state follows, history keeps both, every change bumps the revision by one', async () => {
      const stopped = await store.controls.apply({ kind: 'stop', scope: 'identity', target: 'bot "ω"', ...who(1) });
      expect(stopped).toEqual({
        revision: 1,
        kind: 'stop',
        scope: 'identity',
        target: 'bot "ω"',
        version: null,
        previous: null,
        reason: 'reason 1',
        actor: 'cli:op1',
        at: T0 + 1,
      });
      await store.controls.apply({ kind: 'stop', scope: 'all', target: '*', ...who(2) });
      expect(await store.controls.snapshot()).toEqual({
        revision: 2,
        state: [
          { scope: 'all', target: '*', version: null, reason: 'reason 2', actor: 'cli:op2', at: T0 + 2, revision: 2 },
          { scope: 'identity', target: 'bot "ω"', version: null, reason: 'reason 1', actor: 'cli:op1', at: T0 + 1, revision: 1 },
        ],
      });
      expect((await store.controls.apply({ kind: 'resume', scope: 'identity', target: 'bot "ω"', ...who(3) }))?.revision).toBe(3);
      expect((await store.controls.snapshot()).state.map((s) => s.scope)).toEqual(['all']);
      expect((await store.controls.history()).map((e) => [e.revision, e.kind, e.scope])).toEqual([
        [3, 'resume', 'identity'],
        [2, 'stop', 'all'],
        [1, 'stop', 'identity'],
      ]);
      expect((await store.controls.history({ scope: 'identity', limit: 1 })).map((e) => e.revision)).toEqual([3]);
    });

    test('turning off what is off changes nothing: no event, no revision', async () => {
      expect(await store.controls.apply({ kind: 'resume', scope: 'model', target: 'm', ...who(1) })).toBeUndefined();
      expect(await store.controls.apply({ kind: 'incident_off', ...who(2) })).toBeUndefined();
      expect(await store.controls.revision()).toBe(0);
      expect(await store.controls.history()).toEqual([]);
      await store.controls.apply({ kind: 'incident_on', ...who(3) });
      expect((await store.controls.snapshot()).state).toEqual([
        { scope: 'incident', target: '*', version: null, reason: 'reason 3', actor: 'cli:op3', at: T0 + 3, revision: 1 },
      ]);
      expect((await store.controls.apply({ kind: 'incident_off', ...who(4) }))?.kind).toBe('incident_off');
      expect((await store.controls.snapshot()).state).toEqual([]);
    });

    test('promote records the version it replaced; rollback returns to it, and a second rollback undoes the first', async () => {
      const first = await store.controls.apply({ kind: 'promote', model: 'chat', version: 'v2', ...who(1) });
      expect(first).toMatchObject({ kind: 'promote', scope: 'version', target: 'chat', version: 'v2', previous: null });
      const second = await store.controls.apply({ kind: 'promote', model: 'chat', version: 'v3', ...who(2) });
      expect(second).toMatchObject({ version: 'v3', previous: 'v2' });
      expect((await store.controls.snapshot()).state).toMatchObject([{ scope: 'version', target: 'chat', version: 'v3' }]);

      const back = await store.controls.apply({ kind: 'rollback', model: 'chat', ...who(3) });
      expect(back).toMatchObject({ kind: 'rollback', version: 'v2', previous: 'v3', reason: 'reason 3' });
      expect((await store.controls.snapshot()).state).toMatchObject([{ target: 'chat', version: 'v2' }]);

      const again = await store.controls.apply({ kind: 'rollback', model: 'chat', to: undefined, ...who(4) });
      expect(again).toMatchObject({ version: 'v3', previous: 'v2' });
      const explicit = await store.controls.apply({ kind: 'promote', model: 'chat', version: 'v9', ...who(5) });
      expect(explicit?.previous).toBe('v3');
      expect(await store.controls.apply({ kind: 'rollback', model: 'chat', to: 'v1', ...who(6) })).toMatchObject({ version: 'v1', previous: 'v9' });
      expect((await store.controls.history({ scope: 'version', target: 'chat' })).map((e) => `${e.kind}:${e.previous}->${e.version}`)).toEqual([
        'rollback:v9->v1',
        'promote:v3->v9',
        'rollback:v2->v3',
        'rollback:v3->v2',
        'promote:v2->v3',
        'promote:null->v2',
      ]);
    });

    test('a rollback of a first promotion goes back to the configured default: the state row goes', async () => {
      await store.controls.apply({ kind: 'promote', model: 'chat', version: 'v2', ...who(1) });
      expect(await store.controls.apply({ kind: 'rollback', model: 'chat', ...who(2) })).toMatchObject({ version: null, previous: 'v2' });
      expect((await store.controls.snapshot()).state).toEqual([]);
      expect(await store.controls.revision()).toBe(2);
    });

    test('rolling back a model never promoted throws and changes nothing', async () => {
      await expect(store.controls.apply({ kind: 'rollback', model: 'never', ...who(1) })).rejects.toBeInstanceOf(NothingToRollBackError);
      expect(await store.controls.revision()).toBe(0);
      expect(await store.controls.history()).toEqual([]);
    });

    test('concurrent changes each get their own revision, in order, none lost', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.controls.apply({ kind: 'stop', scope: 'identity', target: `id-${i}`, ...who(i) })));
      expect(await store.controls.revision()).toBe(20);
      expect((await store.controls.history()).map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
      expect((await store.controls.snapshot()).state).toHaveLength(20);
    });
  });
}

describe('SQLite', () => {
  runControlRepositoryContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runControlRepositoryContract('sqlite :memory:', () => openStore(storageConfig({}), resolveSecret));
});

describe.skipIf(!postgresAvailable('PostgreSQL control repository contract'))('PostgreSQL', () => {
  runControlRepositoryContract('postgres', freshPostgresStores());
});
