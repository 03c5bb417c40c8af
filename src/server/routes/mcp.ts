import type { FastifyInstance } from 'fastify';
import type { InferenceDeps } from './inference.js';
import { sendRefusal } from './inference.js';

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
 * POST /mcp/{server}: the MCP gateway (Streamable HTTP, stateless, JSON answers). The official SDK server
 * speaks the protocol; every governed method (tools/list, tools/call) becomes one exchange of its own
 * operation (`mcp.tools/call`), run by the current runtime's pipeline and committed by the record stage
 * before the answer is released, exactly as a /v1 request. The route authenticates nothing itself.
 * Only a configured server is served, and a runtime with MCP servers has imported the SDK when it was built
 * (loadMcpServing), so a configuration without MCP never loads it and a request never waits for it.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/mcp/:server', async function mcpGateway(req, reply) {
    const server = (req.params as { server: string }).server;
    if (!(server in deps.holder.current.config.mcp.servers)) {
      sendRefusal(reply, req.id, { status: 404, reason: 'route_not_found', message: `No MCP server '${server.slice(0, 64)}' is configured.`, param: null });
      return reply;
    }
    const { serveMcp } = await loadMcpServing();
    return serveMcp(req, reply, server, deps);
  });
}
