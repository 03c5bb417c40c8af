/**
 * How an MCP tool is named to authorization, limits, kill switches and the `tools:` section: the upstream
 * server's name, a slash, and the tool's name as that server declares it (`billing/refund`). Two servers
 * may each have a `search` tool; namespaced, they are two Cedar `Tool` resources, granted, limited and
 * stopped separately. A server name has no slash (src/config/schema-mcp.ts), so the first slash splits.
 */
export function mcpToolId(server: string, tool: string): string {
  return `${server}/${tool}`;
}

/**
 * How an MCP prompt is named to authorization: `{server}/prompt:{name}`, a Tool resource like the server's
 * tools (declared in `tools:`, granted the same way). MCP tool names cannot hold a colon, so no tool of the
 * server can take a prompt's name.
 */
export function mcpPromptId(server: string, prompt: string): string {
  return `${server}/prompt:${prompt}`;
}

/** A resource URI pattern (`docs://handbook/*`) as a whole-string expression; `*` matches any run of characters. */
export function uriPattern(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
}

/** Resource URI patterns per MCP server, each with the dataset it belongs to (mcp.servers.<name>.resources). */
export type McpResourceMap = ReadonlyMap<string, ReadonlyArray<{ dataset: string; pattern: RegExp }>>;

/** The dataset a resource URI belongs to: the first whose pattern matches, in configuration order. */
export function datasetOfUri(patterns: ReadonlyArray<{ dataset: string; pattern: RegExp }> | undefined, uri: string): string | undefined {
  return patterns?.find((p) => p.pattern.test(uri))?.dataset;
}

/**
 * JSON-RPC code of a refusal by the gateway (implementation-defined server error range). Its `data` names
 * our reason code, the HTTP status the same refusal has on /v1, and the exchange id of the record.
 * Invalid arguments keep the protocol's own InvalidParams code. Here, not beside the SDK server, so the
 * admission check can answer without loading the SDK.
 */
export const GATEWAY_REFUSAL = -32010;
