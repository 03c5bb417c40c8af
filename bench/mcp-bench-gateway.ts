/**
 * What the in-process MCP benches share (bench/mcp.ts, bench/mcp-floor.ts): an official SDK client with its own
 * abort signal per fetch, and a real gateway in front of the SDK-built fake tool server with one agent allowed
 * its `echo` tool (auth on, record committed to SQLite; `WT=true|false` sets the writer thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { configSchema } from '../src/config/schema.js';
import { startGateway } from '../src/gateway.js';
import type { IdentityServices } from '../src/gateway-identity.js';
import { silentLogger } from '../src/log/logger.js';
import { ownSignalFetch } from '../src/mcp/own-signal-fetch.js';

export async function client(url: string, token?: string): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // ownSignalFetch: the SDK's default hangs one abort listener per request on the transport's signal, which
  // slows each later call down (and warns past 1,500); every bench client gets the same fix, so they compare.
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: ownSignalFetch() }));
  return c;
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export const echo = (c: Client) => (i: number) => c.callTool({ name: 'echo', arguments: { text: `call ${i}` } });

/** A gateway serving `/mcp/shop` for `upstreamUrl`, the agent's token, and how to stop it (files removed). */
export async function benchGateway(upstreamUrl: string): Promise<{ url: string; token: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-mcp-'));
  const config = configSchema.parse({
    storage: { sqlite: { path: join(dir, 'gatehouse.db'), ...(process.env.WT ? { writerThread: process.env.WT === 'true' } : {}) } },
    audit: { keyFile: join(dir, 'audit.key'), content: { keyFile: join(dir, 'content.key') } },
    logging: { level: 'silent', exchanges: false },
    auth: { secretPepper: 'env:PEPPER' },
    mcp: { servers: { shop: { transport: 'http', url: upstreamUrl } } },
    tools: { 'shop/echo': {} },
    identities: { agent: { owner: 'bench@example.com', environment: 'production', tools: ['shop/echo'] } },
  });
  const gateway = await startGateway({
    config,
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger(),
    env: { PEPPER: 'bench-pepper-0123456789abcdef0123456789' },
  });
  const identity = gateway.identity as IdentityServices;
  const token = (await identity.tokens.mintAccessToken(identity.registry.get('agent')!)).access_token;
  const close = async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `${gateway.url}/mcp/shop`, token, close };
}
