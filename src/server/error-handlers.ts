import { newRequestId, requestIdHeaders } from '../core/ids.js';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, errorBody } from '../core/errors.js';
import { REASON_CODES, type ReasonCode } from '../core/reason-codes.js';
import type { Logger } from '../log/logger.js';
import { newExchangeRecord, recordedPath, type ExchangeRecord } from '../core/record.js';
import { recordRejected, type LifecycleDeps } from './exchange-lifecycle.js';
import { collectRoutes, type DisabledEndpoint, type RouteTable } from './route-table.js';
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

/**
 * Every error leaves as an OpenAI-shaped body with a reason code, a request id, and a record.
 * Internal messages are logged, never sent. `disabled` lists the endpoints this gateway's configuration
 * leaves off (register before any route: the not-found answer is built from the routes registered after).
 */
export function registerErrorHandlers(app: FastifyInstance, deps: LifecycleDeps, disabled: readonly DisabledEndpoint[] = []): void {
  const routes = collectRoutes(app, disabled);
  app.setErrorHandler(function onError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
    if (answeredResponses.has(reply.raw)) {
      reply.hijack();
      return;
    }
    if (reply.raw.destroyed || req.raw.socket?.destroyed) {
      // The client went away while we read its body: nothing can be sent, the record says so.
      recordRejected(req, reply, 499, 'client_closed_request', deps);
      reply.hijack();
      reply.raw.destroy();
      return;
    }
    const { status, reason, message, param } = refusalOf(err, req, deps);
    recordRejected(req, reply, status, reason, deps);
    sendRefusal(reply, req.id, { status, reason, message, param });
  });

  app.setNotFoundHandler(function onNotFound(req: FastifyRequest, reply: FastifyReply) {
    const refusal = unmatchedRefusal(routes, req.method, req.url.split('?')[0] ?? '');
    if (refusal.allow) reply.header('allow', refusal.allow);
    recordRejected(req, reply, refusal.status, refusal.reason, deps);
    return sendRefusal(reply, req.id, { ...refusal, param: null });
  });
}

/** What an error is answered with: ours as raised, Fastify's mapped to a reason code, anything else logged as internal. */
function refusalOf(err: FastifyError, req: FastifyRequest, deps: LifecycleDeps): { status: number; reason: ReasonCode; message: string; param: string | null } {
  if (err instanceof GatewayError) return { status: err.status, reason: err.reason, message: err.message, param: err.param };
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) {
    const reason = mapped as ReasonCode;
    const message = reason === 'body_too_large' ? 'The request body is larger than this gateway accepts.' : REASON_CODES[reason].summary;
    return { status: REASON_CODES[reason].status, reason, message, param: null };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
    return { status: 400, reason: 'invalid_request', message: REASON_CODES.invalid_request.summary, param: null };
  deps.logger.error({ requestId: req.id, err: { name: err.name, code: err.code, stack: err.stack } }, 'unhandled error');
  return { status: 500, reason: 'internal_error', message: REASON_CODES.internal_error.summary, param: null };
}

/**
 * Why the router matched nothing: an endpoint the configuration leaves off (404 endpoint_not_enabled), a path
 * served for other methods (405, naming them and never the method used), or no such endpoint (404).
 */
function unmatchedRefusal(
  routes: RouteTable,
  method: string,
  path: string,
): { status: number; reason: ReasonCode; message: string; allow?: string | undefined } {
  const shown = path.slice(0, 128);
  const disabled = routes.disabledFor(path);
  if (disabled) return { status: 404, reason: 'endpoint_not_enabled', message: `${shown} is not enabled on this gateway: ${disabled.why}` };
  const allowed = routes.methodsFor(path).filter((m) => m !== method);
  if (allowed.length > 0) {
    const allow = allowed.join(', ');
    return { status: 405, reason: 'method_not_allowed', message: `${method} is not allowed on ${shown}; use ${allowed.join(' or ')}.`, allow };
  }
  return { status: 404, reason: 'route_not_found', message: `Unknown request URL: ${method} ${shown}.` };
}

/** Answers before routing (Fastify's frameworkErrors): today, a URL with a malformed percent-escape. */
export function frameworkErrorHandler(deps: LifecycleDeps) {
  return function onFrameworkError(_err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
    recordRejected(req, reply, 400, 'invalid_request', deps);
    sendRefusal(reply, req.id, { status: 400, reason: 'invalid_request', message: 'The request URL is not valid.', param: null });
  };
}

