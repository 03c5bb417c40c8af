import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest, EmbeddingsRequest } from '../../core/chat-types.js';
import { GatewayError, type ApprovalRef } from '../../core/errors.js';
import { requestIdHeaders } from '../../core/ids.js';
import type { Exchange, ExchangeRequest } from '../../core/exchange.js';
import { classify, refusalFromError, type PipelineOutcome } from '../../core/pipeline.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { ContentResponse } from '../../audit/content-policy.js';
import type { Logger } from '../../log/logger.js';
import { CLIENT_CLOSED, answeredOutcome, interruptedOutcome, refusedOutcome, type RecordStage } from '../../stages/record/index.js';
import { runPipeline, startExchange } from '../exchange-lifecycle.js';
import type { RuntimeHolder } from '../runtime.js';
import type { IngressApi } from '../../ingress/contract.js';
import { apiOfPath, OPENAI_CHAT } from '../api-shapes.js';
import { markFirstByte, write } from '../sse-writer.js';

export interface InferenceDeps {
  holder: RuntimeHolder;
  /** The pipeline's last stage: keeps content and commits each exchange's record (src/stages/index.ts builds it). */
  record: RecordStage;
  logger: Logger;
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
 * result, the stream, or the refusal, each released only once the record stage has committed its record.
 * Routes only name the operation, and the API shape the client speaks (`api`: how the answer, the stream
 * and a refusal look; the exchange itself is the same whatever the shape).
 */
export async function runExchange(
  req: FastifyRequest,
  reply: FastifyReply,
  request: ExchangeRequest,
  deps: InferenceDeps,
  api: IngressApi = OPENAI_CHAT,
): Promise<void> {
  const runtime = deps.holder.current;
  const record = deps.record;
  const exchange = startExchange(req, reply, request, runtime.configHash);
  record.begin(exchange);
  const outcome = await runPipeline(runtime.pipeline, exchange, deps.logger);
  switch (outcome.kind) {
    case 'refused': {
      const durable = await record.commit(exchange, req, refusedOutcome(outcome.reason, outcome.status));
      if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
      return sendRefusal(reply, exchange.id, durable ? outcome : AUDIT_UNAVAILABLE);
    }
    case 'client_closed':
      abandon(reply);
      return record.finish(exchange, req, CLIENT_CLOSED);
    case 'result':
      // The answer leaves only once its record is committed: a crash cannot lose a request the client saw succeed.
      if (!(await record.commit(exchange, req, answeredOutcome(exchange), outcome.response.body as ContentResponse)))
        return sendRefusal(reply, exchange.id, AUDIT_UNAVAILABLE);
      if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
      reply
        .code(200)
        .headers(requestIdHeaders(exchange.id))
        .type('application/json')
        .send(JSON.stringify(api.answer(outcome.response.body)));
      return;
    case 'stream':
      return streamToClient(req, reply, exchange, outcome.parts, { record, api });
  }
}

/** The answer when a record cannot be committed: nothing is released unrecorded. */
const AUDIT_UNAVAILABLE = Object.freeze({ status: 503, reason: 'audit_unavailable' as const, message: REASON_CODES.audit_unavailable.summary, param: null });

/**
 * Streams parts as SSE. The first part is awaited before any header is written, so an upstream
 * refusal (429, 5xx, timeout) still reaches the client as a real status. After that, a failure ends
 * the stream with the API's in-band error event, and the record says it was interrupted.
 */
async function streamToClient(
  req: FastifyRequest,
  reply: FastifyReply,
  exchange: Exchange,
  parts: AsyncIterable<StreamPart>,
  { record, api }: { record: RecordStage; api: IngressApi },
): Promise<void> {
  const iterator = parts[Symbol.asyncIterator]();
  let next = await firstPart(req, reply, exchange, iterator, record);
  if (!next) return;

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...requestIdHeaders(exchange.id),
    ...exchange.responseHeaders,
  });
  markFirstByte(exchange);
  const encoder = api.encoder(exchange.request.body as ChatRequest, exchange.id);
  try {
    while (!next.done) {
      record.streamPart(exchange, next.value);
      const pending = write(res, encoder.encode(next.value));
      if (pending) await pending;
      next = await iterator.next();
    }
    // The closing events ([DONE], message_stop, response.completed) tell the client the answer is complete:
    // they are sent once the final record is committed.
    const durable = await record.commit(exchange, req, answeredOutcome(exchange));
    res.end(durable ? encoder.end() : encoder.fail('audit_unavailable', REASON_CODES.audit_unavailable.summary));
    return;
  } catch (err) {
    const reason = classify(err);
    if (!reason || res.destroyed) {
      await iterator.return?.();
      if (!res.destroyed) res.destroy();
      return record.finish(exchange, req, CLIENT_CLOSED);
    }
    // A stage's refusal keeps its own reason; an upstream failure mid-stream is an interruption.
    const streamReason: ReasonCode = err instanceof GatewayError ? reason : 'stream_interrupted';
    const message = err instanceof GatewayError ? err.message : REASON_CODES.stream_interrupted.summary;
    await record.commit(exchange, req, interruptedOutcome(streamReason));
    res.end(encoder.fail(streamReason, message, err instanceof GatewayError ? err.approval : undefined));
  }
}

