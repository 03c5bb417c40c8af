import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { ExchangeQuery, Store } from './store.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

/**
 * The newest-first page of exchange records a search asks for, as one query both stores run. Each filter
 * is an equality the (field, created_at, id) indexes serve as one range scan; the cursor compares the
 * (created_at, id) pair in index order.
 */
export function exchangeListQuery(db: Kysely<Database>, dialect: Store['dialect'], query: ExchangeQuery) {
  let select = db.selectFrom('exchanges').selectAll();
  if (query.identityId !== undefined) select = select.where('identity_id', '=', query.identityId);
  if (query.identityId !== undefined && query.identityId !== 'anonymous') select = select.where(LEAN_INDEX_TERMS.identity);
  if (query.modelRequested !== undefined) select = select.where('model_requested', '=', query.modelRequested);
  if (query.reason !== undefined) select = select.where('reason', '=', query.reason);
  if (query.reason !== undefined && query.reason !== 'ok') select = select.where(LEAN_INDEX_TERMS.reason);
  if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
  if (query.endUser !== undefined) select = select.where('end_user', '=', query.endUser);
  if (query.conversationId !== undefined) select = select.where('conversation_id', '=', query.conversationId);
  if (query.operation !== undefined) select = select.where('operation', '=', query.operation);
  if (query.from !== undefined) select = select.where('created_at', '>=', query.from);
  if (query.to !== undefined) select = select.where('created_at', '<', query.to);
  if (query.detector !== undefined) select = select.where(detectorFilter(dialect, query.detector));
  const { before, beforeId } = query;
  if (before !== undefined && beforeId !== undefined) {
    // Row-value comparison matches the (created_at, id) index order on both backends.
    select = select.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before, beforeId)));
  } else if (before !== undefined) {
    select = select.where('created_at', '<', before);
  } else if (beforeId !== undefined) {
    throw new TypeError('listExchanges: beforeId is only meaningful together with before');
  }
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(listLimit(query.limit));
}

/**
 * The conditions of the partial identity and reason indexes (migration 0011_lean_exchange_indexes), as
 * literal SQL. A query must carry a partial index's condition for the planner to use the index: SQLite
 * never infers it from the value searched for, and PostgreSQL only does in a plan made for that value,
 * not in a generic one. Adding them changes no result: a search by an identity other than `anonymous` or a
 * reason other than `ok` already implies them. The end user and conversation indexes need nothing added:
 * `x = ?` implies `x IS NOT NULL` to both planners.
 */
const LEAN_INDEX_TERMS = {
  identity: sql<boolean>`identity_id <> 'anonymous'`,
  reason: sql<boolean>`reason <> 'ok'`,
};

/** Records with a finding by `detector`: findings is JSON text on SQLite, jsonb (containment) on PostgreSQL. */
function detectorFilter(dialect: Store['dialect'], detector: string) {
  return dialect === 'postgres'
    ? sql<boolean>`exchanges.findings @> jsonb_build_array(jsonb_build_object('detector', ${detector}::text))`
    : sql<boolean>`exists (select 1 from json_each(exchanges.findings) where json_extract(value, '$.detector') = ${detector})`;
}

function listLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(limit)));
}
