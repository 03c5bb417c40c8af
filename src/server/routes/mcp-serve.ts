import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newRequestId } from '../../core/ids.js';
import type { ExchangeRequest } from '../../core/exchange.js';
import { REASON_CODES } from '../../core/reason-codes.js';
import { createMcpProtocolServer, type McpAnswer } from '../../mcp/protocol-server.js';
import { CLIENT_CLOSED, answeredOutcome, refusedOutcome } from '../../stages/record/index.js';
import { runPipeline, startExchange } from '../exchange-lifecycle.js';
import type { InferenceDeps } from './inference.js';

/**
 * One HTTP request, one SDK server and transport (stateless mode: no session to keep across replicas or
 * reloads). The reply is handed to the SDK; the pipeline runs inside its request handlers.
 */
export async function serveMcp(req: FastifyRequest, reply: FastifyReply, server: string, deps: InferenceDeps): Promise<void> {
  const mcp = createMcpProtocolServer(server, (request) => runMcpExchange(req, reply, request, deps));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  reply.hijack();
  reply.raw.once('close', () => {
    void transport.close();
    void mcp.close();
  });
  try {
    await mcp.connect(transport);
    await transport.handleRequest(req.raw, reply.raw, req.body);
  } catch (err) {
    deps.logger.error({ requestId: req.id, err: { name: (err as Error)?.name } }, 'mcp request failed');
    if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
    if (!reply.raw.writableEnded)
      reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: REASON_CODES.internal_error.summary }, id: null }));
  }
}

/**
 * Runs one MCP request through the pipeline and commits its record: a refusal is recorded and becomes the
 * JSON-RPC error; an answer is released only once its record is committed (else audit_unavailable).
 */
async function runMcpExchange(req: FastifyRequest, reply: FastifyReply, request: ExchangeRequest, deps: InferenceDeps): Promise<McpAnswer> {
  const runtime = deps.holder.current;
  const exchange = startExchange(req, reply, request, runtime.configHash, newRequestId());
  deps.record.begin(exchange);
  const outcome = await runPipeline(runtime.pipeline, exchange, deps.logger);
  const line = { method: 'POST', url: req.url };
  if (outcome.kind === 'result') {
    if (await deps.record.commit(exchange, line, answeredOutcome(exchange)))
      return { kind: 'result', requestId: exchange.id, body: outcome.response.body as Record<string, unknown> };
    return { kind: 'refused', requestId: exchange.id, reason: 'audit_unavailable', status: 503, message: REASON_CODES.audit_unavailable.summary };
  }
  if (outcome.kind === 'refused') {
    const durable = await deps.record.commit(exchange, line, refusedOutcome(outcome.reason, outcome.status));
    if (!durable) return { kind: 'refused', requestId: exchange.id, reason: 'audit_unavailable', status: 503, message: REASON_CODES.audit_unavailable.summary };
    // A 5xx message is the catalogue's, as on /v1: an internal or upstream failure never explains itself.
    const message = outcome.status >= 500 && outcome.reason !== 'traffic_stopped' ? REASON_CODES[outcome.reason].summary : outcome.message;
    return { kind: 'refused', requestId: exchange.id, reason: outcome.reason, status: outcome.status, message, headers: outcome.headers };
  }
  deps.record.finish(exchange, line, CLIENT_CLOSED);
  return { kind: 'refused', requestId: exchange.id, reason: 'client_closed_request', status: 499, message: REASON_CODES.client_closed_request.summary };
}
