import type { TraceEntry } from '../core/exchange.js';
import type { ExchangeRow, NewExchangeRow } from './database.js';
import type { Store } from './store.js';
import type { ExchangeRecord, RecordedFinding } from '../core/record.js';

/** Columns per exchange row; bounds how many rows fit in one statement's parameter list. */
export const EXCHANGE_COLUMN_COUNT = 29;

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
    conversation_id: rec.conversationId,
    environment: rec.environment,
    policy_version: rec.policyVersion,
    findings: JSON.stringify(rec.findings),
    cost_usd: rec.costUsd,
    content_mode: rec.contentMode,
    content_digest: rec.contentDigest,
    deployment_id: rec.deploymentId,
    model_version: rec.modelVersion,
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
    conversationId: row.conversation_id ?? null,
    environment: row.environment ?? null,
    policyVersion: row.policy_version ?? null,
    findings: (typeof row.findings === 'string' ? JSON.parse(row.findings) : (row.findings ?? [])) as RecordedFinding[],
    costUsd: row.cost_usd ?? null,
    contentMode: row.content_mode ?? null,
    contentDigest: row.content_digest ?? null,
    deploymentId: row.deployment_id ?? null,
    modelVersion: row.model_version ?? null,
  };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * The record with every string well-formed (a lone UTF-16 surrogate, which clients can send in a model name,
 * a user id or a URL, becomes U+FFFD). The audit chain's canonical JSON (RFC 8785) cannot carry lone
 * surrogates, and the searchable row must equal what was sealed, so both are written from this copy.
 * Returns the same object when nothing needed fixing, which is almost always.
 */
export function wellFormedRecord(rec: ExchangeRecord): ExchangeRecord {
  return needsFix(rec) ? (fixStrings(rec) as ExchangeRecord) : rec;
}

/** ES2024 string methods, present in Node 20; the compiler's lib stops at ES2023. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

function needsFix(value: unknown): boolean {
  if (typeof value === 'string') return !(value as Es2024String).isWellFormed();
  if (Array.isArray(value)) return value.some(needsFix);
  if (value !== null && typeof value === 'object') return Object.values(value).some(needsFix);
  return false;
}

function fixStrings(value: unknown): unknown {
  if (typeof value === 'string') return (value as Es2024String).toWellFormed();
  if (Array.isArray(value)) return value.map(fixStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [(k as Es2024String).toWellFormed(), fixStrings(v)]));
  return value;
}
