import type { TraceEntry } from '../core/exchange.js';
import type { ExchangeRow, NewExchangeRow } from './database.js';
import type { ExchangeRecord, Store } from './store.js';

/** Columns per exchange row; bounds how many rows fit in one statement's parameter list. */
export const EXCHANGE_COLUMN_COUNT = 20;

/** Encodes a record as a row for the given dialect. */
export function toExchangeRow(rec: ExchangeRecord, dialect: Store['dialect']): NewExchangeRow {
  return {
    id: rec.id,
    created_at: rec.createdAt,
    operation: rec.operation,
    method: rec.method,
    path: rec.path,
    identity_id: rec.identityId,
    end_user: rec.endUser,
    model_requested: rec.modelRequested,
    provider_id: rec.providerId,
    upstream_model: rec.upstreamModel,
    streamed: dialect === 'sqlite' ? (rec.streamed ? 1 : 0) : rec.streamed,
    status: rec.status,
    reason: rec.reason,
    outcome: rec.outcome,
    prompt_tokens: rec.promptTokens,
    completion_tokens: rec.completionTokens,
    total_tokens: rec.totalTokens,
    latency_ms: rec.latencyMs,
    ttfb_ms: rec.ttfbMs,
    trace: JSON.stringify(rec.trace),
  };
}

/** Decodes a row from either dialect back into the exact record that was written. */
export function fromExchangeRow(row: ExchangeRow): ExchangeRecord {
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    operation: row.operation,
    method: row.method,
    path: row.path,
    identityId: row.identity_id,
    endUser: row.end_user,
    modelRequested: row.model_requested,
    providerId: row.provider_id,
    upstreamModel: row.upstream_model,
    streamed: row.streamed === true || row.streamed === 1,
    status: row.status,
    reason: row.reason,
    outcome: row.outcome as ExchangeRecord['outcome'],
    promptTokens: nullableNumber(row.prompt_tokens),
    completionTokens: nullableNumber(row.completion_tokens),
    totalTokens: nullableNumber(row.total_tokens),
    latencyMs: row.latency_ms,
    ttfbMs: row.ttfb_ms,
    trace: (typeof row.trace === 'string' ? JSON.parse(row.trace) : row.trace) as TraceEntry[],
  };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
