import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange, McpOperation, McpRequestBody } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';
import type { LocalTerminal } from '../../core/stage.js';
import type { Principal } from '../../identity/types.js';
import type { McpUpstream } from '../../mcp/upstream.js';

/** Whether a caller may use a tool (by its namespaced id); built by the authorize stage's module. */
export type ToolGate = (principal: Principal, toolId: string) => boolean;

export interface McpTerminalDeps {
  upstreams: ReadonlyMap<string, McpUpstream>;
  /** The tools the configuration declares (`tools:`): an undeclared tool is never listed nor called. */
  declaredTools: ReadonlySet<string>;
  /** Present with authentication on: a caller then sees exactly the tools its policies let it use. */
  mayUse: ToolGate | null;
}

const NAME = 'mcp-upstream';

/**
 * The terminals of the MCP operations: the upstream MCP call, after every request stage has passed it.
 * tools/list shows only the tools the caller may call (declared in `tools:`, and allowed by Cedar when
 * authentication is on); tools/call forwards the call, already authorized, validated and scanned, and
 * hands the result to the response stages. The terminal adds nothing to the upstream's answer.
 */
export function createMcpTerminals(deps: McpTerminalDeps): Record<McpOperation, LocalTerminal> {
  const upstreamOf = (exchange: Exchange): { upstream: McpUpstream; body: McpRequestBody } => {
    const body = exchange.request.body as McpRequestBody;
    const upstream = deps.upstreams.get(body.server);
    // The route answers unknown servers before an exchange exists; a reload that dropped one lands here.
    if (!upstream) throw new GatewayError('route_not_found', `No MCP server '${body.server.slice(0, 64)}' is configured.`);
    return { upstream, body };
  };
  const visible = (exchange: Exchange, server: string, tool: Tool): boolean => {
    const id = mcpToolId(server, tool.name);
    if (!deps.declaredTools.has(id)) return false;
    return deps.mayUse === null || exchange.principal === null || deps.mayUse(exchange.principal, id);
  };
  const terminal = (answer: LocalTerminal['answer']): LocalTerminal => ({ name: NAME, answer });
  return {
    'mcp.tools/list': terminal(async function listMcpTools(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      const tools = await upstream.listTools(exchange.signal);
      return { tools: tools.filter((t) => visible(exchange, body.server, t)) };
    }),
    'mcp.tools/call': terminal(function callMcpTool(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      const id = mcpToolId(body.server, body.tool as string);
      // Authorize refuses undeclared tools when auth is on; with auth off this is the only check left.
      if (!deps.declaredTools.has(id)) throw new GatewayError('forbidden_by_policy', `The tool '${id.slice(0, 128)}' is not declared in this gateway's tools.`);
      return upstream.callTool(body.tool as string, body.arguments ?? {}, exchange.signal);
    }),
    'mcp.resources/list': terminal(function listMcpResources(exchange) {
      const { upstream } = upstreamOf(exchange);
      return upstream.listResources(exchange.signal);
    }),
    'mcp.resources/read': terminal(function readMcpResource(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      return upstream.readResource(body.uri as string, exchange.signal);
    }),
    'mcp.prompts/list': terminal(function listMcpPrompts(exchange) {
      const { upstream } = upstreamOf(exchange);
      return upstream.listPrompts(exchange.signal);
    }),
    'mcp.prompts/get': terminal(function getMcpPrompt(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      return upstream.getPrompt(body.prompt as string, body.promptArguments, exchange.signal);
    }),
  };
}
