import { GatewayError } from '../core/errors.js';
import type { ExchangeQuery, Store } from '../storage/store.js';
import type { ExchangeRecord } from '../core/record.js';
import type { ContentPolicy } from './content-policy.js';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;
export const DEFAULT_MAX_SCAN = 5000;
/** Records read per store query while scanning content for text. */
const SCAN_PAGE = 200;
/** The content modes that store a prompt and answer (the others keep a digest at most). */
const STORED_MODES: ReadonlySet<string> = new Set(['redacted', 'full']);

export const OUTCOMES = ['ok', 'refused', 'error', 'interrupted', 'client_closed', 'in_progress'] as const satisfies readonly ExchangeRecord['outcome'][];

/** What a search filters on: the store's filters, a page size and the cursor of the previous page. */
export interface AuditQuery extends Omit<ExchangeQuery, 'limit' | 'before' | 'beforeId'> {
  /** 1..500, default 50. */
  limit?: number;
  cursor?: string;
}

export interface AuditSearchOptions {
  /** Attach each record's stored content (or null). Callers decide who may see it; search never does. */
  includeContent: boolean;
  /** Case-insensitive substring of the stored prompt or answer (modes redacted and full only). */
  text?: string;
  /** Records examined at most by one text search; the cursor continues from the last one. Default 5000. */
  maxScan?: number;
}

/** A record as search answers it. `content` is present only when asked for: the parsed content, or null. */
export type AuditRecord = ExchangeRecord & { content?: unknown };

export interface AuditSearchResult {
  /** Newest first. */
  records: AuditRecord[];
  /** Continues the search after the last record examined; null when nothing is left. */
  nextCursor: string | null;
  /** Records examined, matching or not. */
  scanned: number;
  /** Stored content that could not be decrypted (another master key, a damaged row): treated as not stored. */
  unreadable: number;
}

/** One record with the sequence numbers of its entries in the trail (a stream has a start and a final). */
export interface AuditRecordDetail {
  record: AuditRecord;
  trail: Array<{ seq: number; kind: string; at: number; hash: string }>;
}

/**
 * Searches the trail's search table, newest first, with keyset pagination behind an opaque cursor.
 * With `text`, pages of candidates are decrypted and matched until `limit` hits or `maxScan` records
 * were examined; content that was purged or erased never matches. Content is decrypted only with
 * `includeContent` or `text`, and returned only with `includeContent`.
 */
export async function searchAudit(
  store: Store,
  content: ContentPolicy | undefined,
  query: AuditQuery,
  options: AuditSearchOptions,
): Promise<AuditSearchResult> {
  const { limit: asked, cursor, ...filter } = query;
  const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(asked ?? DEFAULT_SEARCH_LIMIT)));
  let position = cursor === undefined ? undefined : decodeCursor(cursor);
  if (options.text === undefined) {
    // One more than asked tells whether another page exists, so the last page has no cursor.
    const page = await store.listExchanges({ ...filter, ...position, limit: limit + 1 });
    const records = page.slice(0, limit);
    const opened = options.includeContent ? await openContent(store, content, records) : undefined;
    const last = records.at(-1);
    return {
      records: opened ? records.map((rec) => withContent(rec, opened.texts.get(rec.id))) : records,
      nextCursor: page.length > limit && last ? cursorAfter(last) : null,
      scanned: records.length,
      unreadable: opened?.unreadable ?? 0,
    };
  }
  const needle = options.text.toLowerCase();
  const maxScan = Math.max(1, options.maxScan ?? DEFAULT_MAX_SCAN);
  const found: AuditRecord[] = [];
  let scanned = 0;
  let unreadable = 0;
  while (scanned < maxScan) {
    const size = Math.min(SCAN_PAGE, maxScan - scanned);
    const page = await store.listExchanges({ ...filter, ...position, limit: size });
    const opened = await openContent(store, content, page);
    unreadable += opened.unreadable;
    for (const rec of page) {
      scanned += 1;
      position = { before: rec.createdAt, beforeId: rec.id };
      const text = opened.texts.get(rec.id);
      if (text === undefined || !matches(text, needle)) continue;
      found.push(options.includeContent ? withContent(rec, text) : rec);
      if (found.length === limit) return { records: found, nextCursor: encodeCursor(position), scanned, unreadable };
    }
    if (page.length < size) return { records: found, nextCursor: null, scanned, unreadable };
  }
  return { records: found, nextCursor: position ? encodeCursor(position) : null, scanned, unreadable };
}

/** One record and its trail entries; undefined when no record has that id. */
export async function auditRecordDetail(
  store: Store,
  content: ContentPolicy | undefined,
  id: string,
  includeContent: boolean,
): Promise<AuditRecordDetail | undefined> {
  const record = await store.getExchange(id);
  if (!record) return undefined;
  const entries = await store.audit.entriesFor(id);
  const trail = entries.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at, hash: e.hash }));
  if (!includeContent) return { record, trail };
  const opened = await openContent(store, content, [record]);
  return { record: withContent(record, opened.texts.get(id)), trail };
}

/** `from` / `to` as given on the command line or in a query: ms since the epoch, or an ISO 8601 date or time. */
export function parseInstant(value: string, param: string): number {
  const trimmed = value.trim();
  const ms = /^\d{1,16}$/.test(trimmed)
    ? Number(trimmed)
    : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)
      ? Date.parse(trimmed)
      : Number.NaN;
  if (!Number.isSafeInteger(ms))
    throw new GatewayError('invalid_request', `${param}: expected milliseconds since the epoch or an ISO 8601 time (2025-06-01T12:00:00Z)`, { param });
  return ms;
}

export function encodeCursor(position: { before: number; beforeId: string }): string {
  return Buffer.from(JSON.stringify({ b: position.before, i: position.beforeId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { before: number; beforeId: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { b, i } = (parsed ?? {}) as { b?: unknown; i?: unknown };
  if (typeof b !== 'number' || !Number.isSafeInteger(b) || typeof i !== 'string' || i === '') {
    throw new GatewayError('invalid_request', 'cursor: not a cursor returned by a previous search', { param: 'cursor' });
  }
  return { before: b, beforeId: i };
}

function cursorAfter(rec: ExchangeRecord): string {
  return encodeCursor({ before: rec.createdAt, beforeId: rec.id });
}

function withContent(rec: ExchangeRecord, text: string | undefined): AuditRecord {
  return { ...rec, content: text === undefined ? null : (JSON.parse(text) as unknown) };
}

/**
 * The decrypted content of the records that still have it. A purged row is gone and an erased subject has
 * no key: both read as not stored. Without a content policy nothing can be decrypted.
 */
async function openContent(
  store: Store,
  content: ContentPolicy | undefined,
  records: readonly ExchangeRecord[],
): Promise<{ texts: Map<string, string>; unreadable: number }> {
  const texts = new Map<string, string>();
  const ids = records.filter((r) => r.contentMode !== null && STORED_MODES.has(r.contentMode)).map((r) => r.id);
  if (!content || ids.length === 0) return { texts, unreadable: 0 };
  let unreadable = 0;
  for (const row of (await store.content.get(ids)).values()) {
    try {
      const text = await content.open(row);
      if (text !== undefined) texts.set(row.id, text);
    } catch {
      unreadable += 1;
    }
  }
  return { texts, unreadable };
}

/** Matches the JSON's string values only, so a needle never hits a key name or JSON punctuation. */
function matches(json: string, needle: string): boolean {
  const values: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') values.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json) as unknown);
  return values.some((v) => v.toLowerCase().includes(needle));
}
