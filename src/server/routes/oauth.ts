import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/schema-identity.js';
import { GatewayError } from '../../core/errors.js';
import { requestIdHeaders } from '../../core/ids.js';
import type { TraceEntry } from '../../core/exchange.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import type { IdentityRegistry } from '../../identity/identity-storage.js';
import { createTokenEndpoint, type TokenGrantResult } from '../../identity/token-endpoint.js';
import type { TokenService } from '../../identity/token-service.js';
import { newExchangeRecord, recordedPath } from '../../core/record.js';
import { answeredResponses } from '../error-handlers.js';
import type { LifecycleDeps } from '../exchange-lifecycle.js';

export interface OAuthRouteDeps extends LifecycleDeps {
  tokens: TokenService;
  registry: IdentityRegistry;
  /** Not read: the token service already holds the `auth` section. Accepted so the wiring can pass it along. */
  auth?: AuthConfig;
  /** ms since epoch (last-use marks). */
  now?: () => number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `POST /oauth/token` (RFC 6749 client credentials, RFC 7523 private_key_jwt, RFC 8693 token exchange)
 * and `GET /.well-known/jwks.json`. They live in their own plugin scope so its form-body parser and its
 * RFC 6749 error shape apply to these routes only. Every token request is recorded (operation `token`),
 * without its credentials: the recorded path drops any query string.
 */
export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): void {
  const grant = createTokenEndpoint({ tokens: deps.tokens, registry: deps.registry, now: deps.now });

  app.register(async function oauthScope(scope) {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, parseFormBody);
    scope.setErrorHandler(function onOAuthError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
      if (answeredResponses.has(reply.raw)) {
        reply.hijack();
        return;
      }
      if (reply.raw.destroyed || req.raw.socket?.destroyed) {
        recordToken(req, reply, deps, { status: 499, reason: 'client_closed_request', identityId: null, endUser: null });
        reply.hijack();
        reply.raw.destroy();
        return;
      }
      const { reason, status, description } = describeError(err, req, deps);
      sendOAuthError(reply, req, { status, reason, error: status >= 500 ? 'server_error' : 'invalid_request', description });
      recordToken(req, reply, deps, { status, reason, identityId: null, endUser: null });
    });

    scope.post('/oauth/token', async function token(req: FastifyRequest, reply: FastifyReply) {
      const params = paramsOf(req.body);
      const result: TokenGrantResult = params
        ? await grant({ params, authorization: req.headers.authorization })
        : { ok: false, error: 'invalid_request', description: 'The body must be form-encoded (or a JSON object) of string parameters.', identityId: null };
      if (result.ok) {
        reply.code(200).headers(noStore(req.id)).type('application/json').send(JSON.stringify(result.body));
        recordToken(req, reply, deps, { status: 200, reason: 'ok', identityId: result.identityId, endUser: result.endUser, note: result.note });
        return reply;
      }
      const status = REASON_CODES[result.error].status;
      if (status === 401 && result.basicChallenge) reply.header('www-authenticate', 'Basic realm="gatehouse", charset="UTF-8"');
      sendOAuthError(reply, req, { status, reason: result.error, error: result.error, description: result.description });
      recordToken(req, reply, deps, { status, reason: result.error, identityId: result.identityId, endUser: null, note: result.note });
      return reply;
    });

    scope.get('/.well-known/jwks.json', function jwks(req: FastifyRequest, reply: FastifyReply) {
      // Short: after a rotation, verifiers must see the new key soon.
      reply.headers(requestIdHeaders(req.id)).header('cache-control', 'public, max-age=60').type('application/json').send(JSON.stringify(deps.tokens.jwks()));
    });
  });
}

/** RFC 6749 §3.2: parameters in a form body, UTF-8, each at most once. */
function parseFormBody(req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void): void {
  let params: Record<string, string>;
  try {
    params = readForm(req, body);
  } catch (err) {
    done(err as Error);
    return;
  }
  done(null, params);
}

