import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { McpRequestBody } from '../../core/exchange.js';
import { exchangeOf, identity } from '../../guardrails/guardrails.fixtures.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../mcp/fake-mcp-server.fixtures.js';
import { createMcpUpstream, type McpUpstream } from '../../mcp/upstream.js';
import { createMcpTerminals } from './index.js';

let server: FakeMcpServer;
let upstream: McpUpstream;

beforeAll(async () => {
  server = await startFakeMcpServer();
  upstream = createMcpUpstream(
    'shop',
    { transport: 'http', url: server.url, headers: {}, resources: {}, timeoutMs: 5_000, approvalWaitMs: 0 },
    { resolveSecret: () => '', baseDir: '.' },
  );
});
afterAll(async () => {
  await upstream.close();
  await server.close();
});

const list = (body: McpRequestBody, who = identity('pilot')) => exchangeOf({ operation: 'mcp.tools/list', body }, { who });
const call = (tool: string) => exchangeOf({ operation: 'mcp.tools/call', body: { server: 'shop', tool, arguments: { text: 'hi' } } });

describe('mcp-upstream terminals, against a real SDK server', () => {
  it('lists only declared tools, and with auth on only those the gate allows', async () => {
    const declared = new Set(['shop/echo', 'shop/whoami']);
    const open = createMcpTerminals({ upstreams: new Map([['shop', upstream]]), declaredTools: declared, mayUse: null, resources: new Map(), mayRead: null });
    const listed = (await open['mcp.tools/list'].answer(list({ server: 'shop' }))) as { tools: Array<{ name: string }> };
    expect(listed.tools.map((t) => t.name).sort()).toEqual(['echo', 'whoami']);
    const gated = createMcpTerminals({
      upstreams: new Map([['shop', upstream]]),
      declaredTools: declared,
      mayUse: (_p, id) => id === 'shop/echo',
      resources: new Map(),
      mayRead: null,
    });
    const shown = (await gated['mcp.tools/list'].answer(list({ server: 'shop' }))) as { tools: Array<{ name: string }> };
    expect(shown.tools.map((t) => t.name)).toEqual(['echo']);
  });

  it('calls a declared tool, and refuses an undeclared one even with auth off', async () => {
    const terminals = createMcpTerminals({
      upstreams: new Map([['shop', upstream]]),
      declaredTools: new Set(['shop/echo']),
      mayUse: null,
      resources: new Map(),
      mayRead: null,
    });
    expect(await terminals['mcp.tools/call'].answer(call('echo'))).toMatchObject({ content: [{ type: 'text', text: 'echo: hi' }] });
    const refused = await Promise.resolve()
      .then(() => terminals['mcp.tools/call'].answer(call('leak_secret')))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).reason).toBe('forbidden_by_policy');
    expect(server.calls.some((c) => c.name === 'leak_secret')).toBe(false);
  });

  it('maps an unreachable upstream to upstream_unreachable without its error text', async () => {
    const down = createMcpUpstream(
      'down',
      { transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: {}, resources: {}, timeoutMs: 2_000, approvalWaitMs: 0 },
      { resolveSecret: () => '', baseDir: '.' },
    );
    const terminals = createMcpTerminals({ upstreams: new Map([['down', down]]), declaredTools: new Set(), mayUse: null, resources: new Map(), mayRead: null });
    const err = await Promise.resolve(terminals['mcp.tools/list'].answer(list({ server: 'down' }))).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'upstream_unreachable', message: "MCP server 'down' could not be reached." });
    await down.close();
  });
});
