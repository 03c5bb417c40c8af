/**
 * `npx tsx bench/mcp-floor.ts [calls]`: what any MCP gateway built on the official SDK adds before it does
 * any governing. Three forwarders stand between the same SDK client and the same SDK-built server, in
 * process, calls paired with direct ones as in bench/mcp.ts:
 * - raw: an HTTP server that relays the POST's bytes to the upstream over undici and the answer back (the
 *   floor of an extra HTTP hop);
 * - sdk: the gateway's own MCP serving parts with nothing between them: its transport and SDK server on one
 *   side, its SDK upstream client on the other (src/mcp), no pipeline and no record;
 * - gateway: the real gateway (bench/mcp.ts's configuration).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { startFakeMcpServer } from '../src/mcp/fake-mcp-server.fixtures.js';
import { GatewayMcpTransport } from '../src/mcp/http-transport.js';
import { createMcpProtocolServer } from '../src/mcp/protocol-server.js';
import { createMcpUpstream } from '../src/mcp/upstream.js';
import { benchGateway, client, echo, median } from './mcp-bench-gateway.js';

const CALLS = Number(process.argv[2] ?? 400);
const WARMUP = 100;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Relays each POST's bytes and the upstream's answer: no parsing, no protocol. */
async function rawForwarder(upstreamUrl: string) {
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id']) if (req.headers[h]) headers[h] = String(req.headers[h]);
    const answer = await request(upstreamUrl, { method: (req.method ?? 'POST') as 'POST', headers, body });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (k !== 'transfer-encoding' && k !== 'connection' && typeof v === 'string') out[k] = v;
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    res.writeHead(answer.statusCode, out).end(bytes);
  });
  return { server, url: await listen(server) };
}

/** The gateway's MCP parts with nothing between them: SDK server on our transport, SDK client upstream. */
async function sdkForwarder(upstreamUrl: string) {
  const upstream = createMcpUpstream('shop', { transport: 'http', url: upstreamUrl, headers: {}, timeoutMs: 30_000 } as never, {
    resolveSecret: (r) => r,
    baseDir: '.',
  });
  const transport = new GatewayMcpTransport<null>();
  const signal = new AbortController().signal;
  void createMcpProtocolServer('shop', async (request) => {
    const body = request.body as { tool: string; arguments: Record<string, unknown> };
    const result = await upstream.callTool(body.tool, body.arguments, signal);
    return { kind: 'result', requestId: 'r', body: result as Record<string, unknown> };
  }).connect(transport);
  const server = createServer(async (req, res) => {
    const raw = await bodyOf(req);
    const answer = await transport.handlePost(req.headers, raw.length ? JSON.parse(raw.toString('utf8')) : undefined, null);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  return { server, url: await listen(server), close: () => upstream.close() };
}

async function paired(direct: (i: number) => Promise<unknown>, through: (i: number) => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) {
    await direct(-1);
    await through(-1);
  }
  const added: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const a = performance.now();
    await direct(i);
    const b = performance.now();
    await through(i);
    added.push(performance.now() - b - (b - a));
  }
  const used = process.cpuUsage(cpu);
  return { added: median(added), cpuPerPair: (used.user + used.system) / CALLS };
}

const upstream = await startFakeMcpServer();
const gateway = await benchGateway(upstream.url);
const raw = await rawForwarder(upstream.url);
const sdk = await sdkForwarder(upstream.url);
try {
  const token = gateway.token;
  const toServer = echo(await client(upstream.url));
  const self = await paired(toServer, toServer);
  console.log(`MCP tools/call, ${CALLS} pairs of sequential calls (median of per-pair differences; CPU of the pair, this process):`);
  console.log(`  direct vs direct   added ${self.added.toFixed(3)} ms  CPU/pair ${self.cpuPerPair.toFixed(0)} us`);
  for (const [name, url, token_] of [
    ['raw relay', raw.url, undefined],
    ['sdk parts', sdk.url, undefined],
    ['gateway  ', gateway.url, token],
  ] as const) {
    const r = await paired(toServer, echo(await client(url, token_)));
    console.log(`  ${name}          added ${r.added.toFixed(3)} ms  CPU/pair ${r.cpuPerPair.toFixed(0)} us`);
  }
} finally {
  await gateway.close();
  await sdk.close();
  raw.server.close();
  sdk.server.close();
  await upstream.close();
}
process.exit(0);
