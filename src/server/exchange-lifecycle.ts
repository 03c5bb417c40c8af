import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientClosedError } from '../core/errors.js';
import type { Exchange, ExchangeOutcome, ExchangeRequest } from '../core/exchange.js';
import type { ReasonCode } from '../core/reason-codes.js';
import type { Logger } from '../log/logger.js';
import { guardrailFindings } from '../guardrails/findings-log.js';
import type { ContentPolicy, ContentResponse } from '../audit/content-policy.js';
import type { ContentRow } from '../storage/content-repository.js';
import type { ExchangeRecord } from '../core/record.js';

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

/**
 * Records a finished exchange (not waiting for the commit) and writes its one log line. Used when the
 * answer is already out (or the client gone): content that cannot be sealed is noted, never a reason to
 * drop the record.
 */
export function finishExchange(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, deps: LifecycleDeps, operation: string = exchange.request.operation, response: ContentResponse = null): void {
  completeOnce(exchange, outcome, deps);
  const record = safeRecord(exchange, req, outcome, operation, deps);
  logExchange(record, deps);
  if (!deps.content?.enabled) return deps.sink.record(record);
  void withContent(record, exchange, response, deps).then(
    (row) => deps.sink.record(record, row),
    (err: unknown) => {
      contentNotKept(record, err, deps, false);
      deps.sink.record(record);
    },
  );
}

/**
 * Records a finished exchange and resolves once the record is committed: the caller releases the answer
 * only then. False when the answer must be withheld: the record could not be written (the store is down
 * past its retries), or the content the data policy says to keep could not be sealed. In that second case
 * the record is still committed, saying the answer was withheld (503 `audit_unavailable`, or an interrupted
 * stream) and why; a refusal is released as decided, since it carries no content.
 */
export async function commitExchange(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, deps: LifecycleDeps, response: ContentResponse = null): Promise<boolean> {
  completeOnce(exchange, outcome, deps);
  const record = safeRecord(exchange, req, outcome, exchange.request.operation, deps);
  let row: ContentRow | undefined;
  let release = true;
  if (deps.content?.enabled) {
    try {
      row = await withContent(record, exchange, response, deps);
    } catch (err) {
      release = !contentNotKept(record, err, deps, outcome.outcome === 'ok', exchange.firstByteAt !== null);
    }
  }
  const durable = await deps.sink.recordDurable(record, row);
  logExchange(record, deps);
  if (!durable) deps.logger.error({ requestId: record.id }, 'exchange record could not be committed: answer withheld');
  return durable && release;
}

/** The durable start of a stream, written before its first byte; its final record replaces it. */
export function commitStreamStart(exchange: Exchange, req: FastifyRequest, deps: LifecycleDeps): Promise<boolean> {
  return deps.sink.recordDurable(safeRecord(exchange, req, STREAM_STARTED, exchange.request.operation, deps));
}

/** Tells the pipeline the exchange ended; a failure there is traced and never costs the record. */
function completeOnce(exchange: Exchange, outcome: ExchangeOutcome, deps: LifecycleDeps): void {
  try {
    exchange.completer?.complete(exchange, outcome);
  } catch (err) {
    deps.logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name } }, 'exchange completion failed');
    exchange.trace.push({ stage: 'complete', phase: 'response', verdict: 'error', reason: 'stage_failed', durationUs: 0, note: `complete: ${(err as Error)?.name ?? 'Error'}` });
  }
}

/**
 * Content the data policy says to keep could not be sealed (the store could not give a subject key, or a
 * value JSON cannot carry). The record says so in its trace and keeps no digest. When an answer was about
 * to be released, fail closed: the record becomes the withheld answer's (503 `audit_unavailable`, or
 * `interrupted` for a stream whose headers are out), naming what was decided. Returns true when withheld.
 */
function contentNotKept(record: ExchangeRecord, err: unknown, deps: LifecycleDeps, withhold: boolean, headersSent = false): boolean {
  const name = err instanceof Error ? err.name : 'Error';
  deps.logger.error({ requestId: record.id, err: { name } }, 'exchange content could not be sealed');
  record.contentMode = null;
  record.contentDigest = null;
  const decided = `${record.status} ${record.reason}`;
  if (withhold) {
    record.status = headersSent ? record.status : 503;
    record.reason = 'audit_unavailable';
    record.outcome = headersSent ? 'interrupted' : 'error';
  }
  record.trace = [...record.trace, { stage: 'audit', phase: 'response', verdict: 'error', reason: 'audit_unavailable', durationUs: 0, note: `content not kept (${name}); ${withhold ? 'answer withheld, decided' : 'released as'} ${decided}` }];
  return withhold;
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

/**
 * The exchange's record; should building it throw (a stage left state it cannot read), a record of the
 * decision without the derived facts, so the exchange is never missing from the trail.
 */
function safeRecord(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, operation: string, deps: LifecycleDeps): ExchangeRecord {
  try {
    return exchangeRecord(exchange, req, outcome, operation);
  } catch (err) {
    deps.logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'exchange record could not be built in full');
    const record = bareRecord(exchange.id, exchange.startedAt, operation, req, outcome.status, outcome.reason, outcome.outcome);
    record.identityId = exchange.identity.id;
    record.streamed = exchange.streamed;
    record.trace = [{ stage: 'record', phase: 'response', verdict: 'error', reason: 'internal_error', durationUs: 0, note: `record built without derived facts (${(err as Error)?.name ?? 'Error'})` }];
    return record;
  }
}

function exchangeRecord(exchange: Exchange, req: FastifyRequest, outcome: ExchangeOutcome, operation: string): ExchangeRecord {
  const end = performance.now();
  const usage = exchange.usage;
  const record: ExchangeRecord = {
    id: exchange.id,
    createdAt: exchange.startedAt,
    operation,
    method: req.method,
    path: recordedPath(req.url),
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
  const outcome = reason === 'client_closed_request' ? 'client_closed' : status >= 500 ? 'error' : 'refused';
  const record = bareRecord(req.id, Math.round(Date.now() - latencyMs), operationOf(req.url), req, status, reason, outcome);
  record.latencyMs = latencyMs;
  deps.sink.record(record);
  if (deps.logExchanges) deps.logger.info({ requestId: record.id, op: record.operation, status, reason, outcome: record.outcome }, 'exchange');
}

/** A record with the request line and the decision only: no identity, model, usage or content facts. */
function bareRecord(id: string, createdAt: number, operation: string, req: FastifyRequest, status: number, reason: ReasonCode, outcome: ExchangeOutcome['outcome']): ExchangeRecord {
  return {
    id,
    createdAt,
    operation,
    method: req.method,
    path: recordedPath(req.url),
    identityId: ANONYMOUS.id,
    endUser: null,
    modelRequested: null,
    providerId: null,
    upstreamModel: null,
    streamed: false,
    status,
    reason,
    outcome,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    latencyMs: 0,
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
}

/**
 * The request path as records keep it: never the query string or fragment, where clients put credentials
 * (`?api_key=`) and search terms; at most 256 characters.
 */
export function recordedPath(url: string): string {
  let end = url.length;
  for (let i = 0; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3f || c === 0x23) end = i;
  }
  return end > 256 ? url.slice(0, 256) : end === url.length ? url : url.slice(0, end);
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
