import type { McpConfig } from '../config/schema-mcp.js';
import type { SecretResolver } from '../config/secrets.js';
import { createMcpUpstream, type McpUpstream } from './upstream.js';

/**
 * The upstream MCP servers of one configuration version, by name. Built with the runtime (their secrets
 * resolved then, so a missing one fails the load) and closed with it (stdio servers are stopped).
 * Nothing connects until the first request for the server.
 */
export function createMcpUpstreams(config: McpConfig, deps: { resolveSecret: SecretResolver; baseDir: string }): Map<string, McpUpstream> {
  return new Map(Object.entries(config.servers).map(([name, server]) => [name, createMcpUpstream(name, server, deps)]));
}
