/**
 * What a reader needs next to the figures: the machine, the method in words, and proof that Gatehouse
 * really recorded the exchanges it was timed on.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineCpuMs } from './children.mjs';

/** Cores, CPU model, Node, OS, and how busy the machine was for one second before the run. */
export async function describeMachine() {
  const before = machineCpuMs();
  await new Promise((r) => setTimeout(r, 1000));
  const after = machineCpuMs();
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // Read before the bench pins itself to one CPU, after which availableParallelism() says 1.
    cores: os.availableParallelism(),
    cpuModel,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    idleBusyCores: (after.busy - before.busy) / 1000,
  };
}

/** Row counts per table of Gatehouse's SQLite file, or null when it cannot be read. */
export async function countRecords(sqlitePath) {
  if (!existsSync(sqlitePath)) return null;
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
    try {
      const tables = {};
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
      for (const name of names)
        tables[name] = db
          .prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`)
          .pluck()
          .get();
      const bytes = ['', '-wal'].reduce((n, ext) => n + (existsSync(sqlitePath + ext) ? statSync(sqlitePath + ext).size : 0), 0);
      return { tables, bytes };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** The method, in the words BENCHMARKS.md prints. */
export function methodLines({ settings, runs, configPath, repoDir, placement, cores }) {
  const bodyBytes = [...new Set(runs.map((r) => r.bodyBytes))].join(' / ');
  const sliceS = (runs[0]?.settings.sliceMs ?? settings.durationMs) / 1000;
  return [
    'Three targets, each its own Node process on 127.0.0.1: **direct** = the fake OpenAI-compatible upstream (`bench/fake-upstream.mjs`: fixed chat.completion JSON, or 14 SSE events in OpenAI chunk format ending with a usage chunk and `data: [DONE]`, no delay); **bare proxy** = `bench/bare-proxy.mjs`, node:http + an undici keep-alive Pool (as Gatehouse uses), request bytes forwarded untouched, response streamed back with `pool.stream`, no parsing (the lower bound for any Node proxy); **Gatehouse** = `node dist/cli/main.js serve` with `' +
      path.relative(repoDir, path.resolve(configPath)) +
      '` (one `openai` provider pointing at the fake upstream, recording on in SQLite, logging at warn, exchange log lines off).',
    `Every request is the same ${bodyBytes}-byte \`POST /v1/chat/completions\` body (JSON / streamed variant): system prompt, three turns, one tool definition.`,
    `All processes share the machine's ${cores} cores: ${placement}. So the upstream and the target share the server CPU(s): throughput figures are per core of server CPU, not what a dedicated machine would reach. The other two targets stay up but idle while one is measured. "Foreign load" is machine CPU time not used by the bench's own processes (from /proc/stat): other work on the machine.`,
    `Before the first scenario is measured, every target runs each scenario of the run for ${settings.warmupMs / 1000} s (discarded: a fresh process is slower for its first seconds). Each scenario then warms every target up for ${settings.warmupMs / 1000} s (discarded) and measures ${settings.durationMs / 1000} s per target in ${settings.slices} slice(s) of ${sliceS} s, run in alternating order (direct, proxy, Gatehouse, then reversed) so drift and foreign load hit all targets alike. Before each slice the bench waits (up to ${settings.quietWaitMs / 1000} s) until other work uses under 0.25 cores; a slice during which other work used over 0.3 cores is run again (at most ${settings.redos} time(s)), except a slice with failures, which always counts. Waits and redos share a budget of ${settings.patienceMs / 1000} s per run.`,
    `Fixed rate: an open-loop generator (\`bench/load.mjs\`, undici Pool) sends ${settings.rate} req/s spaced evenly (one every ${(1000 / settings.rate).toFixed(1)} ms). autocannon's \`overallRate\` is not used for this: it sends each connection's share of a second back to back and then idles, which measures short saturating bursts, not a steady ${settings.rate} req/s.`,
    `Saturation: autocannon 8, ${settings.connections} connections, pipelining 1, closed loop; req/s counts 2xx answers only.`,
    "Latency is from writing the request to receiving the last byte of the answer (for streams: the whole stream), timed with process.hrtime (ns) for every 2xx answer; percentiles are exact over all samples (nearest rank) and printed to 0.001 ms. autocannon's own histogram stores whole milliseconds, so its percentiles are not used. The same client code times every target, so its own cost cancels out in the differences; when the generator sends late (p99 lag over 1 ms) the scenario says so.",
    '"Server CPU" is the user+system CPU time of the process that receives the load (for direct: the upstream), from /proc/<pid>/stat, which counts in 10 ms ticks; at the fixed rate it includes the cost of waking up for each request, which batching hides under saturation. RSS is /proc/<pid>/status VmRSS.',
    'A run with any non-2xx answer or transport error shows it in the "failures" column and fails its target check; failures are never averaged away.',
  ];
}

/**
 * Time the identity stages took, from the decision trace of every recorded chat exchange: the sum of the
 * `authenticate` and `authorize` entries (request and response phase) per exchange, in µs. In-process
 * timings, so they isolate the stages from network and load-generator noise.
 */
export async function identityStageTimings(sqlitePath) {
  if (!existsSync(sqlitePath)) return null;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const sums = [];
    for (const trace of db.prepare("SELECT trace FROM exchanges WHERE operation = 'chat' AND status = 200").pluck().iterate()) {
      let sum = 0;
      let seen = false;
      for (const entry of JSON.parse(trace)) {
        if (entry.stage === 'authenticate' || entry.stage === 'authorize') {
          sum += entry.durationUs;
          seen = true;
        }
      }
      if (seen) sums.push(sum);
    }
    if (sums.length === 0) return null;
    sums.sort((a, b) => a - b);
    const at = (q) => sums[Math.min(sums.length - 1, Math.floor(q * sums.length))];
    return { count: sums.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
  } finally {
    db.close();
  }
}