function readForm(req: FastifyRequest, body: Buffer | string): Record<string, string> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new GatewayError('unsupported_content_encoding', 'Content-Encoding is not supported; send an uncompressed body.');
  }
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new GatewayError('unsupported_media_type', 'Only UTF-8 form bodies are accepted.');
  }
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    throw new GatewayError('invalid_encoding', 'The request body is not valid UTF-8.');
  }
  const params: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in params) throw new GatewayError('invalid_request', 'A parameter appears more than once (RFC 6749 §3.2).');
    params[name] = value;
  }
  return params;
}

/** Form params as parsed, or a JSON object of strings; null for anything else. */
function paramsOf(body: unknown): Record<string, string> | null {
  if (body === undefined || body === null) return Object.create(null) as Record<string, string>;
  if (typeof body !== 'object' || Array.isArray(body)) return null;
  const params: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') return null;
    params[name] = value;
  }
  return params;
}

const FASTIFY_CODES: Record<string, ReasonCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

function describeError(err: FastifyError, req: FastifyRequest, deps: LifecycleDeps): { reason: ReasonCode; status: number; description: string } {
  if (err instanceof GatewayError) return { reason: err.reason, status: err.status, description: err.message };
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) {
    const description = known === 'unsupported_media_type' ? 'Send application/x-www-form-urlencoded (or application/json).' : REASON_CODES[known].summary;
    return { reason: known, status: REASON_CODES[known].status, description };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { reason: 'invalid_request', status: 400, description: REASON_CODES.invalid_request.summary };
  }
  // Never the error's message: it could quote a parameter. Name and stack are enough to debug.
  deps.logger.error({ requestId: req.id, err: { name: err.name, code: err.code, stack: err.stack } }, 'token endpoint failed');
  return { reason: 'internal_error', status: 500, description: 'The token could not be issued; try again later.' };
}

function noStore(requestId: string): Record<string, string> {
  return { 'cache-control': 'no-store', pragma: 'no-cache', ...requestIdHeaders(requestId) };
}

/** RFC 6749 §5.2 body, with our reason code in x-gatehouse-reason. */
function sendOAuthError(reply: FastifyReply, req: FastifyRequest, answer: { status: number; reason: ReasonCode; error: string; description: string }): void {
  reply
    .code(answer.status)
    .headers(noStore(req.id))
    .header('x-gatehouse-reason', answer.reason)
    .type('application/json')
    .send(JSON.stringify({ error: answer.error, error_description: answer.description }));
}

interface TokenOutcome {
  status: number;
  reason: ReasonCode;
  identityId: string | null;
  endUser: string | null;
  /** The precise cause or the method used, for the trace (never a credential). */
  note?: string | undefined;
}

function recordToken(req: FastifyRequest, reply: FastifyReply, deps: LifecycleDeps, outcome: TokenOutcome): void {
  const latencyMs = Math.round(reply.elapsedTime * 1000) / 1000;
  const refused = outcome.status >= 400;
  const trace: TraceEntry = { stage: 'token', phase: 'request', verdict: refused ? 'respond' : 'continue', durationUs: Math.round(latencyMs * 1000) };
  if (refused) trace.reason = outcome.reason;
  if (outcome.note !== undefined) trace.note = outcome.note;
  const record = newExchangeRecord({
    id: req.id,
    // Whole ms: created_at is a BIGINT on PostgreSQL, which refuses a fractional value.
    createdAt: Math.round(Date.now() - latencyMs),
    operation: 'token',
    method: req.method,
    path: recordedPath(req.url),
    identityId: outcome.identityId ?? 'anonymous',
    endUser: outcome.endUser,
    status: outcome.status,
    reason: outcome.reason,
    outcome: outcome.reason === 'client_closed_request' ? 'client_closed' : outcome.status >= 500 ? 'error' : refused ? 'refused' : 'ok',
    latencyMs,
    trace: [trace],
  });
  deps.sink.record(record);
  if (deps.logExchanges) {
    deps.logger.info(
      { requestId: record.id, op: 'token', identity: record.identityId, status: record.status, reason: record.reason, outcome: record.outcome },
      'exchange',
    );
  }
}
