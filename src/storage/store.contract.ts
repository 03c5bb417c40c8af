import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MigrationReport, Store } from './store.js';
import type { ExchangeRecord } from '../core/record.js';

/** A fixed instant, so ordering assertions never depend on the clock. */
export const T0 = 1_750_000_000_000;

/** A plausible record with id `ex-00042` for i = 42; `overrides` replace fields. */
export function exampleExchange(i: number, overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    id: `ex-${String(i).padStart(5, '0')}`,
    createdAt: T0 + i,
    operation: 'chat',
    method: 'POST',
    path: '/v1/chat/completions',
    identityId: 'anonymous',
    endUser: null,
    modelRequested: 'gpt-4o-mini',
    providerId: 'openai',
    upstreamModel: 'gpt-4o-mini',
    streamed: false,
    status: 200,
    reason: 'ok',
    outcome: 'ok',
    promptTokens: 10,
    completionTokens: 20,
    totalTokens: 30,
    latencyMs: 42,
    ttfbMs: null,
    trace: [{ stage: 'route', phase: 'route', verdict: 'continue', durationUs: 5 }],
    conversationId: null,
    environment: null,
    policyVersion: null,
    findings: [],
    costUsd: null,
    contentMode: null,
    contentDigest: null,
    deploymentId: null,
    modelVersion: null,
    ...overrides,
  };
}

/** Newest first, ties by id descending: the order listExchanges promises. */
function newestFirst(a: ExchangeRecord, b: ExchangeRecord): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const ids = (records: readonly ExchangeRecord[]): string[] => records.map((r) => r.id);

/**
 * The one behavioural contract of `Store`, registered as vitest tests. `makeStore` must return a store
 * on a fresh, empty database that has not been migrated yet.
 */
