import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { registerTrafficCommands } from '../../src/cli/commands/traffic.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import type { IdentityServices } from '../../src/gateway.js';
import { INJECTED_PAGE, LEAKED_KEY, startFakeMcpServer, type FakeMcpServer } from '../../src/mcp/fake-mcp-server.fixtures.js';
import { REQUEST_ID_META } from '../../src/mcp/protocol-server.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const UPSTREAM_TOKEN = 'tool-vendor-token-7f3a9c1e5b';
const agent = (tools: string[], extra: Record<string, unknown> = {}) => ({ owner: 'a@example.com', environment: 'pilot', tools, ...extra });

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mcp-e2e-'));
const configFile = join(dir, 'gatehouse.yaml');
let upstream: FakeMcpServer;
let gw: TestGateway;
const tokens = new Map<string, string>();

beforeAll(async () => {
  upstream = await startFakeMcpServer({ requiredBearer: UPSTREAM_TOKEN });
  const config = {
    storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
    audit: { keyFile: join(dir, 'audit.key') },
    controls: { refreshMs: 100 },
    limits: { tools: { 'shop/refund': { requestsPerMinute: 2 } } },
    auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
    mcp: {
      servers: {
        shop: {
          transport: 'http',
          url: upstream.url,
          bearerToken: 'env:SHOP_TOKEN',
          headers: { 'x-api-key': 'env:SHOP_KEY' },
          resources: { handbook: ['docs://handbook/*'] },
        },
      },
    },
    tools: { 'shop/echo': {}, 'shop/refund': {}, 'shop/fetch_page': {}, 'shop/leak_secret': {}, 'shop/whoami': {}, 'shop/prompt:summarize': {} },
    datasets: { handbook: {} },
    identities: {
      support: agent(['shop/echo', 'shop/refund', 'shop/whoami', 'shop/fetch_page', 'shop/leak_secret', 'shop/prompt:summarize'], {
        guardrailProfile: 'tools',
        datasets: ['handbook'],
      }),
      reader: agent(['shop/echo']),
      watcher: agent(['shop/fetch_page'], { guardrailProfile: 'watch' }),
    },
    guardrails: {
      profiles: {
        tools: { input: { secrets: { action: 'block' } }, output: { prompt_injection: { action: 'block' }, secrets: { action: 'redact' } } },
        watch: { output: { prompt_injection: { action: 'monitor' } } },
      },
    },
  };
  // JSON is YAML: the CLI reads the very configuration the gateway runs, over the same database.
  writeFileSync(configFile, JSON.stringify(config));
  gw = await startTestGateway(config, { env: { PEPPER, SHOP_TOKEN: UPSTREAM_TOKEN, SHOP_KEY: 'shop-api-key-0001' } });
  const identity = gw.identity as IdentityServices;
  for (const id of ['support', 'reader', 'watcher']) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  return () => vi.unstubAllEnvs();
});

/** Runs `gatehouse <args> -c <the gateway's config>` in process, as main.ts wires the commands. */
const gatehouse = (...args: string[]) => runCli([registerTrafficCommands, registerAuditCommands], [...args, '-c', configFile]);

/** Waits for this gateway's own refresh (controls.refreshMs 100) to apply what the CLI wrote. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
}

/** An official MCP SDK client connected to the gateway's /mcp/{server} with an agent's gateway token. */
async function connect(id: string, server = 'shop'): Promise<Client> {
  const client = new Client({ name: `agent-${id}`, version: '1.0.0' });
  const headers = { authorization: `Bearer ${tokens.get(id) ?? 'not-a-token'}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/${server}`), { requestInit: { headers } }));
  return client;
}

async function refusal(promise: Promise<unknown>): Promise<{ reason: string; requestId: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof McpError)) throw new Error(`expected an MCP error, got ${String(err)}`);
  const data = err.data as { reason: string; requestId: string };
  return { reason: data.reason, requestId: data.requestId, message: err.message };
}

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
const requestIdOf = (result: { _meta?: Record<string, unknown> }): string => result._meta?.[REQUEST_ID_META] as string;