/** `Expect` values other than 100-continue: 417 in our shape, recorded (Node would answer bare). */
export function expectationFailedHandler(deps: LifecycleDeps) {
  return function onCheckExpectation(req: IncomingMessage, res: ServerResponse): void {
    rejectBeforeRouting(req, res, 'expectation_failed', deps);
  };
}

/**
 * Wraps Fastify's request handler: an HTTP/1.1 request without Host is refused in our shape. (Node's own
 * check answers with a bare 400 and no record, so the server is created with requireHostHeader off.)
 */
export function requireHost(handler: (req: IncomingMessage, res: ServerResponse) => void, deps: LifecycleDeps) {
  return function onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers.host === undefined && req.httpVersionMinor === 1 && req.httpVersionMajor === 1) {
      rejectBeforeRouting(req, res, 'missing_host', deps);
      return;
    }
    handler(req, res);
  };
}

function rejectBeforeRouting(req: IncomingMessage, res: ServerResponse, reason: ReasonCode, deps: LifecycleDeps): void {
  const id = newRequestId();
  const status = REASON_CODES[reason].status;
  deps.sink.record(socketRecord(id, status, reason, req.method ?? '', recordedPath(req.url ?? '')));
  const body = JSON.stringify(errorBody(reason, REASON_CODES[reason].summary));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...requestIdHeaders(id),
    'x-gatehouse-reason': reason,
    connection: 'close',
  });
  res.end(body);
}

/**
 * Connections past server.maxConnections are closed by Node as they arrive, before a byte is read: there is
 * no request to answer or record. Logged once per episode (and every 1,000 drops), never per connection.
 */
export function connectionDroppedHandler(logger: Logger, max: number): () => void {
  let dropped = 0;
  let lastLogAt = 0;
  return function onConnectionDropped(): void {
    dropped++;
    const now = Date.now();
    if (dropped % 1000 !== 1 && now - lastLogAt < 10_000) return;
    lastLogAt = now;
    logger.warn({ maxConnections: max, droppedTotal: dropped }, 'connection refused: server.maxConnections reached');
  };
}

const answeredSockets = new WeakSet<Socket>();
/** Responses whose request was answered (and recorded) here, so the route's error handler must not record them again. */
export const answeredResponses = new WeakSet<ServerResponse>();

/**
 * Malformed HTTP never reaches a route: Node's parser rejects it on the socket. We answer once per
 * connection in our error shape, record it, and close. A reset with nothing sent is not a request and
 * leaves no record. When the broken bytes follow a complete request still being served (pipelining),
 * that answer goes out first.
 */
export function clientErrorHandler(deps: LifecycleDeps): (err: Error & { code?: string }, socket: Socket) => void {
  return function onClientError(err, socket) {
    if (answeredSockets.has(socket)) return;
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    answeredSockets.add(socket);
    const reason: ReasonCode =
      err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'malformed_http';
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    const answer = () => answerOnSocket(socket, reason, deps);
    if (!inFlight || inFlight.headersSent) return answer();
    if (inFlight.req?.complete) {
      inFlight.once('close', answer);
      return;
    }
    // The body of the request being served is what broke (or was too slow): this answer, and its record, are that request's.
    answeredResponses.add(inFlight);
    answerOnSocket(socket, reason, deps, inFlight.req?.method ?? '', recordedPath(inFlight.req?.url ?? ''));
  };
}

function answerOnSocket(socket: Socket, reason: ReasonCode, deps: LifecycleDeps, method = '', path = ''): void {
  const status = REASON_CODES[reason].status;
  const id = newRequestId();
  deps.sink.record(socketRecord(id, status, reason, method, path));
  const body = JSON.stringify(errorBody(reason, REASON_CODES[reason].summary));
  if (!socket.writable) return void socket.destroy();
  const idLines = Object.entries(requestIdHeaders(id))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${idLines}x-gatehouse-reason: ${reason}\r\nconnection: close\r\n\r\n${body}`,
  );
  // Keep reading (and discarding) so the client can finish sending and see the answer; then close for sure.
  setTimeout(() => socket.destroy(), 2000).unref();
}

function socketRecord(id: string, status: number, reason: ReasonCode, method: string, path: string): ExchangeRecord {
  return newExchangeRecord({ id, createdAt: Date.now(), operation: 'unknown', method, path, status, reason, outcome: 'refused' });
}
