#!/usr/bin/env node
/**
 * `npm run bench`: Gatehouse against a bare proxy and the upstream called directly, same machine, same run.
 *
 *   node bench/run.mjs [--quick] [--targets direct,proxy,gatehouse] [--scenarios rate-json,...]
 *   (rate-messages-json, rate-messages-stream, rate-responses-json, rate-responses-stream: the same
 *   conversation through /v1/messages and /v1/responses, to compare with rate-json and rate-stream)
 *                      [--config bench/gatehouse.bench.yaml] [--section NAME] [--write | --no-write]
 *
 * Environment: BENCH_DURATION (measured seconds per target per scenario, default 10), BENCH_WARMUP
 * (seconds, default 2), BENCH_RATE (req/s, default 500), BENCH_CONNECTIONS (default 50), BENCH_SLICES
 * (default 5), BENCH_CHUNK_DELAY_MS (default 0), BENCH_PIN=0 (no CPU pinning), BENCH_NICE (default -10),
 * BENCH_REDOS (slices disturbed by other work on the machine are run again, at most this many times, default 1),
 * BENCH_QUIET_WAIT (seconds to wait for a quiet machine before each slice, default 2), BENCH_PATIENCE
 * (seconds the whole run may spend on such waits and redos, default 20, so a busy machine cannot stretch it),
 * BENCH_KEEP=1 keeps the temp dir (config, SQLite file).
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { killAllNow, placeProcesses, rssMiB, stopAll } from './children.mjs';
import { describeMachine, countRecords, identityStageTimings, methodLines } from './context.mjs';
import { runScenario, warmUp } from './measure.mjs';
import { checkTargets, markdownSection, printReport, writeBenchmarksFile } from './report.mjs';
import { DEFAULT_GATEHOUSE_CONFIG, REPO_DIR, probe, startBareProxy, startGatehouse, startUpstream, writeGatehouseConfig } from './targets.mjs';

const SCENARIOS = [
  { id: 'rate-json', mode: 'paced', stream: false },
  { id: 'rate-stream', mode: 'paced', stream: true },
  { id: 'sat-json', mode: 'saturated', stream: false },
  { id: 'sat-stream', mode: 'saturated', stream: true },
  // The same conversation through the Anthropic Messages and OpenAI Responses APIs: compare Gatehouse's
  // figures with rate-json / rate-stream for what each API's translation adds (issue 17: within 10%).
  { id: 'rate-messages-json', mode: 'paced', stream: false, api: 'messages' },
  { id: 'rate-messages-stream', mode: 'paced', stream: true, api: 'messages' },
  { id: 'rate-responses-json', mode: 'paced', stream: false, api: 'responses' },
  { id: 'rate-responses-stream', mode: 'paced', stream: true, api: 'responses' },
];
const LABELS = { direct: 'direct (fake upstream)', proxy: 'bare proxy', gatehouse: 'Gatehouse' };

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    targets: { type: 'string', default: 'direct,proxy,gatehouse' },
    scenarios: { type: 'string', default: SCENARIOS.map((s) => s.id).join(',') },
    config: { type: 'string', default: DEFAULT_GATEHOUSE_CONFIG },
    section: { type: 'string' },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean', default: false },
  },
});

const envNumber = (name, fallback, { allowZero = false } = {}) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero))
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  return value;
};

const settings = {
  rate: envNumber('BENCH_RATE', 500),
  connections: envNumber('BENCH_CONNECTIONS', 50),
  durationMs: envNumber('BENCH_DURATION', args.quick ? 2 : 10) * 1000,
  warmupMs: envNumber('BENCH_WARMUP', args.quick ? 1 : 2) * 1000,
  slices: Math.round(envNumber('BENCH_SLICES', args.quick ? 1 : 5)),
  chunkDelayMs: Number(process.env.BENCH_CHUNK_DELAY_MS ?? 0),
  redos: Math.round(envNumber('BENCH_REDOS', 1, { allowZero: true })),
  quietWaitMs: envNumber('BENCH_QUIET_WAIT', 2, { allowZero: true }) * 1000,
  patienceMs: envNumber('BENCH_PATIENCE', args.quick ? 10 : 20, { allowZero: true }) * 1000,
  pin: process.env.BENCH_PIN !== '0',
  nice: Number(process.env.BENCH_NICE ?? -10),
};
const wantedTargets = args.targets.split(',').map((s) => s.trim());
const scenarios = args.scenarios.split(',').map((id) => {
  const s = SCENARIOS.find((x) => x.id === id.trim());
  if (!s) throw new Error(`unknown scenario "${id}" (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
  return { ...s, title: titleOf(s) };
});
const fullRun = wantedTargets.includes('gatehouse') && wantedTargets.includes('proxy') && wantedTargets.includes('direct');
const shouldWrite = args['no-write'] ? false : (args.write ?? (!args.quick && fullRun));

function titleOf(s) {
  const kind = `${s.api === 'messages' ? 'Messages API ' : s.api === 'responses' ? 'Responses API ' : ''}${s.stream ? 'streamed' : 'JSON'}`;
  return s.mode === 'paced' ? `Fixed rate ${settings.rate} req/s, ${kind}` : `Saturation, ${settings.connections} connections, ${kind}`;
}

const log = (line) => console.log(line);
let tempDir = null;

async function shutdown(code) {
  await stopAll();
  if (tempDir && !process.env.BENCH_KEEP) rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));

async function main() {
  const started = Date.now();
  const machine = await describeMachine();
  log(`gatehouse bench: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}; background load ${machine.idleBusyCores.toFixed(2)} cores`);
  log(`settings: ${JSON.stringify(settings)}; targets ${wantedTargets.join(',')}; scenarios ${scenarios.map((s) => s.id).join(',')}`);

  const placement = placeProcesses(settings);
  log(`placement: ${placement.description}`);
  const upstream = await startUpstream(settings, placement.prefix);
  const targets = [upstream];
  if (wantedTargets.includes('proxy')) targets.push(await startBareProxy(upstream, placement.prefix));
  let gatehouse = null;
  if (wantedTargets.includes('gatehouse')) {
    if (!existsSync(path.join(REPO_DIR, 'dist/cli/main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm run bench does)');
    const prepared = await writeGatehouseConfig(path.resolve(args.config));
    tempDir = prepared.dir;
    gatehouse = await startGatehouse(upstream, prepared, placement.prefix);
    targets.push(gatehouse);
  }
  const measured = targets.filter((t) => wantedTargets.includes(t.name));
  for (const target of measured) await probe(target);
  log(`targets up and answering: ${measured.map((t) => `${t.name} ${t.origin} (pid ${t.handle.pid})`).join(', ')}`);

  const rssIdle = Object.fromEntries(targets.map((t) => [t.name, rssMiB(t.handle.pid)]));
  const processes = targets.map((t) => t.handle);
  const runs = [];
  const patience = { remainingMs: settings.patienceMs };
  log('\nwarm-up of every scenario before any is measured');
  for (const scenario of scenarios) await warmUp(scenario, measured, settings, log);
  for (const scenario of scenarios) {
    log(`\n${scenario.title}`);
    runs.push(await runScenario(scenario, measured, processes, settings, patience, log));
  }
  const rssEnd = Object.fromEntries(targets.map((t) => [t.name, rssMiB(t.handle.pid)]));

  // Stop Gatehouse gracefully first so it flushes its record batches before they are counted.
  await stopAll();
  const records = gatehouse ? await countRecords(gatehouse.sqlitePath) : null;
  const sent = runs.reduce((n, run) => n + (run.results.gatehouse?.requests ?? 0), 0);

  const checks = checkTargets(runs);
  printReport(runs, checks, LABELS);
  const extras = memoryLines(measured, runs, rssIdle, rssEnd);
  if (gatehouse) extras.push(recordLine(records, sent));
  if (gatehouse?.auth) {
    const timings = await identityStageTimings(gatehouse.sqlitePath);
    extras.push(
      timings
        ? `authenticate + authorize, from the decision trace of ${timings.count.toLocaleString('en-US')} recorded exchanges: median ${timings.p50} µs, p90 ${timings.p90} µs, p99 ${timings.p99} µs. Target: under 100 µs at the median: **${timings.p50 < 100 ? 'PASS' : 'FAIL'}**`
        : 'authenticate + authorize: no recorded exchange carried their trace entries (**FAIL**)',
    );
  }
  for (const line of extras) log(`  ${line}`);
  log(`\nwall time ${((Date.now() - started) / 1000).toFixed(0)} s`);

  if (shouldWrite) {
    const file = path.join(REPO_DIR, 'BENCHMARKS.md');
    const method = {
      sectionTitle: args.section ? `Results: ${args.section}` : 'Results: default configuration (recording on, SQLite)',
      lines: methodLines({ settings, runs, configPath: args.config, repoDir: REPO_DIR, placement: placement.description, cores: machine.cores }),
    };
    writeBenchmarksFile(file, markdownSection({ runs, checks, labels: LABELS, machine, method, extras }), args.section);
    log(`wrote ${path.relative(process.cwd(), file) || file}`);
  }
  const clean = runs.every((run) => Object.values(run.results).every((r) => !r.non2xx && !r.errors));
  return clean ? 0 : 1;
}

function memoryLines(measured, runs, rssIdle, rssEnd) {
  const lines = [];
  for (const t of measured) {
    const peak = Math.max(...runs.map((run) => run.results[t.name]?.rss.peakMiB ?? 0));
    lines.push(
      `${LABELS[t.name]} RSS: ${fmt(rssIdle[t.name])} MiB idle after start, ${fmt(peak)} MiB peak under load, ${fmt(rssEnd[t.name])} MiB at the end (sampled every 200 ms from /proc/<pid>/status VmRSS)`,
    );
  }
  return lines;
}

function recordLine(records, sent) {
  if (!records) return 'Gatehouse records: could not read the SQLite file';
  const tables = Object.entries(records.tables)
    .map(([name, n]) => `${name}: ${n.toLocaleString('en-US')}`)
    .join(', ');
  return `Gatehouse SQLite after the run: ${tables || 'no tables'} (${(records.bytes / 1024 / 1024).toFixed(1)} MiB); ${sent.toLocaleString('en-US')} measured requests were sent to Gatehouse, plus warm-ups and probes`;
}

const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');

main().then(
  (code) => shutdown(code),
  (err) => {
    console.error(`bench failed: ${err.stack ?? err}`);
    void shutdown(1);
  },
);