describe('MCP gateway over Streamable HTTP', () => {
  it('a permitted call passes, returns the upstream result, and leaves one record of operation mcp.tools/call', async () => {
    const client = await connect('support');
    const result = (await client.callTool({ name: 'echo', arguments: { text: 'hello' } })) as CallToolResult;
    expect(textOf(result)).toBe('echo: hello');
    const record = await gw.recordOf(requestIdOf(result));
    expect(record).toMatchObject({ operation: 'mcp.tools/call', identityId: 'support', status: 200, reason: 'ok' });
    expect(record?.trace.map((t) => t.stage)).toEqual(
      expect.arrayContaining(['authenticate', 'traffic-control', 'authorize', 'validate-tool-args', 'input-guardrails', 'mcp-upstream', 'output-guardrails']),
    );
    await client.close();
  });

  it('lists only the tools the caller may call, and refuses a call to any other', async () => {
    const reader = await connect('reader');
    const { tools } = await reader.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo']);
    const refused = await refusal(reader.callTool({ name: 'refund', arguments: { order: 'o-1', amount: 5 } }));
    expect(refused.reason).toBe('forbidden_by_policy');
    expect(await gw.recordOf(refused.requestId)).toMatchObject({ operation: 'mcp.tools/call', status: 403, reason: 'forbidden_by_policy' });
    expect(upstream.calls.some((c) => c.name === 'refund')).toBe(false);
    const support = await connect('support');
    expect((await support.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'fetch_page', 'leak_secret', 'refund', 'whoami']);
    await reader.close();
    await support.close();
  });

  it('refuses a caller without a valid gateway token (HTTP 401, at initialize), and a tool the configuration does not declare', async () => {
    // mcp-auth.e2e.test.ts covers the HTTP-level refusals in full.
    const anonymous = await connect('nobody').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(anonymous).toBeInstanceOf(StreamableHTTPError);
    expect((anonymous as StreamableHTTPError).code).toBe(401);
    expect((anonymous as Error).message).toContain('"reason":"invalid_token"');
    const support = await connect('support');
    expect((await refusal(support.callTool({ name: 'drop_tables', arguments: {} }))).reason).toBe('forbidden_by_policy');
    await support.close();
  });

  it('refuses arguments that break the tool schema, naming the argument, before the upstream sees them', async () => {
    const client = await connect('support');
    const before = upstream.calls.length;
    const refused = await refusal(client.callTool({ name: 'refund', arguments: { order: 'o-1', amount: 2.5 } }));
    expect(refused.reason).toBe('invalid_request');
    expect(refused.message).toContain("'arguments/amount'");
    expect(upstream.calls.length).toBe(before);
    await client.close();
  });

  it('injects the upstream credentials; the agent never sees them', async () => {
    const client = await connect('support');
    const result = (await client.callTool({ name: 'whoami', arguments: {} })) as CallToolResult;
    expect(textOf(result)).toBe('authorized by the gateway');
    const last = upstream.requests.at(-1);
    expect(last?.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect(last?.['x-api-key']).toBe('shop-api-key-0001');
    // The agent's own gateway token is not forwarded upstream.
    expect(upstream.requests.some((h) => h.authorization === `Bearer ${tokens.get('support')}`)).toBe(false);
    expect(JSON.stringify(result)).not.toContain(UPSTREAM_TOKEN);
    const record = await gw.recordOf(requestIdOf(result));
    expect(JSON.stringify(record)).not.toContain(UPSTREAM_TOKEN);
    await client.close();
  });

  it('blocks a tool result carrying an injection, and redacts a secret in one', async () => {
    const client = await connect('support');
    const blocked = await refusal(client.callTool({ name: 'fetch_page', arguments: { url: 'https://shop.example' } }));
    expect(blocked.reason).toBe('output_blocked');
    expect(blocked.message).not.toContain(INJECTED_PAGE);
    expect(await gw.recordOf(blocked.requestId)).toMatchObject({ operation: 'mcp.tools/call', reason: 'output_blocked' });
    const redacted = (await client.callTool({ name: 'leak_secret', arguments: { path: '/etc/app.ini' } })) as CallToolResult;
    expect(textOf(redacted)).not.toContain(LEAKED_KEY);
    expect(textOf(redacted)).toContain('github_token');
    await client.close();
  });

  it('refuses arguments the input guardrails block', async () => {
    const client = await connect('support');
    const refused = await refusal(client.callTool({ name: 'echo', arguments: { text: `my key is ${LEAKED_KEY}` } }));
    expect(refused.reason).toBe('input_blocked');
    await client.close();
  });

  it('limits calls per identity per tool', async () => {
    const client = await connect('support');
    for (const order of ['o-1', 'o-2']) await client.callTool({ name: 'refund', arguments: { order, amount: 5 } });
    const limited = await refusal(client.callTool({ name: 'refund', arguments: { order: 'o-3', amount: 5 } }));
    expect(limited.reason).toBe('rate_limited_requests');
    expect(upstream.calls.filter((c) => c.name === 'refund').map((c) => (c.args as { order: string }).order)).toEqual(['o-1', 'o-2']);
    // Another tool keeps its own counters.
    expect(textOf((await client.callTool({ name: 'echo', arguments: { text: 'still here' } })) as CallToolResult)).toBe('echo: still here');
    await client.close();
  });

  it('kill switches stop one tool, then the whole MCP server, and resume', async () => {
    const client = await connect('support');
    const echo = () => client.callTool({ name: 'echo', arguments: { text: 'ping' } });
    const stopped = async (call: () => Promise<unknown>) =>
      (await call().then(
        () => null,
        (e: unknown) => (e instanceof McpError ? (e.data as { reason: string }).reason : 'other'),
      )) === 'traffic_stopped';
    expect((await gatehouse('traffic', 'stop', '--tool', 'shop/echo', '--reason', 'INC-7')).code).toBe(0);
    await eventually(() => stopped(echo));
    expect(textOf((await client.callTool({ name: 'whoami', arguments: {} })) as CallToolResult)).toBe('authorized by the gateway');
    expect((await gatehouse('traffic', 'stop', '--mcp-server', 'shop', '--reason', 'INC-8')).code).toBe(0);
    await eventually(() => stopped(() => client.listTools()));
    expect(await stopped(() => client.callTool({ name: 'whoami', arguments: {} }))).toBe(true);
    expect((await gatehouse('traffic', 'stop', '--mcp-server', 'nope', '--reason', 'typo')).code).not.toBe(0);
    expect((await gatehouse('traffic', 'resume', '--mcp-server', 'shop', '--reason', 'INC-8 closed')).code).toBe(0);
    expect((await gatehouse('traffic', 'resume', '--tool', 'shop/echo', '--reason', 'INC-7 closed')).code).toBe(0);
    await eventually(async () => !(await stopped(echo)));
    await client.close();
  });

  it('leaves exactly one record per call, and the audit trail verifies', async () => {
    const count = async () => {
      await gw.recorder.flush();
      return (await gw.store.listExchanges({ operation: 'mcp.tools/call', limit: 1000 })).length;
    };
    const before = await count();
    const client = await connect('support');
    await client.callTool({ name: 'echo', arguments: { text: 'one' } });
    await client.callTool({ name: 'refund', arguments: { order: 'o-9', amount: 0 } }).catch(() => undefined);
    await client.callTool({ name: 'nope', arguments: {} }).catch(() => undefined);
    await client.close();
    expect(await count()).toBe(before + 3);
    const verify = await gatehouse('audit', 'verify');
    expect(verify.stdout).toContain('audit trail OK');
    expect(verify.code).toBe(0);
  });

  it('serves resources by dataset: listed and read only where a granted dataset covers the URI, results scanned', async () => {
    const support = await connect('support');
    expect((await support.listResources()).resources.map((r) => r.uri).sort()).toEqual(['docs://handbook/intro', 'docs://handbook/poisoned']);
    const intro = await support.readResource({ uri: 'docs://handbook/intro' });
    expect(intro.contents[0]).toMatchObject({ text: 'Welcome to the handbook.' });
    expect(await gw.recordOf(intro._meta?.[REQUEST_ID_META] as string)).toMatchObject({ operation: 'mcp.resources/read', status: 200 });
    expect((await refusal(support.readResource({ uri: 'secret://payroll' }))).reason).toBe('forbidden_by_policy');
    expect((await refusal(support.readResource({ uri: 'docs://handbook/poisoned' }))).reason).toBe('output_blocked');
    const reader = await connect('reader');
    expect((await reader.listResources()).resources).toEqual([]);
    expect((await refusal(reader.readResource({ uri: 'docs://handbook/intro' }))).reason).toBe('forbidden_by_policy');
    await support.close();
    await reader.close();
  });

  it('serves prompts by name as the tool <server>/prompt:<name>', async () => {
    const support = await connect('support');
    expect((await support.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);
    const prompt = await support.getPrompt({ name: 'summarize', arguments: { topic: 'refunds' } });
    expect(prompt.messages[0]?.content).toMatchObject({ type: 'text', text: 'Summarize refunds in three lines.' });
    const reader = await connect('reader');
    expect((await reader.listPrompts()).prompts).toEqual([]);
    expect((await refusal(reader.getPrompt({ name: 'summarize', arguments: { topic: 'x' } }))).reason).toBe('forbidden_by_policy');
    await support.close();
    await reader.close();
  });

  it('incident mode turns a monitoring output policy into a block for MCP results too', async () => {
    const client = await connect('watcher');
    const fetchPage = () => client.callTool({ name: 'fetch_page', arguments: { url: 'https://shop.example' } });
    const blocked = async () =>
      (await fetchPage().then(
        () => null,
        (e: unknown) => (e instanceof McpError ? (e.data as { reason: string }).reason : 'other'),
      )) === 'output_blocked';
    expect(textOf((await fetchPage()) as CallToolResult)).toBe(INJECTED_PAGE);
    expect((await gatehouse('incident', 'on', '--reason', 'INC-9 agent hijack suspected')).code).toBe(0);
    await eventually(blocked);
    expect((await gatehouse('incident', 'off', '--reason', 'INC-9 closed')).code).toBe(0);
    await eventually(async () => !(await blocked()));
    await client.close();
  });
});
