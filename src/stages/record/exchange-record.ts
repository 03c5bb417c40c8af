import { performance } from 'node:perf_hooks';
import type { Exchange, ExchangeOutcome } from '../../core/exchange.js';
import { newExchangeRecord, recordedPath, type ExchangeRecord } from '../../core/record.js';
import { guardrailFindings } from '../../guardrails/findings-log.js';
import type { Logger } from '../../log/logger.js';

/** What a record keeps of the HTTP request: its method and its path (the query string is dropped). */
export interface RequestLine {
  readonly method: string;
  readonly url: string;
}

/**
 * The exchange's record; should building it throw (a stage left state it cannot read), a record of the
 * decision without the derived facts, so the exchange is never missing from the trail.
 */
export function safeRecord(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome, logger: Logger): ExchangeRecord {
  try {
    return exchangeRecord(exchange, line, outcome);
  } catch (err) {
    logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'exchange record could not be built in full');
    return newExchangeRecord({
      id: exchange.id,
      createdAt: exchange.startedAt,
      operation: exchange.request.operation,
      method: line.method,
      path: recordedPath(line.url),
      identityId: exchange.identity.id,
      streamed: exchange.streamed,
      status: outcome.status,
      reason: outcome.reason,
      outcome: outcome.outcome,
      trace: [
        {
          stage: 'record',
          phase: 'response',
          verdict: 'error',
          reason: 'internal_error',
          durationUs: 0,
          note: `record built without derived facts (${(err as Error)?.name ?? 'Error'})`,
        },
      ],
    });
  }
}

/**
 * The record of an exchange the pipeline ran: the hot path, one per request. Every field written out in
 * one literal, in `newExchangeRecord`'s order (exchange-record.test.ts holds the two to the same keys).
 */
export function exchangeRecord(exchange: Exchange, line: RequestLine, outcome: ExchangeOutcome): ExchangeRecord {
  const end = performance.now();
  const usage = exchange.usage;
  const record: ExchangeRecord = {
    id: exchange.id,
    createdAt: exchange.startedAt,
    operation: exchange.request.operation,
    method: line.method,
    path: recordedPath(line.url),
    identityId: exchange.identity.id,
    endUser: exchange.endUser,
    modelRequested: typeof exchange.request.body?.model === 'string' ? exchange.request.body.model.slice(0, 256) : null,
    providerId: exchange.target?.providerId ?? null,
    upstreamModel: exchange.target?.upstreamModel ?? null,
    streamed: exchange.streamed,
    status: outcome.status,
    reason: outcome.reason,
    outcome: outcome.outcome,
    promptTokens: finiteOrNull(usage?.prompt_tokens),
    completionTokens: finiteOrNull(usage?.completion_tokens),
    totalTokens: finiteOrNull(usage?.total_tokens),
    latencyMs: round3(end - exchange.t0),
    ttfbMs: exchange.firstByteAt === null ? null : round3(exchange.firstByteAt - exchange.t0),
    trace: exchange.trace,
    conversationId: conversationIdOf(exchange.headers['x-gatehouse-conversation-id']),
    environment: exchange.principal?.identity.environment ?? null,
    policyVersion: exchange.policyVersion ?? null,
    findings: [...guardrailFindings(exchange)],
    costUsd: finiteOrNull(costUsdOf(exchange)),
    contentMode: null,
    contentDigest: null,
    deploymentId: exchange.target?.deploymentId ?? null,
    modelVersion: exchange.target?.version ?? null,
  };
  return record;
}

/** USD, from the cost a stage settled or else the usage priced at the serving deployment; null when unknown. */
function costUsdOf(exchange: Exchange): number | null {
  if (exchange.costMicroUsd !== null) return exchange.costMicroUsd / 1e6;
  const pricing = exchange.target?.pricing;
  const usage = exchange.usage;
  if (!pricing || !usage) return null;
  return Math.ceil((usage.prompt_tokens ?? 0) * pricing.inputPerMillionUsd + (usage.completion_tokens ?? 0) * pricing.outputPerMillionUsd) / 1e6;
}

/** The client's conversation id: one header value, at most 128 characters. */
function conversationIdOf(value: string | string[] | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id === undefined || id === '' ? null : id.slice(0, 128);
}

/**
 * A number the audit chain can seal. Counts come from upstreams: a finite but absurd usage (1e308 tokens)
 * priced per million overflows to Infinity, which canonical JSON refuses, and one such record would fail
 * its whole batch.
 */
function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
