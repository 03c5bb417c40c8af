import type { FastifyInstance } from 'fastify';
import { recordRejected } from '../exchange-lifecycle.js';
import type { InferenceDeps } from './inference.js';
import type { McpServing } from './mcp-serve.js';
import { sendRefusal } from './inference.js';
import { admitMcpRequest, sendMcpRefusal, type McpAdmissionDeps } from './mcp-admission.js';

/** What the MCP routes need: the /v1 routes' deps, and the sink the admission records its refusals to. */
export type McpRouteDeps = InferenceDeps & McpAdmissionDeps;

/** The MCP serving module (the SDK's server and transport), imported once: see registerMcpRoutes. */
let serving: Promise<typeof import('./mcp-serve.js')> | undefined;

/** Imports the MCP serving module; buildRuntime calls it for a configuration with MCP servers, so a failure fails that start or reload. */
export function loadMcpServing(): Promise<typeof import('./mcp-serve.js')> {
  serving ??= import('./mcp-serve.js').catch((err: unknown) => {
    serving = undefined;
    throw err;
  });
  return serving;
}

/**
 * POST /mcp/{server}: the MCP gateway (Streamable HTTP, stateless, JSON answers). Every HTTP request first
 * passes the admission (./mcp-admission.ts: a valid gateway token, else HTTP 401/403). Then the official SDK
 * server speaks the protocol (one per MCP server for the gateway's life, ./mcp-serve.ts); every governed
 * method (tools/list, tools/call) becomes one exchange of its own operation (`mcp.tools/call`), run by the
 * current runtime's pipeline and committed by the record stage before the answer is released, exactly as a
 * /v1 request. Only a configured server is served, and a
 * runtime with MCP servers has imported the SDK when it was built (loadMcpServing), so a configuration
 * without MCP never loads it and a request never waits for it.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpRouteDeps): void {
  let serveMcp: McpServing | undefined;
  app.post('/mcp/:server', async function mcpGateway(req, reply) {
    if (!(await admitMcpRequest(req, reply, deps))) return reply;
    const server = (req.params as { server: string }).server;
    if (!(server in deps.holder.current.config.mcp.servers)) {
      sendRefusal(reply, req.id, { status: 404, reason: 'route_not_found', message: `No MCP server '${server.slice(0, 64)}' is configured.`, param: null });
      return reply;
    }
    serveMcp ??= (await loadMcpServing()).createMcpServing(deps);
    return serveMcp(req, reply, server);
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
