import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSchema } from '../config/schema-audit.js';
import { GatewayError } from '../core/errors.js';
import { openStore } from '../storage/open-store.js';
import { exampleExchange, T0 } from '../storage/store.contract.js';
import type { ContentRow } from '../storage/content-repository.js';
import type { Store } from '../storage/store.js';
import type { ExchangeRecord } from '../core/record.js';
import { ContentCipher } from './content-cipher.js';
import { ContentPolicy } from './content-policy.js';
import { auditRecordDetail, decodeCursor, encodeCursor, parseInstant, searchAudit } from './search.js';

let store: Store;
let cipher: ContentCipher;
let policy: ContentPolicy;

beforeEach(async () => {
  store = await openStore({ driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 5 }, (ref) => ref);
  await store.migrate();
  cipher = new ContentCipher(randomBytes(32));
  policy = new ContentPolicy(auditSchema.parse({ content: { mode: 'full' } }).content, cipher, store);
});
afterEach(async () => {
  await store.close();
});

/** Writes a record with stored content for `subject`, sealed the way the gateway seals it. */
async function withStoredContent(i: number, subject: string, prompt: string, overrides: Partial<ExchangeRecord> = {}): Promise<ExchangeRecord> {
  const existing = await store.content.subjectKey(subject);
  const wrapped = existing?.wrapped ?? (await store.content.createSubjectKey(subject, cipher.newSubjectKey(subject).wrapped, T0)).wrapped!;
  const key = cipher.unwrapSubjectKey(subject, wrapped);
  const rec = exampleExchange(i, { contentMode: 'full', contentDigest: 'd'.repeat(64), ...overrides });
  const text = JSON.stringify({ request: { messages: [{ role: 'user', content: prompt }] }, response: { choices: [{ message: { content: 'ok' } }] } });
  const row: ContentRow = { id: rec.id, subject, createdAt: rec.createdAt, mode: 'full', sealed: cipher.encrypt(key, rec.id, text) };
  await store.insertExchanges([rec], [row]);
  return rec;
}

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

