/**
 * `npx tsx bench/mcp.ts [calls]`: the latency the MCP gateway adds to a `tools/call` without a hold. One
 * official SDK client calls the `echo` tool of an SDK-built Streamable HTTP server directly, another calls it
 * through a real gateway in process (auth on: token check, Cedar, schema validation, traffic control, the
 * record committed to SQLite before the answer is released; no guardrail profile). Calls are sequential, so
 * the medians are per-call latency, not throughput. Target: under 1 ms added at the median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { configSchema } from '../src/config/schema.js';
import { startGateway } from '../src/gateway.js';
import type { IdentityServices } from '../src/gateway-identity.js';
import { silentLogger } from '../src/log/logger.js';
import { startFakeMcpServer } from '../src/mcp/fake-mcp-server.fixtures.js';

const CALLS = Number(process.argv[2] ?? 400);
const WARMUP = 100;

async function client(url: string, token?: string): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return c;
}

/** Median milliseconds of `CALLS` sequential calls of `call`, after a warm-up. */
async function medianMs(call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await call(-1);
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

const echo = (c: Client) => (i: number) => c.callTool({ name: 'echo', arguments: { text: `call ${i}` } });

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-mcp-'));
const upstream = await startFakeMcpServer();
const config = configSchema.parse({
  storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
  audit: { keyFile: join(dir, 'audit.key'), content: { keyFile: join(dir, 'content.key') } },
  logging: { level: 'silent', exchanges: false },
  auth: { secretPepper: 'env:PEPPER' },
  mcp: { servers: { shop: { transport: 'http', url: upstream.url } } },
  tools: { 'shop/echo': {} },
  identities: { agent: { owner: 'bench@example.com', environment: 'production', tools: ['shop/echo'] } },
});
const gateway = await startGateway({ config, port: 0, host: '127.0.0.1', logger: silentLogger(), env: { PEPPER: 'bench-pepper-0123456789abcdef0123456789' } });
try {
  const identity = gateway.identity as IdentityServices;
  const token = (await identity.tokens.mintAccessToken(identity.registry.get('agent')!)).access_token;
  const toServer = await client(upstream.url);
  const toGateway = await client(`${gateway.url}/mcp/shop`, token);
  const direct = await medianMs(echo(toServer));
  const through = await medianMs(echo(toGateway));
  const added = through - direct;
  // A ping is answered by the SDK server alone (no pipeline, no upstream): what one SDK round trip costs here.
  const pingServer = await medianMs(() => toServer.ping());
  const pingGateway = await medianMs(() => toGateway.ping());
  console.log(`MCP tools/call, ${CALLS} sequential calls each (median):`);
  console.log(`  direct to the server     ${direct.toFixed(3)} ms`);
  console.log(`  through the gateway      ${through.toFixed(3)} ms`);
  console.log(`  added by the gateway     ${added.toFixed(3)} ms  (target < 1 ms: ${added < 1 ? 'met' : 'NOT met'})`);
  console.log(`  one SDK round trip (ping): server ${pingServer.toFixed(3)} ms, gateway ${pingGateway.toFixed(3)} ms`);
} finally {
  await gateway.close();
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
}
