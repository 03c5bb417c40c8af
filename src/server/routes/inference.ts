import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest, EmbeddingsRequest } from '../../core/chat-types.js';
import { GatewayError, errorBody } from '../../core/errors.js';
import { MODEL_OPERATIONS, type Exchange, type ExchangeOutcome, type ExchangeRequest } from '../../core/exchange.js';
import { classify, refusalFromError, type PipelineOutcome } from '../../core/pipeline.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { ContentResponse } from '../../audit/content-policy.js';
import { commitExchange, commitStreamStart, finishExchange, startExchange, type LifecycleDeps } from '../exchange-lifecycle.js';
import type { RuntimeHolder } from '../runtime.js';
import { ChunkEncoder, DONE_EVENT, errorEvent, markFirstByte, write } from '../sse-writer.js';

export interface InferenceDeps extends LifecycleDeps {
  holder: RuntimeHolder;
}

/** POST /v1/chat/completions and POST /v1/embeddings: each request runs the pipeline once. */
export function registerInferenceRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/v1/chat/completions', function chatCompletions(req, reply) {
    return runExchange(req, reply, { operation: 'chat', body: req.body as ChatRequest }, deps);
  });
  app.post('/v1/embeddings', function embeddings(req, reply) {
    return runExchange(req, reply, { operation: 'embeddings', body: req.body as EmbeddingsRequest }, deps);
  });
}

/**
 * Runs one request of any /v1 operation through the current runtime's pipeline and answers it: the JSON
 * result, the stream, or the refusal, each after its one record is committed. Routes only name the operation.
 */
export async function runExchange(req: FastifyRequest, reply: FastifyReply, request: ExchangeRequest, inference: InferenceDeps): Promise<void> {
  const runtime = inference.holder.current;
  const exchange = startExchange(req, reply, request, runtime.configHash);
  // Scans and listings keep no content: the record says who asked what of the gateway, not the scanned text.
  const deps = MODEL_OPERATIONS.has(request.operation) ? inference : { ...inference, content: undefined };
  deps.content?.begin(exchange);
  let outcome: PipelineOutcome;
  try {
    outcome = await runtime.pipeline.run(exchange);
  } catch (err) {
    deps.logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'pipeline failed');
    outcome = refusalFromError(err, 'internal_error');
  }
  switch (outcome.kind) {
    case 'refused': {
      const durable = await commitExchange(exchange, req, { status: outcome.status, reason: outcome.reason, outcome: outcomeOf(outcome.reason, outcome.status) }, deps);
      if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
      return sendRefusal(reply, exchange.id, durable ? outcome : AUDIT_UNAVAILABLE);
    }
    case 'client_closed':
      abandon(reply);
      return finishExchange(exchange, req, CLIENT_CLOSED, deps);
    case 'result':
      // The answer leaves only once its record is committed: a crash cannot lose a request the client saw succeed.
      if (!(await commitExchange(exchange, req, okOutcome(exchange), deps, outcome.response.body as ContentResponse))) return sendRefusal(reply, exchange.id, AUDIT_UNAVAILABLE);
      if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
      reply.code(200).header('x-gatehouse-request-id', exchange.id).type('application/json').send(JSON.stringify(outcome.response.body));
      return;
    case 'stream':
      return streamToClient(req, reply, exchange, outcome.parts, deps);
  }
}

/** The answer when a record cannot be committed: nothing is released unrecorded. */
const AUDIT_UNAVAILABLE = Object.freeze({ status: 503, reason: 'audit_unavailable' as const, message: REASON_CODES.audit_unavailable.summary, param: null });

/**
 * Streams parts as SSE. The first part is awaited before any header is written, so an upstream
 * refusal (429, 5xx, timeout) still reaches the client as a real status. After that, a failure ends
 * the stream with an in-band error event and `[DONE]`, and the record says it was interrupted.
 */
