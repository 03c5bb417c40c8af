/**
 * `npx tsx bench/mcp-process.ts [calls]` (`npm run bench:mcp:process`): the latency the MCP gateway adds to a
 * `tools/call` when it runs as its own process, as deployed (`node dist/cli/main.js serve --workers 1`;
 * run `npm run build` first). This process holds the official SDK client and the SDK-built tool server;
 * calls alternate between direct and through the gateway in rounds, so drift hits both alike. Also
 * printed, as reference points: a plain HTTP round trip to the gateway (`/healthz`), an SDK `ping` (answered
 * by the gateway's SDK server alone), the gateway's CPU per call (from /proc, all its threads) and, from the
 * records, the median time of the pipeline's stages against the upstream call inside it.
 * `WT=false` turns the SQLite writer thread off. Calls are sequential: latency, not throughput.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import Database from 'better-sqlite3';
import { startFakeMcpServer } from '../src/mcp/fake-mcp-server.fixtures.js';

const CALLS = Number(process.argv[2] ?? 1000);
const ROUNDS = 4;
const MAIN = join(import.meta.dirname, '../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-mcp-process-'));
const upstream = await startFakeMcpServer();
const port = 20_000 + Math.floor(Math.random() * 20_000);
const writerThread = process.env.WT ? `, writerThread: ${process.env.WT}` : '';
const configFile = join(dir, 'gatehouse.yaml');
writeFileSync(
  configFile,
  `version: 1
server: { host: 127.0.0.1, port: ${port} }
logging: { level: warn, exchanges: false }
storage: { driver: sqlite, sqlite: { path: ${join(dir, 'gatehouse.db')}${writerThread} } }
audit: { keyFile: ${join(dir, 'audit.key')}, content: { keyFile: ${join(dir, 'content.key')} } }
auth: { secretPepper: env:PEPPER }
mcp: { servers: { shop: { transport: http, url: ${upstream.url} } } }
tools: { shop/echo: {} }
identities: { agent: { owner: bench@example.com, environment: production, tools: [shop/echo] } }
`,
);
const env = { ...process.env, PEPPER: 'bench-pepper-0123456789abcdef0123456789' };
const minted = execFileSync(process.execPath, [MAIN, 'token', 'mint', 'agent', '--ttl', '3600', '--config', configFile], {
  env,
  stdio: ['ignore', 'pipe', 'ignore'],
});
const token = minted.toString().trim().split('\n').pop() as string;
const gateway = spawn(
  process.execPath,
  [...(process.env.GW_NODE_ARGS ?? '').split(' ').filter(Boolean), MAIN, 'serve', '--workers', '1', '--config', configFile],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);

/** User + system CPU of the gateway process, all threads, in microseconds (10 ms ticks). */
function gatewayCpuUs(): number {
  const fields = readFileSync(`/proc/${gateway.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function waitUp(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('gateway did not start');
}

async function client(url: string, bearer?: string): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1' });
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return c;
}

const median = (samples: number[]): number => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;

/** Times `n` sequential calls into `into`; returns the gateway CPU they cost. */
async function timed(n: number, call: (i: number) => Promise<unknown>, into: number[]): Promise<number> {
  const cpu = gatewayCpuUs();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await call(i);
    into.push(performance.now() - started);
  }
  return gatewayCpuUs() - cpu;
}

/** Median stage time of the records: the upstream call, and everything else in the pipeline. */
function stageMedians(): { upstream: number; rest: number } {
  const db = new Database(join(dir, 'gatehouse.db'), { readonly: true });
  const rows = db.prepare("SELECT trace FROM exchanges WHERE operation = 'mcp.tools/call'").all() as { trace: string }[];
  db.close();
  const upstreamUs: number[] = [];
  const restUs: number[] = [];
  for (const { trace } of rows) {
    const stages = JSON.parse(trace) as { stage: string; durationUs: number }[];
    const up = stages.filter((s) => s.stage === 'mcp-upstream').reduce((t, s) => t + s.durationUs, 0);
    upstreamUs.push(up);
    restUs.push(stages.reduce((t, s) => t + s.durationUs, 0) - up);
  }
  return { upstream: median(upstreamUs) / 1000, rest: median(restUs) / 1000 };
}

try {
  await waitUp();
  const toServer = await client(upstream.url);
  const toGateway = await client(`http://127.0.0.1:${port}/mcp/shop`, token);
  const echo = (c: Client) => (i: number) => c.callTool({ name: 'echo', arguments: { text: `call ${i}` } });
  for (let i = 0; i < 200; i++) await Promise.all([echo(toServer)(i), echo(toGateway)(i)]);
  const direct: number[] = [];
  const through: number[] = [];
  let cpu = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await timed(CALLS / ROUNDS, echo(toServer), direct);
    cpu += await timed(CALLS / ROUNDS, echo(toGateway), through);
  }
  const health: number[] = [];
  const healthCpu = await timed(1000, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).text(), health);
  const ping: number[] = [];
  const pingCpu = await timed(1000, () => toGateway.ping(), ping);
  const stages = stageMedians();
  const added = median(through) - median(direct);
  console.log(`MCP tools/call, gateway in its own process, ${CALLS} sequential calls each way (median):`);
  console.log(`  direct to the server     ${median(direct).toFixed(3)} ms`);
  console.log(`  through the gateway      ${median(through).toFixed(3)} ms  (gateway CPU ${(cpu / CALLS).toFixed(0)} us/call)`);
  console.log(`  added by the gateway     ${added.toFixed(3)} ms  (target < 1 ms: ${added < 1 ? 'met' : 'NOT met'})`);
  console.log(`  inside: pipeline stages ${stages.rest.toFixed(3)} ms, upstream call (SDK client) ${stages.upstream.toFixed(3)} ms`);
  console.log(
    `  reference: GET /healthz ${median(health).toFixed(3)} ms (CPU ${(healthCpu / 1000).toFixed(0)} us), SDK ping answered by the gateway ${median(ping).toFixed(3)} ms (CPU ${(pingCpu / 1000).toFixed(0)} us)`,
  );
} finally {
  gateway.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
