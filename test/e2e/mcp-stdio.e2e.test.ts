import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { REQUEST_ID_META } from '../../src/mcp/protocol-server.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The MCP gateway in front of a server nobody here wrote: @modelcontextprotocol/server-everything from npm,
 * started by the gateway over stdio.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const EVERYTHING = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
/** The credential the gateway puts in the stdio server's environment. */
const SERVER_KEY = 'ghp_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
const agent = (tools: string[]) => ({ owner: 'a@example.com', environment: 'pilot', tools, guardrailProfile: 'tools' });

let gw: TestGateway;
const tokens = new Map<string, string>();

beforeAll(async () => {
  // In the gateway's own environment: it must not reach the tool server.
  vi.stubEnv('GATEHOUSE_MCP_TEST_MARKER', 'gateway-only');
  const config = {
    auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
    mcp: { servers: { everything: { transport: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: { VENDOR_API_KEY: 'env:VENDOR_KEY' } } } },
    tools: { 'everything/echo': {}, 'everything/get-sum': {}, 'everything/get-env': {} },
    identities: { ops: agent(['everything/echo', 'everything/get-sum', 'everything/get-env']), viewer: agent(['everything/echo']) },
    guardrails: { profiles: { tools: { output: { secrets: { action: 'redact' }, prompt_injection: { action: 'block' } } } } },
  };
  gw = await startTestGateway(config, { env: { PEPPER, VENDOR_KEY: SERVER_KEY } });
  const identity = gw.identity as IdentityServices;
  for (const id of ['ops', 'viewer']) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await gw?.close();
});

async function connect(id: string): Promise<Client> {
  const client = new Client({ name: `agent-${id}`, version: '1.0.0' });
  const headers = { authorization: `Bearer ${tokens.get(id)}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/everything`), { requestInit: { headers } }));
  return client;
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof McpError)) throw new Error(`expected an MCP error, got ${String(err)}`);
  return (err.data as { reason: string }).reason;
}

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('MCP gateway in front of server-everything over stdio', () => {
  it('starts the server, lists only the granted tools, and serves a permitted call', async () => {
    const ops = await connect('ops');
    expect((await ops.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'get-env', 'get-sum']);
    const result = (await ops.callTool({ name: 'echo', arguments: { message: 'hello from an agent' } })) as CallToolResult;
    expect(textOf(result)).toBe('Echo: hello from an agent');
    const record = await gw.recordOf(result._meta?.[REQUEST_ID_META] as string);
    expect(record).toMatchObject({ operation: 'mcp.tools/call', identityId: 'ops', status: 200 });
    const viewer = await connect('viewer');
    expect((await viewer.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(await reasonOf(viewer.callTool({ name: 'get-env', arguments: {} }))).toBe('forbidden_by_policy');
    await ops.close();
    await viewer.close();
  });

  it('validates arguments against the schema the server declares', async () => {
    const ops = await connect('ops');
    expect(await reasonOf(ops.callTool({ name: 'get-sum', arguments: { a: 'one', b: 2 } }))).toBe('invalid_request');
    expect(textOf((await ops.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })) as CallToolResult)).toContain('3');
    await ops.close();
  });

  it("injects the server's credential into its environment; a tool that prints it has it redacted before the agent", async () => {
    const ops = await connect('ops');
    const result = (await ops.callTool({ name: 'get-env', arguments: {} })) as CallToolResult;
    const text = textOf(result);
    // The variable is there (the gateway injected it), its value is not (the output policy redacted it).
    expect(text).toContain('VENDOR_API_KEY');
    expect(text).not.toContain(SERVER_KEY);
    // Nothing of the gateway's own environment reaches the tool server beyond the SDK's safe defaults.
    expect(text).not.toContain('GATEHOUSE_MCP_TEST_MARKER');
    await ops.close();
  });
});
