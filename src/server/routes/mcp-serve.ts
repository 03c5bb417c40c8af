import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExchangeRequest } from '../../core/exchange.js';
import { newRequestId } from '../../core/ids.js';
import { REASON_CODES } from '../../core/reason-codes.js';
import { GatewayMcpTransport, type McpHttpAnswer } from '../../mcp/http-transport.js';
import { createMcpProtocolServer, type McpAnswer } from '../../mcp/protocol-server.js';
import { CLIENT_CLOSED, answeredOutcome, refusedOutcome } from '../../stages/record/index.js';
import { runPipeline, startExchange } from '../exchange-lifecycle.js';
import type { InferenceDeps } from './inference.js';

/** The HTTP request a governed MCP call came in. */
interface Caller {
  req: FastifyRequest;
  reply: FastifyReply;
}

/** Serves POST /mcp/{server} for one gateway: an SDK server per configured MCP server, kept for the gateway's life. */
export type McpServing = (req: FastifyRequest, reply: FastifyReply, server: string) => Promise<void>;

/**
 * The MCP serving of one gateway. Each MCP server name gets one SDK server and one transport the first time it
 * is called (stateless mode: no session to keep across replicas or reloads; src/mcp/http-transport.ts); the
 * pipeline runs inside the SDK's request handlers, with the current runtime of each call.
 */
export function createMcpServing(deps: InferenceDeps): McpServing {
  // The transport holds its server (the server's handlers are its callbacks): one transport per MCP server name.
  const transports = new Map<string, GatewayMcpTransport<Caller>>();
  const newTransport = (name: string): GatewayMcpTransport<Caller> => {
    const transport = new GatewayMcpTransport<Caller>();
    const run = (request: ExchangeRequest, callId: RequestId): Promise<McpAnswer> => {
      const caller = transport.contextOf(callId);
      if (!caller) throw new Error('MCP call without its HTTP request');
      return runMcpExchange(caller, request, deps);
    };
    // connect() only starts the transport and wires its callbacks: nothing that can fail later on a request.
    void createMcpProtocolServer(name, run).connect(transport);
    transports.set(name, transport);
    return transport;
  };
  const transportOf = (name: string): GatewayMcpTransport<Caller> => transports.get(name) ?? newTransport(name);
  return async function serveMcp(req, reply, name) {
    reply.hijack();
    let answer: McpHttpAnswer;
    try {
      answer = await transportOf(name).handlePost(req.headers, req.body, { req, reply });
    } catch (err) {
      deps.logger.error({ requestId: req.id, err: { name: (err as Error)?.name } }, 'mcp request failed');
      const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: REASON_CODES.internal_error.summary }, id: null });
      answer = { status: 500, headers: { 'content-type': 'application/json' }, body };
    }
    // A client that went away has nothing to read: its calls were recorded as closed by the pipeline.
    if (reply.raw.destroyed || reply.raw.writableEnded) return;
    reply.raw.writeHead(answer.status, answer.headers);
    reply.raw.end(answer.body);
  };
}

/**
 * Runs one MCP request through the pipeline and commits its record: a refusal is recorded and becomes the
 * JSON-RPC error; an answer is released only once its record is committed (else audit_unavailable).
 */
async function runMcpExchange({ req, reply }: Caller, request: ExchangeRequest, deps: InferenceDeps): Promise<McpAnswer> {
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
