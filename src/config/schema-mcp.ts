import { z } from 'zod';

/**
 * Config section `mcp`: the upstream MCP servers the gateway serves at `/mcp/{server}`. A remote server is
 * reached over Streamable HTTP; a local one is started by the gateway over stdio. Every credential the
 * upstream needs (a bearer token, API-key headers, a stdio server's environment) is a secret reference,
 * resolved and injected by the gateway: agents never see it, and it never appears in records or errors.
 */

const secretRef = z.string().regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'must be a secret reference such as env:TOOLS_API_KEY');
/** A server name is a path segment and the namespace of its tools (`{server}/{tool}`): no slash. */
export const mcpServerName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - only (max 64)');
const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name');
/**
 * Which datasets a server's resources belong to: dataset name -> URI patterns (`*` matches any run of
 * characters). resources/read is authorized as `read_dataset` on the first dataset whose pattern matches;
 * a URI no pattern matches is not served.
 */
const resources = z
  .record(z.string().min(1), z.array(z.string().min(1).max(1024)).min(1))
  .default({})
  .describe('Resource URI patterns by dataset name (declared in datasets:); a resource matching none is never listed nor read');
const timeoutMs = z.number().int().positive().max(600_000).default(30_000).describe('Longest one upstream MCP request may take');
/**
 * How long a tools/call held for approval waits for a quick decision before the agent is told the call is
 * held: a person approving within it lets the call run in the same request. 0: answer at once.
 */
const approvalWaitMs = z
  .number()
  .int()
  .min(0)
  .max(120_000)
  .default(0)
  .describe('How long a held tools/call waits for a quick approval before answering with a tool error naming it (0: at once)');

const httpServer = z.strictObject({
  transport: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }).describe('The Streamable HTTP endpoint of the upstream MCP server'),
  bearerToken: secretRef.optional().describe('Sent as `Authorization: Bearer …` on every upstream request'),
  headers: z.record(headerName, secretRef).default({}).describe('Extra headers (API keys), each value a secret reference'),
  resources,
  timeoutMs,
  approvalWaitMs,
});

const stdioServer = z.strictObject({
  transport: z.literal('stdio'),
  command: z.string().min(1).describe('The program the gateway starts (e.g. node, npx, a binary path)'),
  args: z.array(z.string()).default([]).describe('Its arguments'),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretRef)
    .default({})
    .describe('Environment variables of the process, each a secret reference; nothing else of the gateway environment is passed but PATH and HOME'),
  cwd: z.string().min(1).optional().describe('Working directory, relative to the configuration file'),
  resources,
  timeoutMs,
  approvalWaitMs,
});

export const mcpServerSchema = z.discriminatedUnion('transport', [httpServer, stdioServer]);

export const mcpSchema = z.strictObject({
  servers: z.record(mcpServerName, mcpServerSchema).default({}).describe('Upstream MCP servers by name, served at /mcp/{name}'),
});

export const mcpSections = {
  mcp: mcpSchema.prefault({}).describe('The MCP gateway: upstream MCP servers agents reach through /mcp/{server}'),
};

export type McpConfig = z.infer<typeof mcpSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
