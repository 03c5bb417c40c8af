import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newRequestId } from '../../core/ids.js';
import type { ExchangeRequest } from '../../core/exchange.js';
import { refusalFromError, type PipelineOutcome } from '../../core/pipeline.js';
import { REASON_CODES } from '../../core/reason-codes.js';
import { createMcpProtocolServer, type McpAnswer } from '../../mcp/protocol-server.js';
import { CLIENT_CLOSED, answeredOutcome, refusedOutcome } from '../../stages/record/index.js';
import { recordRejected, startExchange } from '../exchange-lifecycle.js';
import type { InferenceDeps } from './inference.js';
import { sendRefusal } from './inference.js';
import { admitMcpRequest, sendMcpRefusal, type McpAdmissionDeps } from './mcp-admission.js';

/** What the MCP routes need: the /v1 routes' deps, and the sink the admission records its refusals to. */
export type McpRouteDeps = InferenceDeps & McpAdmissionDeps;

/**
 * POST /mcp/{server}: the MCP gateway (Streamable HTTP, stateless, JSON answers). Every HTTP request first
 * passes the admission (./mcp-admission.ts: a valid gateway token, else HTTP 401/403). Then the official SDK
 * server speaks the protocol; every governed method (tools/list, tools/call) becomes one exchange of its own
 * operation (`mcp.tools/call`), run by the current runtime's pipeline and committed by the record stage
 * before the answer is released, exactly as a /v1 request.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpRouteDeps): void {
  app.post('/mcp/:server', async function mcpGateway(req, reply) {
    if (!(await admitMcpRequest(req, reply, deps))) return reply;
    const server = (req.params as { server: string }).server;
    if (!(server in deps.holder.current.config.mcp.servers)) {
      sendRefusal(reply, req.id, { status: 404, reason: 'route_not_found', message: `No MCP server '${server.slice(0, 64)}' is configured.`, param: null });
      return reply;
    }
    return serveMcp(req, reply, server, deps);
  });
  // Stateless transport: no server-to-agent stream to open, no session to end (the spec's 405 for both). The
  // token is still checked first, so an unauthenticated caller learns nothing, and both are recorded. Kept out
  // of the route table (`unlisted`): the 405 of any other method names POST alone.
  app.route({
    method: ['GET', 'DELETE'],
    url: '/mcp/:server',
    exposeHeadRoute: false,
    config: { unlisted: true },
    handler: async function mcpWithoutStream(req, reply) {
      if (!(await admitMcpRequest(req, reply, deps))) return reply;
      const message = `${req.method} is not allowed on /mcp/{server}: the gateway is stateless (no stream, no session); use POST.`;
      reply.header('allow', 'POST');
      recordRejected(req, reply, 405, 'method_not_allowed', deps);
      sendMcpRefusal(reply, req.id, { status: 405, reason: 'method_not_allowed', message });
      return reply;
    },
  });
}

/**
 * One HTTP request, one SDK server and transport (stateless mode: no session to keep across replicas or
 * reloads). The reply is handed to the SDK; the pipeline runs inside its request handlers.
 */
async function serveMcp(req: FastifyRequest, reply: FastifyReply, server: string, deps: InferenceDeps): Promise<void> {
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
  let outcome: PipelineOutcome;
  try {
    outcome = await runtime.pipeline.run(exchange);
  } catch (err) {
    deps.logger.error({ requestId: exchange.id, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'pipeline failed');
    outcome = refusalFromError(err, 'internal_error');
  }
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
