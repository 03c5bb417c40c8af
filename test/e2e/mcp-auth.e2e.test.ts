import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../src/mcp/fake-mcp-server.fixtures.js';
import { REQUEST_ID_META } from '../../src/mcp/protocol-server.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The MCP authorization spec over Streamable HTTP: a gateway token on every HTTP request (initialize, ping,
 * notifications, the GET stream, a session DELETE, governed methods), HTTP 401 with a WWW-Authenticate
 * challenge when it is missing or not valid, 403 for a caller identified but refused; one record per refusal.
 */

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
let upstream: FakeMcpServer;
let gw: TestGateway;
let identity: IdentityServices;
const tokens = new Map<string, string>();

beforeAll(async () => {
  upstream = await startFakeMcpServer();
  const agent = { owner: 'a@example.com', environment: 'pilot', tools: ['shop/echo'] };
  gw = await startTestGateway(
    {
      auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
      mcp: { servers: { shop: { transport: 'http', url: upstream.url } } },
      tools: { 'shop/echo': {} },
      identities: { alice: agent, bob: agent, carol: agent },
    },
    { env: { PEPPER } },
  );
  identity = gw.identity as IdentityServices;
  for (const id of ['alice', 'bob', 'carol']) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

const endpoint = () => `${gw.url}/mcp/shop`;

/** An official MCP SDK client; `connect` runs initialize and notifications/initialized (and tries the GET stream). */
async function connect(authorization?: string): Promise<Client> {
  const client = new Client({ name: 'agent', version: '1.0.0' });
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint()), { requestInit: { headers } }));
  return client;
}

/** What the SDK client throws: its Streamable HTTP error with the HTTP status, and our JSON-RPC body in the message. */
async function httpError(promise: Promise<unknown>): Promise<{ status: number; reason: string; requestId: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StreamableHTTPError)) throw new Error(`expected a StreamableHTTPError, got ${String(err)}`);
  const body = JSON.parse(err.message.slice(err.message.indexOf('{'))) as { error: { code: number; data: { reason: string; requestId: string } } };
  expect(body.error.code).toBe(-32010);
  return { status: err.code ?? 0, reason: body.error.data.reason, requestId: body.error.data.requestId, message: err.message };
}

const rpc = (method: string, id?: number, params: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', method, params, ...(id === undefined ? {} : { id }) });
const INITIALIZE = rpc('initialize', 1, { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } });

/** A raw HTTP request to /mcp/shop, as an MCP client sends it, to read the status and headers the SDK hides. */
async function send(method: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(endpoint(), {
    method,
    headers: {
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

async function countRecords(): Promise<number> {
  await gw.recorder.flush();
  return gw.store.countExchanges();
}

describe('MCP gateway authentication (HTTP 401/403, every request)', () => {
  it('the SDK client without a token cannot even initialize: a 401 StreamableHTTPError, one record, no upstream call', async () => {
    const before = await countRecords();
    const upstreamBefore = upstream.requests.length;
    const refused = await httpError(connect());
    expect(refused).toMatchObject({ status: 401, reason: 'authentication_required' });
    // connect() stops at the refused initialize: nothing else was sent, so exactly one new record.
    expect(await countRecords()).toBe(before + 1);
    expect(await gw.recordOf(refused.requestId)).toMatchObject({
      operation: 'mcp.initialize',
      status: 401,
      reason: 'authentication_required',
      outcome: 'refused',
      identityId: 'anonymous',
      trace: [{ stage: 'authenticate', verdict: 'respond', reason: 'authentication_required' }],
    });
    expect(upstream.requests.length).toBe(upstreamBefore);
  });

  it('a forged token is refused 401 invalid_token, and is echoed neither to the client nor into the record', async () => {
    const forged = `${tokens.get('alice')!.slice(0, -6)}AAAAAA`;
    const refused = await httpError(connect(`Bearer ${forged}`));
    expect(refused).toMatchObject({ status: 401, reason: 'invalid_token' });
    expect(refused.message).not.toContain(forged);
    expect(JSON.stringify(await gw.recordOf(refused.requestId))).not.toContain(forged);
  });

  it('answers 401 with an RFC 6750 challenge and a JSON-RPC error for initialize, ping, a notification, a tool call, GET and DELETE', async () => {
    const bad = { authorization: 'Bearer not-a-token' };
    const cases: Array<[string, unknown, Record<string, string>, string, string]> = [
      ['POST', INITIALIZE, {}, 'authentication_required', 'mcp.initialize'],
      ['POST', rpc('ping', 2), {}, 'authentication_required', 'mcp.ping'],
      ['POST', rpc('notifications/initialized'), bad, 'invalid_token', 'mcp.notification'],
      ['POST', rpc('tools/call', 3, { name: 'echo', arguments: { text: 'x' } }), bad, 'invalid_token', 'mcp.tools/call'],
      ['GET', undefined, {}, 'authentication_required', 'mcp'],
      ['DELETE', undefined, bad, 'invalid_token', 'mcp'],
    ];
    for (const [method, body, headers, reason, operation] of cases) {
      const res = await send(method, body, headers);
      expect(res.status, `${method} ${operation}`).toBe(401);
      const challenge = res.headers.get('www-authenticate');
      const metadata = `resource_metadata="${gw.url}/.well-known/oauth-protected-resource/mcp/shop"`;
      expect(challenge).toBe(
        reason === 'authentication_required' ? `Bearer realm="gatehouse", ${metadata}` : `Bearer realm="gatehouse", error="invalid_token", ${metadata}`,
      );
      expect(res.headers.get('x-gatehouse-reason')).toBe(reason);
      expect(res.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32010, data: { reason, status: 401 } } });
      const requestId = res.json?.error.data.requestId as string;
      expect(res.headers.get('x-request-id')).toBe(requestId);
      expect(await gw.recordOf(requestId)).toMatchObject({ operation, method, status: 401, reason });
    }
    expect(upstream.calls.length).toBe(0);
  });

  it('an OAuth client with only a client id and secret finds the token endpoint from the 401 and calls tools (RFC 9728, RFC 8414)', async () => {
    const { clientSecret } = await identity.tokens.createClientSecret('carol');
    const provider = new ClientCredentialsProvider({ clientId: 'carol', clientSecret, expectedIssuer: gw.url });
    const client = new Client({ name: 'oauth-agent', version: '1.0.0' });
    const seen: string[] = [];
    const fetchSeen: typeof fetch = (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`);
      return fetch(input, init);
    };
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint()), { authProvider: provider, fetch: fetchSeen }));
    const result = (await client.callTool({ name: 'echo', arguments: { text: 'found my way' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('found my way');
    expect(seen).toEqual(
      expect.arrayContaining(['GET /.well-known/oauth-protected-resource/mcp/shop', 'GET /.well-known/oauth-authorization-server', 'POST /oauth/token']),
    );
    // The token it got is a gateway token of carol's: the call's record names her.
    const requestId = (result._meta as Record<string, string>)[REQUEST_ID_META] as string;
    expect(await gw.recordOf(requestId)).toMatchObject({ operation: 'mcp.tools/call', identityId: 'carol', status: 200 });
    await client.close();
    // The metadata names only configured servers, and this gateway as their authorization server.
    const prm = await (await fetch(`${gw.url}/.well-known/oauth-protected-resource/mcp/shop`)).json();
    expect(prm).toMatchObject({ resource: endpoint(), authorization_servers: [gw.url], bearer_methods_supported: ['header'] });
    expect((await fetch(`${gw.url}/.well-known/oauth-protected-resource/mcp/nope`)).status).toBe(404);
    // Forwarded headers never name the authorization server, and no answer is kept by a cache.
    const forwarded = await fetch(`${gw.url}/.well-known/oauth-protected-resource/mcp/shop`, {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' },
    });
    expect(forwarded.headers.get('cache-control')).toBe('no-store');
    expect(await forwarded.json()).toMatchObject({ authorization_servers: [gw.url] });
    const as = (await (await fetch(`${gw.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
    expect(as).toMatchObject({
      issuer: gw.url,
      token_endpoint: `${gw.url}/oauth/token`,
      grant_types_supported: expect.arrayContaining(['client_credentials']),
    });
    // Its authorization endpoint exists and refuses: no interactive grant, no redirect to wherever a client names.
    const authorize = await fetch(`${as.authorization_endpoint}?response_type=code&client_id=carol&redirect_uri=https://evil.example/cb`, {
      redirect: 'manual',
    });
    expect(authorize.status).toBe(400);
    expect(authorize.headers.get('location')).toBeNull();
    expect(await authorize.json()).toMatchObject({ error: 'unsupported_response_type' });
    // A wrong secret gets no token: the client's connect fails, nothing reaches the tool server.
    const before = upstream.calls.length;
    const wrong = new Client({ name: 'oauth-agent', version: '1.0.0' });
    const badProvider = new ClientCredentialsProvider({ clientId: 'carol', clientSecret: 'wrong-secret', expectedIssuer: gw.url });
    await expect(wrong.connect(new StreamableHTTPClientTransport(new URL(endpoint()), { authProvider: badProvider }))).rejects.toThrow();
    expect(upstream.calls.length).toBe(before);
  });

  it('with a valid token, GET and DELETE get 405 (stateless: no stream, no session) and the SDK client works on', async () => {
    const auth = { authorization: `Bearer ${tokens.get('alice')}` };
    for (const method of ['GET', 'DELETE']) {
      const res = await send(method, undefined, auth);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.json).toMatchObject({ error: { data: { reason: 'method_not_allowed' } } });
    }
    // Any other method is told POST alone: GET and DELETE are answered only to refuse them.
    expect((await send('PUT', {}, auth)).headers.get('allow')).toBe('POST');
    const client = await connect(auth.authorization);
    await client.ping();
    const result = (await client.callTool({ name: 'echo', arguments: { text: 'hi' } })) as CallToolResult;
    expect(result.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    await client.close();
  });

  it('checks the token on every request: revoked mid-session, the next ping is a 401 token_revoked', async () => {
    const token = (await identity.tokens.mintAccessToken(identity.registry.get('alice')!)).access_token;
    const client = await connect(`Bearer ${token}`);
    await client.ping();
    const jti = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    await identity.tokens.revokeToken(jti, 'test');
    const refused = await httpError(client.ping());
    expect(refused).toMatchObject({ status: 401, reason: 'token_revoked' });
    expect(await gw.recordOf(refused.requestId)).toMatchObject({ operation: 'mcp.ping', identityId: 'alice', reason: 'token_revoked' });
    await client.close();
  });

  it('a suspended identity is refused with 403 on its next request, and the record names it', async () => {
    const client = await connect(`Bearer ${tokens.get('carol')}`);
    await identity.registry.setState('carol', 'suspended');
    try {
      const refused = await httpError(client.callTool({ name: 'echo', arguments: { text: 'x' } }));
      expect(refused).toMatchObject({ status: 403, reason: 'identity_suspended' });
      expect(await gw.recordOf(refused.requestId)).toMatchObject({ operation: 'mcp.tools/call', status: 403, identityId: 'carol' });
      const raw = await send('POST', rpc('ping', 9), { authorization: `Bearer ${tokens.get('carol')}` });
      expect(raw.status).toBe(403);
      // A 403 is no credential problem: no challenge to send a new token.
      expect(raw.headers.get('www-authenticate')).toBeNull();
    } finally {
      await identity.registry.setState('carol', 'active');
      await client.close();
    }
  });

  it('issues no session: a session id is never a credential, and each request is its own caller', async () => {
    const alice = await send('POST', INITIALIZE, { authorization: `Bearer ${tokens.get('alice')}` });
    expect(alice.status).toBe(200);
    expect(alice.headers.get('mcp-session-id')).toBeNull();
    const forged = { 'mcp-session-id': 'alice-session-0001' };
    // Without a token, a session id opens nothing.
    expect((await send('POST', rpc('tools/list', 4), forged)).status).toBe(401);
    // Bob's request carrying it is Bob's: the record of his call names him, not whoever "owned" the id.
    const bob = await send('POST', rpc('tools/call', 5, { name: 'echo', arguments: { text: 'b' } }), {
      ...forged,
      authorization: `Bearer ${tokens.get('bob')}`,
    });
    expect(bob.status).toBe(200);
    const requestId = (bob.json?.result as CallToolResult | undefined)?._meta?.[REQUEST_ID_META] as string;
    expect(await gw.recordOf(requestId)).toMatchObject({ operation: 'mcp.tools/call', identityId: 'bob', status: 200 });
  });
});
