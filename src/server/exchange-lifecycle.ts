import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientClosedError } from '../core/errors.js';
import type { Exchange, ExchangeOutcome, ExchangeRequest } from '../core/exchange.js';
import type { ReasonCode } from '../core/reason-codes.js';
import { newExchangeRecord, recordedPath } from '../core/record.js';
import type { Logger } from '../log/logger.js';
import { refusalFromError, type Pipeline, type PipelineOutcome } from '../core/pipeline.js';
import type { ContentPolicy } from '../audit/content-policy.js';
import type { ExchangeSink } from '../stages/record/index.js';

export type { ExchangeSink } from '../stages/record/index.js';

/** What the edge records with: the record stage is built from these, and early refusals go straight to the sink. */
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
export function startExchange(req: FastifyRequest, reply: FastifyReply, request: ExchangeRequest, policyVersion?: string, id: string = req.id): Exchange {
  const controller = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new ClientClosedError());
  });
  // Every field written out, in one literal: building it with a spread (`{ ...defaults(), id }`) measured
  // 10-15% less saturated throughput, since the exchange then gets a slower shape (BENCHMARKS.md notes).
  return {
    id,
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

/** Records a request refused before it became an exchange (bad JSON, wrong route, oversized body). */
export function recordRejected(req: FastifyRequest, reply: FastifyReply, status: number, reason: ReasonCode, deps: LifecycleDeps): void {
  const latencyMs = Math.round(reply.elapsedTime * 1000) / 1000;
  const outcome: ExchangeOutcome['outcome'] = reason === 'client_closed_request' ? 'client_closed' : status >= 500 ? 'error' : 'refused';
  const record = newExchangeRecord({
    id: req.id,
    createdAt: Math.round(Date.now() - latencyMs),
    operation: operationOf(req.url),
    method: req.method,
    path: recordedPath(req.url),
    status,
    reason,
    outcome,
    latencyMs,
  });
  deps.sink.record(record);
  if (deps.logExchanges) deps.logger.info({ requestId: record.id, op: record.operation, status, reason, outcome: record.outcome }, 'exchange');
}

function operationOf(url: string): string {
  if (url.startsWith('/v1/chat/completions')) return 'chat';
  if (url.startsWith('/v1/embeddings')) return 'embeddings';
  if (url.startsWith('/v1/messages/count_tokens')) return 'tokens.count';
  if (url.startsWith('/v1/responses/')) return 'responses.get';
  if (url.startsWith('/v1/messages') || url.startsWith('/v1/responses')) return 'chat';
  if (url.startsWith('/admin/')) return 'admin';
  if (url.startsWith('/v1/guard/')) return 'guard.scan';
  if (url.startsWith('/v1/models/')) return 'models.get';
  if (url.startsWith('/v1/models')) return 'models.list';
  if (url.startsWith('/v1/approvals/')) return url.includes('/result') ? 'approvals.result' : 'approvals.get';
  if (url.startsWith('/oauth/')) return 'token';
  if (url.startsWith('/mcp/')) return 'mcp';
  return 'unknown';
}

/**
 * Runs the exchange through its runtime's stage list. A stage that throws instead of refusing is logged
 * (name and stack only) and becomes an `internal_error` refusal, so the caller always has an outcome to record.
 */
export async function runPipeline(pipeline: Pipeline, exchange: Exchange, logger: Logger): Promise<PipelineOutcome> {
  try {
    return await pipeline.run(exchange);
  } catch (err) {
    logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'pipeline failed');
    return refusalFromError(err, 'internal_error');
  }
}