async function streamToClient(req: FastifyRequest, reply: FastifyReply, exchange: Exchange, parts: AsyncIterable<StreamPart>, deps: InferenceDeps): Promise<void> {
  const iterator = parts[Symbol.asyncIterator]();
  let next: IteratorResult<StreamPart>;
  try {
    next = await iterator.next();
  } catch (err) {
    const reason = classify(err);
    if (!reason) {
      abandon(reply);
      return finishExchange(exchange, req, CLIENT_CLOSED, deps);
    }
    const outcome = refusalFromError(err, reason);
    const vetted = exchange.completer?.vetRefusal ? await exchange.completer.vetRefusal(exchange, outcome, err) : outcome;
    const refused = vetted as Extract<PipelineOutcome, { kind: 'refused' }>;
    const durable = await commitExchange(exchange, req, { status: refused.status, reason, outcome: outcomeOf(reason, refused.status) }, deps);
    if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
    return sendRefusal(reply, exchange.id, durable ? refused : AUDIT_UNAVAILABLE);
  }

  // A durable start record before the first byte: a crash mid-stream leaves it, marked in progress.
  if (!(await commitStreamStart(exchange, req, deps))) {
    await iterator.return?.();
    sendRefusal(reply, exchange.id, AUDIT_UNAVAILABLE);
    return finishExchange(exchange, req, { status: 503, reason: 'audit_unavailable', outcome: 'error' }, deps);
  }

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-gatehouse-request-id': exchange.id,
    ...exchange.responseHeaders,
  });
  markFirstByte(exchange);
  const body = exchange.request.body as ChatRequest;
  const includeUsage = body.stream_options?.include_usage === true;
  const encoder = new ChunkEncoder(`chatcmpl-${exchange.id}`, body.model);
  try {
    while (!next.done) {
      deps.content?.streamPart(exchange, next.value);
      const pending = write(res, encoder.encode(next.value, includeUsage));
      if (pending) await pending;
      next = await iterator.next();
    }
    // [DONE] tells the client the answer is complete: it is sent once the final record is committed.
    const durable = await commitExchange(exchange, req, okOutcome(exchange), deps);
    res.end(durable ? DONE_EVENT : errorEvent(errorBody('audit_unavailable', REASON_CODES.audit_unavailable.summary)) + DONE_EVENT);
    return;
  } catch (err) {
    const reason = classify(err);
    if (!reason || res.destroyed) {
      await iterator.return?.();
      if (!res.destroyed) res.destroy();
      return finishExchange(exchange, req, CLIENT_CLOSED, deps);
    }
    // A stage's refusal keeps its own reason; an upstream failure mid-stream is an interruption.
    const streamReason: ReasonCode = err instanceof GatewayError ? reason : 'stream_interrupted';
    const message = err instanceof GatewayError ? err.message : REASON_CODES.stream_interrupted.summary;
    await commitExchange(exchange, req, { status: 200, reason: streamReason, outcome: 'interrupted' }, deps);
    res.end(errorEvent(errorBody(streamReason, message)) + DONE_EVENT);
  }
}

/** Sends an OpenAI-shaped error with our reason code. */
export function sendRefusal(reply: FastifyReply, requestId: string, refusal: { status: number; reason: ReasonCode; message: string; param: string | null; headers?: Record<string, string> | undefined }): void {
  if (refusal.headers) reply.headers(refusal.headers);
  reply
    .code(refusal.status)
    .header('x-gatehouse-request-id', requestId)
    .header('x-gatehouse-reason', refusal.reason)
    .type('application/json')
    .send(JSON.stringify(errorBody(refusal.reason, refusal.message, refusal.param)));
}

function abandon(reply: FastifyReply): void {
  reply.hijack();
  if (!reply.raw.destroyed) reply.raw.destroy();
}

function outcomeOf(reason: ReasonCode, status: number): ExchangeOutcome['outcome'] {
  // A 4xx is the client's or a policy's doing, even when the upstream said it; 5xx and upstream 429 are faults.
  return status >= 500 || reason === 'upstream_rate_limited' ? 'error' : 'refused';
}

const OK: ExchangeOutcome = Object.freeze({ status: 200, reason: 'ok', outcome: 'ok' });
const SAFE_MODE: ExchangeOutcome = Object.freeze({ status: 200, reason: 'safe_mode_response', outcome: 'ok' });

/** A 200 is `ok`, or `safe_mode_response` when the router answered with the model's safe-mode text. */
function okOutcome(exchange: Exchange): ExchangeOutcome {
  return exchange.safeMode === true ? SAFE_MODE : OK;
}
const CLIENT_CLOSED: ExchangeOutcome = Object.freeze({ status: 499, reason: 'client_closed_request', outcome: 'client_closed' });