export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let firstMigration: MigrationReport;

    beforeEach(async () => {
      store = await makeStore();
      firstMigration = await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    test('migrate applies every migration once, then nothing', async () => {
      expect(firstMigration.applied).toContain('0001_exchanges');
      expect(firstMigration.alreadyApplied).toEqual([]);
      const second = await store.migrate();
      expect(second).toEqual({ applied: [], alreadyApplied: firstMigration.applied });
    });

    test('insert then get round-trips every field exactly', async () => {
      const full = exampleExchange(1, {
        id: '01J8ZQ6W3K-full',
        operation: 'chat',
        identityId: 'workload:billing',
        endUser: 'user-Ω-42 "quoted"',
        upstreamModel: 'gpt-4o-mini-2024-07-18',
        streamed: true,
        promptTokens: 2 ** 31 + 7,
        completionTokens: 0,
        totalTokens: Number.MAX_SAFE_INTEGER,
        latencyMs: 1234.5678,
        ttfbMs: 87.25,
        conversationId: 'conv-7',
        environment: 'production',
        policyVersion: 'a'.repeat(64),
        findings: [
          { direction: 'input', detector: 'pii', type: 'EMAIL_ADDRESS', score: 0.95, start: 3, end: 22, path: 'messages[0].content', action: 'redact' },
        ],
        costUsd: 0.000123,
        trace: [
          { stage: 'auth', phase: 'request', verdict: 'continue', durationUs: 12 },
          { stage: 'pii', phase: 'response', verdict: 'shadow', reason: 'pii_detected', policyId: 'p-1', durationUs: 340, note: 'back\\slash "q" ✓' },
        ],
      });
      const sparse = exampleExchange(2, {
        operation: 'unknown',
        path: '/v1/nowhere',
        modelRequested: null,
        providerId: null,
        upstreamModel: null,
        status: 403,
        reason: 'auth_required',
        outcome: 'refused',
        promptTokens: null,
        completionTokens: null,
        totalTokens: null,
        latencyMs: 0,
        trace: [],
      });
      await store.insertExchanges([full, sparse]);
      expect(await store.getExchange(full.id)).toStrictEqual(full);
      expect(await store.getExchange(sparse.id)).toStrictEqual(sparse);
      expect(await store.getExchange('no-such-id')).toBeUndefined();
    });

    test('inserting no records is a no-op', async () => {
      await store.insertExchanges([]);
      expect(await store.countExchanges()).toBe(0);
    });

    test('a batch of 1000 records is written whole', async () => {
      const batch = Array.from({ length: 1000 }, (_, i) => exampleExchange(i));
      await store.insertExchanges(batch);
      expect(await store.countExchanges()).toBe(1000);
      expect(await store.getExchange(batch[999]!.id)).toStrictEqual(batch[999]);
    });

    test('a batch containing a duplicate id writes nothing', async () => {
      // The duplicate is last, so earlier rows (and statements, when chunked) have run before it fails.
      const selfDuplicate = Array.from({ length: 1000 }, (_, i) => exampleExchange(i));
      selfDuplicate.push(exampleExchange(0));
      await expect(store.insertExchanges(selfDuplicate)).rejects.toThrow();
      expect(await store.countExchanges()).toBe(0);

      const existing = exampleExchange(5000);
      await store.insertExchanges([existing]);
      const clashing = [...Array.from({ length: 999 }, (_, i) => exampleExchange(i)), exampleExchange(5000)];
      await expect(store.insertExchanges(clashing)).rejects.toThrow();
      expect(await store.countExchanges()).toBe(1);
      expect(await store.getExchange(clashing[0]!.id)).toBeUndefined();
    });

    test('a stream start is replaced by its final record; both stay in the audit chain', async () => {
      const start = exampleExchange(1, { outcome: 'in_progress', status: 200, reason: 'ok' });
      await store.insertExchanges([start, exampleExchange(2)]);
      expect(await store.getExchange(start.id)).toStrictEqual(start);
      const final = exampleExchange(1, { outcome: 'interrupted', reason: 'output_blocked' });
      await store.insertExchanges([final]);
      expect(await store.getExchange(start.id)).toStrictEqual(final);
      expect(await store.countExchanges()).toBe(2);
      // A final record cannot be replaced, in a later batch or within one.
      await expect(store.insertExchanges([exampleExchange(1)])).rejects.toThrow();
      await expect(store.insertExchanges([exampleExchange(3), exampleExchange(3)])).rejects.toThrow();
      const both = exampleExchange(4, { outcome: 'in_progress' });
      await store.insertExchanges([both, exampleExchange(4)]);
      expect(await store.getExchange(both.id)).toStrictEqual(exampleExchange(4));

      const entries = await store.audit.entries(0, 100);
      expect(entries.map((e) => [e.seq, e.kind, e.ref])).toEqual([
        [1, 'exchange.start', start.id],
        [2, 'exchange', exampleExchange(2).id],
        [3, 'exchange', start.id],
        [4, 'exchange.start', both.id],
        [5, 'exchange', both.id],
      ]);
      expect(JSON.parse(entries[2]!.text)).toMatchObject({ seq: 3, prev: entries[1]!.hash, body: { id: start.id, outcome: 'interrupted' } });
      expect(await store.audit.head()).toEqual({ seq: 5, hash: entries[4]!.hash });
      expect(await store.audit.latestSeqs([start.id, both.id, 'nope'])).toEqual(
        new Map([
          [start.id, 3],
          [both.id, 5],
        ]),
      );
      expect((await store.audit.entriesFor(start.id)).map((e) => [e.seq, e.kind, e.hash])).toEqual([
        [1, 'exchange.start', entries[0]!.hash],
        [3, 'exchange', entries[2]!.hash],
      ]);
      expect(await store.audit.entriesFor('nope')).toEqual([]);
      expect(await store.audit.unchainedExchange()).toBeUndefined();
    });

    test('lone surrogates from clients are stored as U+FFFD, in the row and the sealed entry alike', async () => {
      const rec = exampleExchange(7, { modelRequested: 'gpt\ud800-x', endUser: 'u\udfff' });
      await store.insertExchanges([rec]);
      expect(await store.getExchange(rec.id)).toMatchObject({ modelRequested: 'gpt\ufffd-x', endUser: 'u\ufffd' });
      const [entry] = await store.audit.entries(0, 1);
      expect(JSON.parse(entry!.text).body).toMatchObject({ modelRequested: 'gpt\ufffd-x', endUser: 'u\ufffd' });
    });

    test('list is newest first, ties broken by id', async () => {
      const records = Array.from({ length: 20 }, (_, i) => exampleExchange((i * 7) % 20, { createdAt: T0 + Math.floor(i / 3) }));
      await store.insertExchanges(records);
      expect(ids(await store.listExchanges())).toEqual(ids([...records].sort(newestFirst)));
    });

    test('keyset pages with before/beforeId visit every record exactly once', async () => {
      const records = Array.from({ length: 23 }, (_, i) => exampleExchange((i * 7) % 23, { createdAt: T0 + Math.floor(i / 3) }));
      await store.insertExchanges(records);
      const seen: ExchangeRecord[] = [];
      for (let page = await store.listExchanges({ limit: 5 }); page.length > 0; ) {
        seen.push(...page);
        const last = page.at(-1)!;
        page = await store.listExchanges({ limit: 5, before: last.createdAt, beforeId: last.id });
      }
      expect(ids(seen)).toEqual(ids([...records].sort(newestFirst)));
    });

    test('before alone keeps records strictly older', async () => {
      await store.insertExchanges([
        exampleExchange(1, { createdAt: T0 }),
        exampleExchange(2, { createdAt: T0 + 1 }),
        exampleExchange(3, { createdAt: T0 + 1 }),
      ]);
      expect(ids(await store.listExchanges({ before: T0 + 1 }))).toEqual(['ex-00001']);
      expect(await store.listExchanges({ before: T0 })).toEqual([]);
      await expect(store.listExchanges({ beforeId: 'ex-00002' })).rejects.toThrow(TypeError);
    });

    test('filters by identity, model, reason and outcome, alone and combined', async () => {
      const records = [
        exampleExchange(1, { identityId: 'alice', modelRequested: 'm1', reason: 'ok', outcome: 'ok' }),
        exampleExchange(2, { identityId: 'alice', modelRequested: 'm2', reason: 'rate_limited', outcome: 'refused' }),
        exampleExchange(3, { identityId: 'bob', modelRequested: 'm1', reason: 'upstream_error', outcome: 'error' }),
        exampleExchange(4, { identityId: 'bob', modelRequested: null, reason: 'auth_required', outcome: 'refused' }),
        exampleExchange(5, { identityId: 'alice', modelRequested: 'm1', reason: 'ok', outcome: 'client_closed' }),
      ];
      await store.insertExchanges(records);
      expect(ids(await store.listExchanges({ identityId: 'alice' }))).toEqual(['ex-00005', 'ex-00002', 'ex-00001']);
      expect(ids(await store.listExchanges({ modelRequested: 'm1' }))).toEqual(['ex-00005', 'ex-00003', 'ex-00001']);
      expect(ids(await store.listExchanges({ reason: 'rate_limited' }))).toEqual(['ex-00002']);
      expect(ids(await store.listExchanges({ outcome: 'refused' }))).toEqual(['ex-00004', 'ex-00002']);
      expect(ids(await store.listExchanges({ identityId: 'alice', modelRequested: 'm1', outcome: 'ok' }))).toEqual(['ex-00001']);
      expect(await store.listExchanges({ identityId: 'carol' })).toEqual([]);
    });

    test('filters by time range, end user, conversation, detector and operation, with keyset pages', async () => {
      const finding = (detector: string) => ({ direction: 'input' as const, detector, type: 'T', score: 0.9, start: 0, end: 1, path: 'p', action: 'block' });
      const records = [
        exampleExchange(1, { endUser: 'u-1', conversationId: 'c-1', findings: [finding('pii')] }),
        exampleExchange(2, { endUser: 'u-2', conversationId: 'c-1', findings: [finding('secrets'), finding('pii')] }),
        exampleExchange(3, { endUser: 'u-1', conversationId: 'c-2', findings: [finding('secrets')], operation: 'embeddings' }),
        exampleExchange(4, { endUser: null, operation: 'admin', findings: [] }),
        exampleExchange(5, { endUser: 'u-1', conversationId: 'c-1', findings: [finding('pii-like')] }),
      ];
      await store.insertExchanges(records);
      expect(ids(await store.listExchanges({ from: T0 + 2, to: T0 + 4 }))).toEqual(['ex-00003', 'ex-00002']);
      expect(ids(await store.listExchanges({ from: T0 + 5 }))).toEqual(['ex-00005']);
      expect(ids(await store.listExchanges({ to: T0 + 2 }))).toEqual(['ex-00001']);
      expect(ids(await store.listExchanges({ endUser: 'u-1' }))).toEqual(['ex-00005', 'ex-00003', 'ex-00001']);
      expect(ids(await store.listExchanges({ conversationId: 'c-1' }))).toEqual(['ex-00005', 'ex-00002', 'ex-00001']);
      expect(ids(await store.listExchanges({ detector: 'pii' }))).toEqual(['ex-00002', 'ex-00001']);
      expect(ids(await store.listExchanges({ detector: 'secrets', operation: 'embeddings' }))).toEqual(['ex-00003']);
      expect(ids(await store.listExchanges({ operation: 'admin' }))).toEqual(['ex-00004']);
      expect(await store.listExchanges({ detector: "pii' or 1=1 --" })).toEqual([]);
      expect(ids(await store.listExchanges({ endUser: 'u-1', conversationId: 'c-1', detector: 'pii-like', from: T0 + 1 }))).toEqual(['ex-00005']);
      const first = await store.listExchanges({ endUser: 'u-1', limit: 2 });
      const last = first.at(-1)!;
      expect(ids(await store.listExchanges({ endUser: 'u-1', limit: 2, before: last.createdAt, beforeId: last.id }))).toEqual(['ex-00001']);
    });

    test('limit defaults to 50 and is capped at 1000', async () => {
      await store.insertExchanges(Array.from({ length: 1100 }, (_, i) => exampleExchange(i)));
      expect(await store.listExchanges()).toHaveLength(50);
      expect(await store.listExchanges({ limit: 5000 })).toHaveLength(1000);
      expect(ids(await store.listExchanges({ limit: 1 }))).toEqual(['ex-01099']);
      expect(await store.listExchanges({ limit: 0 })).toHaveLength(1);
    });

    test('count follows inserts', async () => {
      expect(await store.countExchanges()).toBe(0);
      await store.insertExchanges([exampleExchange(1), exampleExchange(2)]);
      await store.insertExchanges([exampleExchange(3)]);
      expect(await store.countExchanges()).toBe(3);
    });

    test('ping answers while open and throws once closed; close is idempotent', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
      await store.close();
    });
  });
}
