import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange, McpOperation, McpRequestBody } from '../../core/exchange.js';
import { datasetOfUri, mcpPromptId, mcpToolId, type McpResourceMap } from '../../core/mcp-names.js';
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
  /** Resource URI patterns per server, and (auth on) whether a caller may read a dataset. */
  resources: McpResourceMap;
  mayRead: ToolGate | null;
}

const NAME = 'mcp-upstream';

/**
 * The terminals of the MCP operations: the upstream MCP call, after every request stage has passed it.
 * tools/list shows only the tools the caller may call (declared in `tools:`, and allowed by Cedar when
 * authentication is on); tools/call forwards the call, already authorized, validated and scanned, and
 * hands the result to the response stages. Resources and prompts the same way: a resource is listed and
 * read only when a dataset's URI pattern covers it (and the caller may read that dataset), a prompt only
 * when `{server}/prompt:{name}` is declared (and the caller may use it). Listings drop the upstream's
 * paging cursor: the gateway shows one filtered page.
 */
export function createMcpTerminals(deps: McpTerminalDeps): Record<McpOperation, LocalTerminal> {
  const upstreamOf = (exchange: Exchange): { upstream: McpUpstream; body: McpRequestBody } => {
    const body = exchange.request.body as McpRequestBody;
    const upstream = deps.upstreams.get(body.server);
    // The route answers unknown servers before an exchange exists; a reload that dropped one lands here.
    if (!upstream) throw new GatewayError('route_not_found', `No MCP server '${body.server.slice(0, 64)}' is configured.`);
    return { upstream, body };
  };
  const usable = (exchange: Exchange, id: string): boolean => {
    if (!deps.declaredTools.has(id)) return false;
    return deps.mayUse === null || exchange.principal === null || deps.mayUse(exchange.principal, id);
  };
  const visible = (exchange: Exchange, server: string, tool: Tool): boolean => usable(exchange, mcpToolId(server, tool.name));
  // A resource is served only when a dataset's pattern covers it, and (auth on) the caller may read that dataset.
  const readable = (exchange: Exchange, server: string, uri: string): boolean => {
    const dataset = datasetOfUri(deps.resources.get(server), uri);
    if (dataset === undefined) return false;
    return deps.mayRead === null || exchange.principal === null || deps.mayRead(exchange.principal, dataset);
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
    'mcp.resources/list': terminal(async function listMcpResources(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      const listed = await upstream.listResources(exchange.signal);
      const resources = Array.isArray(listed.resources) ? (listed.resources as Array<{ uri?: unknown }>) : [];
      return { resources: resources.filter((r) => typeof r.uri === 'string' && readable(exchange, body.server, r.uri)) };
    }),
    'mcp.resources/read': terminal(function readMcpResource(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      if (!readable(exchange, body.server, body.uri as string))
        throw new GatewayError('forbidden_by_policy', `No dataset of MCP server '${body.server}' covers this resource.`);
      return upstream.readResource(body.uri as string, exchange.signal);
    }),
    'mcp.prompts/list': terminal(async function listMcpPrompts(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      const listed = await upstream.listPrompts(exchange.signal);
      const prompts = Array.isArray(listed.prompts) ? (listed.prompts as Array<{ name?: unknown }>) : [];
      return { prompts: prompts.filter((p) => typeof p.name === 'string' && usable(exchange, mcpPromptId(body.server, p.name))) };
    }),
    'mcp.prompts/get': terminal(function getMcpPrompt(exchange) {
      const { upstream, body } = upstreamOf(exchange);
      const id = mcpPromptId(body.server, body.prompt as string);
      if (!deps.declaredTools.has(id))
        throw new GatewayError('forbidden_by_policy', `The prompt '${id.slice(0, 128)}' is not declared in this gateway's tools.`);
      return upstream.getPrompt(body.prompt as string, body.promptArguments, exchange.signal);
    }),
  };
}