describe('searchAudit', () => {
  it('pages metadata newest first behind an opaque cursor; the last page has none', async () => {
    await store.insertExchanges(Array.from({ length: 5 }, (_, i) => exampleExchange(i + 1, { identityId: i % 2 === 0 ? 'alice' : 'bob' })));
    const first = await searchAudit(store, policy, { identityId: 'alice', limit: 2 }, { includeContent: false });
    expect(ids(first.records)).toEqual(['ex-00005', 'ex-00003']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await searchAudit(store, policy, { identityId: 'alice', limit: 2, cursor: first.nextCursor! }, { includeContent: false });
    expect(ids(second.records)).toEqual(['ex-00001']);
    expect(second.nextCursor).toBeNull();
    expect(first.records.every((r) => !('content' in r))).toBe(true);
  });

  it('finds text in stored content, case-insensitively, in values only', async () => {
    await withStoredContent(1, 'user:ana', 'Refund order R-1042 please');
    await withStoredContent(2, 'user:bo', 'What is the weather');
    await store.insertExchanges([exampleExchange(3, { contentMode: 'hashed', contentDigest: 'e'.repeat(64) }), exampleExchange(4)]);
    const hit = await searchAudit(store, policy, {}, { includeContent: false, text: 'r-1042' });
    expect(ids(hit.records)).toEqual(['ex-00001']);
    expect(hit).toMatchObject({ nextCursor: null, scanned: 4, unreadable: 0 });
    expect((await searchAudit(store, policy, {}, { includeContent: false, text: 'weather' })).records.map((r) => r.id)).toEqual(['ex-00002']);
    expect((await searchAudit(store, policy, {}, { includeContent: false, text: 'nowhere to be found' })).records).toEqual([]);
    // Key names and JSON punctuation are not content.
    expect((await searchAudit(store, policy, {}, { includeContent: false, text: 'messages' })).records).toEqual([]);
    expect((await searchAudit(store, policy, {}, { includeContent: false, text: '":"' })).records).toEqual([]);
  });

  it('without includeContent, no content ever leaves search, even for a text match', async () => {
    await withStoredContent(1, 'user:ana', 'my card is 4111 1111 1111 1111');
    const result = await searchAudit(store, policy, {}, { includeContent: false, text: '4111' });
    expect(ids(result.records)).toEqual(['ex-00001']);
    expect('content' in result.records[0]!).toBe(false);
    expect(JSON.stringify(result)).not.toContain('4111');
  });

  it('with includeContent, each record carries its content, or null when none is stored', async () => {
    await withStoredContent(1, 'user:ana', 'hello there');
    await store.insertExchanges([exampleExchange(2, { contentMode: 'hashed', contentDigest: 'e'.repeat(64) })]);
    const { records } = await searchAudit(store, policy, {}, { includeContent: true });
    expect(records.map((r) => [r.id, r.content === null])).toEqual([
      ['ex-00002', true],
      ['ex-00001', false],
    ]);
    expect(records[1]!.content).toMatchObject({ request: { messages: [{ content: 'hello there' }] } });
    // Without a content policy (no master key), nothing can be read.
    expect((await searchAudit(store, undefined, {}, { includeContent: true })).records.map((r) => r.content)).toEqual([null, null]);
  });

  it('erased and purged content no longer matches, and reads as null', async () => {
    await withStoredContent(1, 'user:erase-me', 'confidential plan');
    await withStoredContent(2, 'user:keep-me', 'confidential plan B', { createdAt: T0 + 10 });
    await withStoredContent(3, 'user:old', 'confidential plan C', { createdAt: T0 - 10 });
    expect(ids((await searchAudit(store, policy, {}, { includeContent: false, text: 'confidential' })).records)).toEqual(['ex-00002', 'ex-00001', 'ex-00003']);
    await store.content.erase('user:erase-me', Date.now());
    await store.content.purge(T0);
    const after = await searchAudit(store, policy, {}, { includeContent: true, text: 'confidential' });
    expect(ids(after.records)).toEqual(['ex-00002']);
    const all = await searchAudit(store, policy, {}, { includeContent: true });
    expect(all.records.map((r) => [r.id, r.content === null])).toEqual([
      ['ex-00002', false],
      ['ex-00001', true],
      ['ex-00003', true],
    ]);
  });

  it('a text search stops at maxScan and its cursor continues the scan', async () => {
    for (let i = 1; i <= 12; i++) await withStoredContent(i, 'user:ana', i % 3 === 0 ? `needle ${i}` : `hay ${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await searchAudit(store, policy, { limit: 10, ...(cursor ? { cursor } : {}) }, { includeContent: false, text: 'NEEDLE', maxScan: 5 });
      expect(page.scanned).toBeLessThanOrEqual(5);
      seen.push(...ids(page.records));
      cursor = page.nextCursor ?? undefined;
      calls += 1;
    } while (cursor && calls < 10);
    expect(seen).toEqual(['ex-00012', 'ex-00009', 'ex-00006', 'ex-00003']);
    expect(calls).toBe(3);
    const limited = await searchAudit(store, policy, { limit: 2 }, { includeContent: false, text: 'needle' });
    expect(ids(limited.records)).toEqual(['ex-00012', 'ex-00009']);
    const rest = await searchAudit(store, policy, { limit: 2, cursor: limited.nextCursor! }, { includeContent: false, text: 'needle' });
    expect(ids(rest.records)).toEqual(['ex-00006', 'ex-00003']);
  });

  it('content under another master key is counted as unreadable, not returned', async () => {
    await withStoredContent(1, 'user:ana', 'secret');
    const stranger = new ContentPolicy(auditSchema.parse({ content: { mode: 'full' } }).content, new ContentCipher(randomBytes(32)), store);
    const result = await searchAudit(store, stranger, {}, { includeContent: true, text: 'secret' });
    expect(result).toMatchObject({ records: [], unreadable: 1 });
  });

  it('refuses a cursor it did not make', async () => {
    await expect(searchAudit(store, policy, { cursor: 'bm90IGEgY3Vyc29y' }, { includeContent: false })).rejects.toBeInstanceOf(GatewayError);
    expect(() => decodeCursor('%%%')).toThrow(GatewayError);
    expect(decodeCursor(encodeCursor({ before: T0, beforeId: 'ex-1' }))).toEqual({ before: T0, beforeId: 'ex-1' });
  });
});

describe('auditRecordDetail', () => {
  it('returns the record with its trail entries, content only when asked', async () => {
    await store.insertExchanges([exampleExchange(1, { outcome: 'in_progress' })]);
    const rec = await withStoredContent(1, 'user:ana', 'streamed prompt', { outcome: 'ok' });
    const detail = await auditRecordDetail(store, policy, rec.id, false);
    expect(detail?.trail.map((t) => [t.seq, t.kind])).toEqual([
      [1, 'exchange.start'],
      [2, 'exchange'],
    ]);
    expect(detail && 'content' in detail.record).toBe(false);
    expect((await auditRecordDetail(store, policy, rec.id, true))?.record.content).toMatchObject({ request: { messages: [{ content: 'streamed prompt' }] } });
    expect(await auditRecordDetail(store, policy, 'nope', true)).toBeUndefined();
  });
});

describe('parseInstant', () => {
  it('takes milliseconds or ISO 8601, and refuses anything else', () => {
    expect(parseInstant('1750000000000', 'from')).toBe(1_750_000_000_000);
    expect(parseInstant('2025-06-01T12:00:00Z', 'from')).toBe(Date.UTC(2025, 5, 1, 12));
    expect(parseInstant('2025-06-01', 'to')).toBe(Date.UTC(2025, 5, 1));
    expect(parseInstant('2025-06-01T14:00:00+02:00', 'to')).toBe(Date.UTC(2025, 5, 1, 12));
    for (const bad of ['yesterday', '2025-13-45', '', '1e12', 'June 1 2025']) expect(() => parseInstant(bad, 'from')).toThrow(GatewayError);
  });
});
