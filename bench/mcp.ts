/**
 * `npx tsx bench/mcp.ts [calls]`: the latency the MCP gateway adds to a `tools/call` without a hold. One
 * official SDK client calls the `echo` tool of an SDK-built Streamable HTTP server directly, another calls it
 * through a real gateway in process (auth on: token check, Cedar, schema validation, traffic control, the
 * record committed to SQLite before the answer is released; no guardrail profile). Calls are sequential, so
 * the medians are per-call latency, not throughput; direct and through calls alternate, so a busy machine
 * slows both alike. Target: under 1 ms added at the median.
 */
import { performance } from 'node:perf_hooks';
import { startFakeMcpServer } from '../src/mcp/fake-mcp-server.fixtures.js';
import { benchGateway, client, echo, median } from './mcp-bench-gateway.js';

const CALLS = Number(process.argv[2] ?? 400);
const WARMUP = 100;

/** CPU of this process (client, gateway and server together) per call, in microseconds. */
async function cpuUsPerCall(call: (i: number) => Promise<unknown>): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await call(i);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / CALLS;
}

/**
 * `CALLS` pairs of calls, one direct and one through the gateway in turn (after a warm-up of both), so that
 * whatever slows the machine down slows both alike: medians of each, and the median of the pairs' differences.
 */
async function pairedMs(direct: (i: number) => Promise<unknown>, through: (i: number) => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) {
    await direct(-1);
    await through(-1);
  }
  const d: number[] = [];
  const t: number[] = [];
  const added: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const a = performance.now();
    await direct(i);
    const b = performance.now();
    await through(i);
    const c = performance.now();
    d.push(b - a);
    t.push(c - b);
    added.push(c - b - (b - a));
  }
  return { direct: median(d), through: median(t), added: median(added) };
}

const upstream = await startFakeMcpServer();
const gateway = await benchGateway(upstream.url);
try {
  const token = gateway.token;
  const toServer = await client(upstream.url);
  const toGateway = await client(gateway.url, token);
  const calls = await pairedMs(echo(toServer), echo(toGateway));
  const directCpu = await cpuUsPerCall(echo(toServer));
  const throughCpu = await cpuUsPerCall(echo(toGateway));
  // A ping is answered by the SDK server alone (no pipeline, no upstream): what one SDK round trip costs here.
  const pings = await pairedMs(
    () => toServer.ping(),
    () => toGateway.ping(),
  );
  console.log(`MCP tools/call, ${CALLS} pairs of sequential calls, direct and through in turn (medians):`);
  console.log(`  direct to the server     ${calls.direct.toFixed(3)} ms`);
  console.log(`  through the gateway      ${calls.through.toFixed(3)} ms`);
  console.log(`  added by the gateway     ${calls.added.toFixed(3)} ms  (median of the pairs; target < 1 ms: ${calls.added < 1 ? 'met' : 'NOT met'})`);
  console.log(`  CPU per call (this process: client, gateway and server): direct ${directCpu.toFixed(0)} us, through ${throughCpu.toFixed(0)} us`);
  console.log(`  one SDK round trip (ping): server ${pings.direct.toFixed(3)} ms, gateway ${pings.through.toFixed(3)} ms`);
} finally {
  await gateway.close();
  await upstream.close();
}