/**
 * Awaits the first part, then the durable start record, before any header is written. Undefined when the
 * exchange was answered here instead: refused (an upstream failure before the first part), the client
 * gone, or the start record not committed.
 */
async function firstPart(
  req: FastifyRequest,
  reply: FastifyReply,
  exchange: Exchange,
  iterator: AsyncIterator<StreamPart>,
  record: RecordStage,
): Promise<IteratorResult<StreamPart> | undefined> {
  let next: IteratorResult<StreamPart>;
  try {
    next = await iterator.next();
  } catch (err) {
    const reason = classify(err);
    if (!reason) {
      abandon(reply);
      record.finish(exchange, req, CLIENT_CLOSED);
      return undefined;
    }
    const outcome = refusalFromError(err, reason);
    const vetted = exchange.completer?.vetRefusal ? await exchange.completer.vetRefusal(exchange, outcome, err) : outcome;
    const refused = vetted as Extract<PipelineOutcome, { kind: 'refused' }>;
    const durable = await record.commit(exchange, req, refusedOutcome(reason, refused.status));
    if (exchange.responseHeaders) reply.headers(exchange.responseHeaders);
    sendRefusal(reply, exchange.id, durable ? refused : AUDIT_UNAVAILABLE);
    return undefined;
  }
  // A durable start record before the first byte: a crash mid-stream leaves it, marked in progress.
  if (!(await record.commitStreamStart(exchange, req))) {
    await iterator.return?.();
    sendRefusal(reply, exchange.id, AUDIT_UNAVAILABLE);
    record.finish(exchange, req, refusedOutcome('audit_unavailable', 503));
    return undefined;
  }
  return next;
}

/** Sends the error in the shape of the API the request path speaks (apiOfPath), with our reason code. */
export function sendRefusal(
  reply: FastifyReply,
  requestId: string,
  refusal: {
    status: number;
    reason: ReasonCode;
    message: string;
    param: string | null;
    headers?: Record<string, string> | undefined;
    approval?: ApprovalRef | undefined;
  },
): void {
  if (refusal.headers) reply.headers(refusal.headers);
  reply
    .code(refusal.status)
    .headers(requestIdHeaders(requestId))
    .header('x-gatehouse-reason', refusal.reason)
    .type('application/json')
    .send(JSON.stringify(apiOfPath(reply.request.url).errorBody(refusal.reason, refusal.message, refusal.param, refusal.approval)));
}

function abandon(reply: FastifyReply): void {
  reply.hijack();
  if (!reply.raw.destroyed) reply.raw.destroy();
}
