import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TraceEntry } from '../../core/exchange.js';
import { requestIdHeaders } from '../../core/ids.js';
import { GATEWAY_REFUSAL } from '../../core/mcp-names.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import { newExchangeRecord, recordedPath } from '../../core/record.js';
import { authenticateAdmission, credentialRefusal } from '../../stages/authenticate/index.js';
import type { LifecycleDeps } from '../exchange-lifecycle.js';
import type { RuntimeHolder } from '../runtime.js';
import { resourceMetadataUrl } from './oauth-metadata.js';

export interface McpAdmissionDeps extends LifecycleDeps {
  holder: RuntimeHolder;
}

/** A refusal of an MCP HTTP request, before (or instead of) the protocol: status, reason, client-safe message. */
export interface McpHttpRefusal {
  status: number;
  reason: ReasonCode;
  message: string;
  headers?: Record<string, string> | undefined;
}

/**
 * Checks the caller's gateway token on one HTTP request to /mcp/{server}, whatever it carries (initialize, ping,
 * a notification, a governed method, the GET stream, a session DELETE), before the SDK sees it: the MCP
 * authorization spec (Streamable HTTP) wants the credential on every request and a refusal as HTTP 401 with a
 * `WWW-Authenticate` challenge (403 for a caller identified but refused: suspended, retired). The refusal is
 * one committed record (the authenticate step in its trace) and a JSON-RPC error naming the reason code;
 * true when the request may go on. The governed methods still pass the whole stage list, authenticate included
 * (it takes this verdict for the same request rather than verifying the token twice): this gate is the
 * transport's, the pipeline stays the one place decisions are made.
 */
export async function admitMcpRequest(req: FastifyRequest, reply: FastifyReply, deps: McpAdmissionDeps): Promise<boolean> {
  const runtime = deps.holder.current;
  const authenticator = runtime.authenticator;
  // Auth off (the demo): every caller is anonymous, as on /v1.
  if (!authenticator) return true;
  const started = performance.now();
  let refusal: McpHttpRefusal;
  let identityId: string | undefined;
  let verdict: TraceEntry['verdict'] = 'respond';
  try {
    const result = await authenticateAdmission(authenticator, req.headers);
    if (result.ok) return true;
    identityId = result.identityId;
    const refused = credentialRefusal(result);
    refusal = {
      status: REASON_CODES[refused.reason].status,
      reason: refused.reason,
      message: refused.message,
      headers: withResourceMetadata(req, refused.headers, runtime),
    };
  } catch (err) {
    // An authenticator fault refuses, as the stage would (fail closed); its message stays in the log.
    deps.logger.error({ requestId: req.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'mcp authentication failed');
    verdict = 'error';
    refusal = { status: 500, reason: 'stage_failed', message: REASON_CODES.stage_failed.summary };
  }
  const trace: TraceEntry[] = [
    { stage: 'authenticate', phase: 'request', verdict, reason: refusal.reason, durationUs: Math.round((performance.now() - started) * 1000) },
  ];
  const record = newExchangeRecord({
    id: req.id,
    createdAt: Date.now() - Math.round(reply.elapsedTime),
    operation: mcpOperationOf(req),
    method: req.method,
    path: recordedPath(req.url),
    identityId,
    status: refusal.status,
    reason: refusal.reason,
    outcome: refusal.status >= 500 ? 'error' : 'refused',
    latencyMs: Math.round(reply.elapsedTime * 1000) / 1000,
    trace,
    policyVersion: runtime.configHash,
  });
  const durable = await deps.sink.recordDurable(record);
  if (deps.logExchanges)
    deps.logger.info({ requestId: req.id, op: record.operation, status: record.status, reason: record.reason, outcome: record.outcome }, 'exchange');
  // As on every exchange: nothing is released before its record is committed.
  if (!durable) refusal = { status: 503, reason: 'audit_unavailable', message: REASON_CODES.audit_unavailable.summary };
  sendMcpRefusal(reply, req.id, refusal);
  return false;
}

/**
 * A 401's challenge names where the MCP server's protected-resource metadata is (RFC 9728 §5.1, as the MCP
 * authorization spec asks), so an OAuth client finds the gateway's token endpoint from the refusal alone.
 * Only for a configured server: an unknown name gets the plain challenge (and a 404 once authenticated).
 */
function withResourceMetadata(req: FastifyRequest, headers: Record<string, string> | undefined, runtime: McpAdmissionDeps['holder']['current']) {
  const challenge = headers?.['www-authenticate'];
  const server = (req.params as { server?: string }).server;
  if (challenge === undefined || server === undefined || !(server in runtime.config.mcp.servers)) return headers;
  const url = resourceMetadataUrl(req, server);
  // The URL is built from the Host header: one that would break out of the quoted parameter is left out.
  if (/["\\\s]/.test(url)) return headers;
  return { ...headers, 'www-authenticate': `${challenge}, resource_metadata="${url}"` };
}

/**
 * An HTTP-level refusal on /mcp/{server} in JSON-RPC's shape, so an MCP client reads a typed error: code -32010
 * (a gateway refusal), `data` with the reason code, the status and the request id, as a governed method's
 * refusal has. The id is null: the request is refused before its JSON-RPC id is read.
 */
export function sendMcpRefusal(reply: FastifyReply, requestId: string, refusal: McpHttpRefusal): void {
  const body = {
    jsonrpc: '2.0',
    error: { code: GATEWAY_REFUSAL, message: refusal.message, data: { reason: refusal.reason, status: refusal.status, requestId } },
    id: null,
  };
  if (refusal.headers) reply.headers(refusal.headers);
  reply
    .code(refusal.status)
    .headers(requestIdHeaders(requestId))
    .header('x-gatehouse-reason', refusal.reason)
    .type('application/json')
    .send(JSON.stringify(body));
}

/** Methods a refused request is recorded under; any other is `mcp.notification` (no id) or plain `mcp`. */
const RECORDED_METHODS = new Set(['initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'prompts/list', 'prompts/get']);

/**
 * The record's operation for a refused MCP request: `mcp.<method>` for one request of a known method (the
 * governed ones as their exchanges are named), `mcp.notification`, or `mcp` (a GET, a DELETE, a batch). A
 * fixed set: the method name a client sends never becomes a metric label of its own.
 */
function mcpOperationOf(req: FastifyRequest): string {
  const body = req.body as { method?: unknown; id?: unknown } | undefined;
  if (req.method !== 'POST' || typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.method !== 'string') return 'mcp';
  if (RECORDED_METHODS.has(body.method)) return `mcp.${body.method}`;
  return body.id === undefined && body.method.startsWith('notifications/') ? 'mcp.notification' : 'mcp';
}
