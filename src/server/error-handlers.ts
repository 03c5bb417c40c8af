import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, errorBody } from '../core/errors.js';
import { REASON_CODES, type ReasonCode } from '../core/reason-codes.js';
import type { ExchangeRecord } from '../storage/store.js';
import { recordRejected, type LifecycleDeps } from './exchange-lifecycle.js';
import { sendRefusal } from './routes/inference.js';

/** Maps Fastify's own error codes to our catalogue. */
const FASTIFY_CODES: Record<string, ReasonCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

const KNOWN_ROUTES: Record<string, string> = {
  '/v1/chat/completions': 'POST',
  '/v1/embeddings': 'POST',
  '/v1/models': 'GET',
  '/healthz': 'GET',
  '/readyz': 'GET',
};

/**
 * Every error leaves as an OpenAI-shaped body with a reason code, a request id, and a record.
 * Internal messages are logged, never sent.
 */
export function registerErrorHandlers(app: FastifyInstance, deps: LifecycleDeps): void {
  app.setErrorHandler(function onError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
    let reason: ReasonCode;
    let message: string;
    let status: number;
    if (err instanceof GatewayError) {
      reason = err.reason;
      message = err.message;
      status = err.status;
    } else if (err.code && FASTIFY_CODES[err.code]) {
      reason = FASTIFY_CODES[err.code] as ReasonCode;
      message = reason === 'body_too_large' ? 'The request body is larger than this gateway accepts.' : REASON_CODES[reason].summary;
      status = REASON_CODES[reason].status;
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      reason = 'invalid_request';
      message = REASON_CODES.invalid_request.summary;
      status = 400;
    } else {
      deps.logger.error({ requestId: req.id, err: { name: err.name, code: err.code, stack: err.stack } }, 'unhandled error');
      reason = 'internal_error';
      message = REASON_CODES.internal_error.summary;
      status = 500;
    }
    recordRejected(req, reply, status, reason, deps);
    sendRefusal(reply, req.id, { status, reason, message, param: null });
  });

  app.setNotFoundHandler(function onNotFound(req: FastifyRequest, reply: FastifyReply) {
    const path = req.url.split('?')[0] ?? '';
    const allowed = KNOWN_ROUTES[path] ?? (path.startsWith('/v1/models/') ? 'GET' : undefined);
    if (allowed) {
      reply.header('allow', allowed);
      recordRejected(req, reply, 405, 'method_not_allowed', deps);
      return sendRefusal(reply, req.id, { status: 405, reason: 'method_not_allowed', message: `${req.method} is not allowed on ${path}; use ${allowed}.`, param: null });
    }
    recordRejected(req, reply, 404, 'route_not_found', deps);
    return sendRefusal(reply, req.id, { status: 404, reason: 'route_not_found', message: `Unknown request URL: ${req.method} ${path.slice(0, 128)}.`, param: null });
  });
}

/**
 * Malformed HTTP never reaches a route: Node's parser rejects it on the socket. We still answer in our
 * error shape, close the connection, and record it.
 */
export function clientErrorHandler(deps: LifecycleDeps): (err: Error & { code?: string }, socket: Socket) => void {
  return function onClientError(err, socket) {
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const reason: ReasonCode = tooLarge ? 'headers_too_large' : 'malformed_http';
    const status = REASON_CODES[reason].status;
    const id = randomUUID();
    const record: ExchangeRecord = {
      id, createdAt: Date.now(), operation: 'unknown', method: '', path: '', identityId: 'anonymous', endUser: null,
      modelRequested: null, providerId: null, upstreamModel: null, streamed: false, status, reason, outcome: 'refused',
      promptTokens: null, completionTokens: null, totalTokens: null, latencyMs: 0, ttfbMs: null, trace: [],
    };
    deps.sink.record(record);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(errorBody(reason, REASON_CODES[reason].summary));
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-gatehouse-request-id: ${id}\r\nx-gatehouse-reason: ${reason}\r\nconnection: close\r\n\r\n${body}`,
    );
  };
}
