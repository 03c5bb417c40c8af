import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientClosedError } from '../core/errors.js';
import type { Exchange, ExchangeOutcome, ExchangeRequest } from '../core/exchange.js';
import type { ReasonCode } from '../core/reason-codes.js';
import type { Logger } from '../log/logger.js';
import { guardrailFindings } from '../guardrails/findings-log.js';
import type { ContentPolicy, ContentResponse } from '../audit/content-policy.js';
import type { ContentRow } from '../storage/content-repository.js';
import type { ExchangeRecord } from '../storage/store.js';

/** Where finished exchanges go: the batching Recorder in production. `record` must not block. */
export interface ExchangeSink {
  record(record: ExchangeRecord, content?: ContentRow): void;
  /** Resolves true once the record is committed; false when it could not be (the answer must not be released). */
  recordDurable(record: ExchangeRecord, content?: ContentRow): Promise<boolean>;
}

export interface LifecycleDeps {
  sink: ExchangeSink;
  logger: Logger;
  logExchanges: boolean;
  /** What is kept of prompts and answers (audit.content); absent or disabled: nothing. */
  content?: ContentPolicy | undefined;
}

const ANONYMOUS = Object.freeze({ id: 'anonymous', kind: 'anonymous' as const });

/**
 * Creates the per-request Exchange. Its signal aborts (with ClientClosedError) when the client's
 * connection closes before the response is finished, so the upstream call is cancelled.
 */
export function startExchange(req: FastifyRequest, reply: FastifyReply, request: ExchangeRequest, policyVersion?: string): Exchange {
  const controller = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new ClientClosedError());
  });
  // Every field written out, in one literal: building it with a spread (`{ ...defaults(), id }`) measured
  // 10-15% less saturated throughput, since the exchange then gets a slower shape (BENCHMARKS.md notes).
  return {
    id: req.id,
    startedAt: Date.now(),
    t0: performance.now(),
    request,
    headers: req.headers,
    signal: controller.signal,
    streamed: request.operation === 'chat' && request.body?.stream === true,
    identity: ANONYMOUS,
    principal: null,
    // The OpenAI `user` field, as the client asserts it; with auth on, the authenticate stage replaces it
    // with the end user the token (or a permitted assertion) vouches for.
    endUser: typeof request.body?.user === 'string' && request.body.user !== '' ? request.body.user.slice(0, 256) : null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
    ...(policyVersion === undefined ? {} : { policyVersion }),
  };
}

/** Records a finished exchange (not waiting for the commit) and writes its one log line. */
export function finishExchange(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, deps: LifecycleDeps, operation: string = exchange.request.operation, response: ContentResponse = null): void {
  exchange.completer?.complete(exchange, outcome);
  const record = exchangeRecord(exchange, req, outcome, operation);
  logExchange(record, deps);
  if (!deps.content?.enabled) return deps.sink.record(record);
  void withContent(record, exchange, response, deps).then(
    (row) => deps.sink.record(record, row),
    () => deps.sink.record(record),
  );
}

/**
 * Records a finished exchange and resolves once the record is committed: the caller releases the answer
 * only then. False when the record could not be written (the store is down past its retries).
 */
export async function commitExchange(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, deps: LifecycleDeps, response: ContentResponse = null): Promise<boolean> {
  exchange.completer?.complete(exchange, outcome);
  const record = exchangeRecord(exchange, req, outcome, exchange.request.operation);
  let row: ContentRow | undefined;
  try {
    row = deps.content?.enabled ? await withContent(record, exchange, response, deps) : undefined;
  } catch (err) {
    // Content the policy says to keep could not be sealed: the answer is withheld, like an unrecorded one.
    deps.logger.error({ requestId: record.id, err: { name: (err as Error).name, message: (err as Error).message } }, 'exchange content could not be sealed');
    return false;
  }
  const durable = await deps.sink.recordDurable(record, row);
  logExchange(record, deps);
  if (!durable) deps.logger.error({ requestId: record.id }, 'exchange record could not be committed: answer withheld');
  return durable;
}

/** The durable start of a stream, written before its first byte; its final record replaces it. */
export function commitStreamStart(exchange: Exchange, req: FastifyRequest, deps: LifecycleDeps): Promise<boolean> {
  return deps.sink.recordDurable(exchangeRecord(exchange, req, STREAM_STARTED, exchange.request.operation));
}

