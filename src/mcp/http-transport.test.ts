import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, LATEST_PROTOCOL_VERSION, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { GatewayMcpTransport } from './http-transport.js';

const HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

/** A real SDK server: `wait` answers after `ms` with the caller's tag, so answers of concurrent calls can be told apart. */
function sdkServer(tagOf: (id: unknown) => string | undefined = () => undefined): Server {
  const server = new Server({ name: 'test', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'wait', inputSchema: { type: 'object' } }] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const ms = Number((request.params.arguments as { ms?: number } | undefined)?.ms ?? 0);
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (extra.signal.aborted) throw new Error('cancelled');
    return { content: [{ type: 'text', text: `${request.params.arguments?.tag ?? ''}|${tagOf(extra.requestId) ?? 'none'}` }] };
  });
  return server;
}

async function gateway(): Promise<GatewayMcpTransport<string>> {
  const transport = new GatewayMcpTransport<string>();
  const server = sdkServer((id) => transport.contextOf(id as number));
  await server.connect(transport);
  return transport;
}

const call = (id: unknown, tag: string, ms = 0) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'wait', arguments: { tag, ms } } });
const textOf = (message: unknown) => (message as { result: { content: { text: string }[] } }).result.content[0]?.text;

describe('GatewayMcpTransport', () => {
  it('keeps concurrent clients that use the same request id apart, and gives each handler its own POST', async () => {
    const transport = await gateway();
    const slow = transport.handlePost(HEADERS, call(1, 'slow', 40), 'post-A');
    const fast = transport.handlePost(HEADERS, call(1, 'fast', 0), 'post-B');
    const [a, b] = await Promise.all([slow, fast]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body as string)).toMatchObject({ id: 1 });
    expect(textOf(JSON.parse(a.body as string))).toBe('slow|post-A');
    expect(textOf(JSON.parse(b.body as string))).toBe('fast|post-B');
    expect(transport.contextOf(1)).toBeUndefined();
  });

  it('answers a batch in its order under the client ids, and a notification alone with 202', async () => {
    const transport = await gateway();
    const batch = [call('a', 'first', 20), { jsonrpc: '2.0', method: 'notifications/initialized' }, call(7, 'second', 0)];
    const answer = await transport.handlePost(HEADERS, batch, 'batch');
    const messages = JSON.parse(answer.body as string) as unknown[];
    expect(messages.map((m) => (m as { id: unknown }).id)).toEqual(['a', 7]);
    expect(messages.map(textOf)).toEqual(['first|batch', 'second|batch']);
    expect(await transport.handlePost(HEADERS, { jsonrpc: '2.0', method: 'notifications/initialized' }, 'n')).toEqual({ status: 202, headers: {} });
  });

  it('never lets a cancellation from one POST reach the call of another that shares its id', async () => {
    const transport = await gateway();
    // The server sees the first call of a fresh transport as id 1: the cancellation names that very id.
    const running = transport.handlePost(HEADERS, call(1, 'kept', 30), 'one');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    expect((await transport.handlePost(HEADERS, cancel, 'two')).status).toBe(202);
    // The SDK answers nothing at all for a cancelled request: the POST would hang. It is answered.
    expect(textOf(JSON.parse((await running).body as string))).toBe('kept|one');
  });

  // The same HTTP answers as the SDK's own stateless JSON transport, for every check it makes before dispatch.
  const cases: [string, Record<string, string>, unknown][] = [
    ['ping', HEADERS, { jsonrpc: '2.0', id: 3, method: 'ping' }],
    ['tools/list', { ...HEADERS, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION }, { jsonrpc: '2.0', id: 'x', method: 'tools/list' }],
    ['unknown method', HEADERS, { jsonrpc: '2.0', id: 4, method: 'no/such' }],
    ['bad params', HEADERS, { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 7 } }],
    [
      'initialize',
      { ...HEADERS, 'mcp-protocol-version': '1999-01-01' },
      { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } },
    ],
    ['no event-stream in Accept', { ...HEADERS, accept: 'application/json' }, { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['no Accept', { 'content-type': 'application/json' }, { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['text content type', { ...HEADERS, 'content-type': 'text/plain' }, { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['json look-alike content type', { ...HEADERS, 'content-type': 'application/jsonx' }, { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['not JSON-RPC', HEADERS, { hello: 'world' }],
    [
      'one bad message in a batch',
      HEADERS,
      [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '1.0', id: 2, method: 'ping' },
      ],
    ],
    ['batch over 100', HEADERS, Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' }))],
    [
      'two initialize',
      HEADERS,
      [0, 1].map((id) => ({
        jsonrpc: '2.0',
        id,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
      })),
    ],
    ['unsupported protocol version', { ...HEADERS, 'mcp-protocol-version': '1999-01-01' }, { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['a number', HEADERS, 42],
    ['null', HEADERS, null],
  ];
  it.each(cases)('answers %s as the SDK transport does', async (_name, headers, body) => {
    const sdk = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await sdkServer().connect(sdk);
    const expected = await sdk.handleRequest(new Request('http://127.0.0.1/mcp', { method: 'POST', headers, body: JSON.stringify(body) }), {
      parsedBody: body,
    });
    const ours = await (await gateway()).handlePost(headers, body, 'ctx');
    expect(ours.status).toBe(expected.status);
    const text = await expected.text();
    if (text === '') expect(ours.body).toBeUndefined();
    else expect(JSON.parse(ours.body as string)).toEqual(JSON.parse(text));
    if (expected.status !== 202) expect(ours.headers['content-type']).toBe(expected.headers.get('content-type'));
  });
});
