/**
 * How an MCP tool is named to authorization, limits, kill switches and the `tools:` section: the upstream
 * server's name, a slash, and the tool's name as that server declares it (`billing/refund`). Two servers
 * may each have a `search` tool; namespaced, they are two Cedar `Tool` resources, granted, limited and
 * stopped separately. A server name has no slash (src/config/schema-mcp.ts), so the first slash splits.
 */
export function mcpToolId(server: string, tool: string): string {
  return `${server}/${tool}`;
}