/** Fills the record's content facts from the data policy; returns the encrypted row to store, if any. */
async function withContent(record: ExchangeRecord, exchange: Exchange, response: ContentResponse, deps: LifecycleDeps): Promise<ContentRow | undefined> {
  const captured = await (deps.content as ContentPolicy).capture(exchange, response);
  if (!captured) return undefined;
  record.contentMode = captured.mode;
  record.contentDigest = captured.digest;
  return captured.row;
}

const STREAM_STARTED: ExchangeOutcome = Object.freeze({ status: 200, reason: 'ok', outcome: 'in_progress' });

function exchangeRecord(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, operation: string): ExchangeRecord {
  const end = performance.now();
  const usage = exchange.usage;
  const record: ExchangeRecord = {
    id: exchange.id,
    createdAt: exchange.startedAt,
    operation,
    method: req.method,
    path: req.url.length > 256 ? req.url.slice(0, 256) : req.url,
    identityId: exchange.identity.id,
    endUser: exchange.endUser,
    modelRequested: typeof exchange.request.body?.model === 'string' ? exchange.request.body.model.slice(0, 256) : null,
    providerId: exchange.target?.providerId ?? null,
    upstreamModel: exchange.target?.upstreamModel ?? null,
    streamed: exchange.streamed,
    status: outcome.status,
    reason: outcome.reason,
    outcome: outcome.outcome,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    totalTokens: usage?.total_tokens ?? null,
    latencyMs: round3(end - exchange.t0),
    ttfbMs: exchange.firstByteAt === null ? null : round3(exchange.firstByteAt - exchange.t0),
    trace: exchange.trace,
    conversationId: conversationIdOf(exchange.headers['x-gatehouse-conversation-id']),
    environment: exchange.principal?.identity.environment ?? null,
    policyVersion: exchange.policyVersion ?? null,
    findings: [...guardrailFindings(exchange)],
    costUsd: costUsdOf(exchange),
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

function logExchange(record: ExchangeRecord, deps: LifecycleDeps): void {
  if (deps.logExchanges) {
    deps.logger.info(
      { requestId: record.id, op: record.operation, model: record.modelRequested, provider: record.providerId, status: record.status, reason: record.reason, outcome: record.outcome, latencyMs: record.latencyMs, streamed: record.streamed },
      'exchange',
    );
  }
}

/** Records a request refused before it became an exchange (bad JSON, wrong route, oversized body). */
export function recordRejected(req: FastifyRequest, reply: FastifyReply, status: number, reason: ReasonCode, deps: LifecycleDeps): void {
  const latencyMs = round3(reply.elapsedTime);
  const startedAt = Math.round(Date.now() - latencyMs);
  const record: ExchangeRecord = {
    id: req.id,
    createdAt: startedAt,
    operation: operationOf(req.url),
    method: req.method,
    path: req.url.length > 256 ? req.url.slice(0, 256) : req.url,
    identityId: ANONYMOUS.id,
    endUser: null,
    modelRequested: null,
    providerId: null,
    upstreamModel: null,
    streamed: false,
    status,
    reason,
    outcome: reason === 'client_closed_request' ? 'client_closed' : status >= 500 ? 'error' : 'refused',
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    latencyMs,
    ttfbMs: null,
    trace: [],
    conversationId: null,
    environment: null,
    policyVersion: null,
    findings: [],
    costUsd: null,
    contentMode: null,
    contentDigest: null,
    deploymentId: null,
    modelVersion: null,
  };
  deps.sink.record(record);
  if (deps.logExchanges) deps.logger.info({ requestId: record.id, op: record.operation, status, reason, outcome: record.outcome }, 'exchange');
}

function operationOf(url: string): string {
  if (url.startsWith('/v1/chat/completions')) return 'chat';
  if (url.startsWith('/v1/embeddings')) return 'embeddings';
  if (url.startsWith('/admin/')) return 'admin';
  if (url.startsWith('/v1/guard/')) return 'guard.scan';
  if (url.startsWith('/v1/models/')) return 'models.get';
  if (url.startsWith('/v1/models')) return 'models.list';
  if (url.startsWith('/oauth/')) return 'token';
  return 'unknown';
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
