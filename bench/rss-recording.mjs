#!/usr/bin/env node
/**
 * RSS of the recording proxy (issue 15): the built gateway on the peer bench's `gatehouse-pass.yaml`
 * (no auth, no guardrails, every exchange recorded in SQLite) against the loopback fake upstream, loaded with
 * autocannon. Prints, per run, VmRSS / VmHWM / RssAnon / RssFile once idle and after the load, the gateway's
 * CPU µs per measured request, and, with `--modules`, how many modules (ES and CommonJS) the gateway loaded.
 *
 *   npm run build && node bench/rss-recording.mjs                       # 3 runs of ./dist
 *   node bench/rss-recording.mjs --dist ../main-build/dist --dist dist --runs 3   # A/B, alternating
 *   node bench/rss-recording.mjs --stream --warmup 2000 --requests 6000 --modules
 *
 * Options: --dist <dir> (repeatable: the builds alternate run by run; default ./dist), --runs N (per build,
 * default 3), --connections N (50), --warmup N (5,000), --requests N (15,000), --stream (SSE answers),
 * --idle-ms N (settle time before each reading, 3,000), --no-pin (by default the gateway runs on CPU 1,
 * autocannon and the upstream on CPU 0, as in the peer bench), --modules (list what the gateway loaded into
 * <tmp>/modules-<run>.txt and print the count), --heap (write a heap snapshot after the load via
 * --heapsnapshot-signal; the harness only, the product has no endpoint for it), --cpu-prof (a V8 CPU profile of each
 * gateway run, warm-up included, written when it exits on SIGTERM; profiling inflates CPU per request).
 * Nothing of the product is changed to measure it: the gateway is `node <dist>/cli/main.js serve`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { chatRequestBody } from './chat-request.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLOCK_TICK_US = 10_000;

function parseArgs(argv) {
  const options = { dist: [], runs: 3, connections: 50, warmup: 5_000, requests: 15_000, stream: false, idleMs: 3_000, pin: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--dist') options.dist.push(resolve(value()));
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--connections') options.connections = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--requests') options.requests = Number(value());
    else if (arg === '--idle-ms') options.idleMs = Number(value());
    else if (arg === '--stream') options.stream = true;
    else if (arg === '--no-pin') options.pin = false;
    else if (arg === '--modules') options.modules = true;
    else if (arg === '--heap') options.heap = true;
    else if (arg === '--cpu-prof') options.cpuProf = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.dist.length === 0) options.dist.push(resolve('dist'));
  return options;
}

/** The peer bench's gatehouse-pass.yaml, with its three placeholders filled in. */
function passConfig(port, db, upstream) {
  return [
    'version: 1',
    `server: { host: 127.0.0.1, port: ${port} }`,
    'logging: { level: warn, exchanges: false }',
    `storage: { driver: sqlite, sqlite: { path: ${db} } }`,
    'providers:',
    `  up: { type: openai, baseUrl: ${upstream}, apiKey: env:GH_UPSTREAM_KEY }`,
    'models:',
    '  gpt-4o-mini: { provider: up, upstreamModel: gpt-4o-mini }',
    '',
  ].join('\n');
}

/** Fields of /proc/<pid>/status in MiB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}

/** User + system CPU of a process, all threads, in µs. */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
}

function start(name, command, args, { env = {}, cpu } = {}) {
  const [file, ...rest] = cpu === undefined ? [command, ...args] : ['taskset', '-c', cpu, command, ...args];
  const child = spawn(file, rest, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { name, child, output: () => output };
}

async function waitFor(handle, pattern, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(handle.output());
    if (match) return match;
    if (handle.child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`${handle.name} did not start:\n${handle.output()}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stop(handle) {
  if (handle.child.exitCode !== null) return;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), 10_000);
  await once(handle.child, 'exit');
  clearTimeout(timer);
}

function load(url, body, connections, amount) {
  return new Promise((resolveLoad, reject) => {
    autocannon(
      { url: `${url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, amount },
      (err, result) => (err ? reject(err) : resolveLoad(result)),
    );
  });
}

/** A loader hook that appends every module URL it loads (ES and, through the ESM loader, CommonJS) to a file. */
function moduleTracer(dir) {
  const hooks = join(dir, 'trace-hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.RSS_MODULES_FILE, url + '\\n'); return next(url, context); }\n`,
  );
  const register = join(dir, 'trace-register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
  return ['--import', register];
}

function countModules(file) {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean)).size;
  } catch {
    return 0;
  }
}

/** CommonJS files loaded by require() inside CommonJS, which the ES loader hook does not see. */
function cjsTracer(dir) {
  const file = join(dir, 'trace-cjs.cjs');
  writeFileSync(
    file,
    `const M = require('node:module'); const fs = require('node:fs'); const orig = M.prototype._compile;\nM.prototype._compile = function (content, filename) { fs.appendFileSync(process.env.RSS_MODULES_FILE, 'file://' + filename + '\\n'); return orig.call(this, content, filename); };\n`,
  );
  return ['--require', file];
}

async function oneRun(options, dist, run, dir, upstreamUrl) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const db = join(dir, `run-${run}.db`);
  const configFile = join(dir, `run-${run}.yaml`);
  writeFileSync(configFile, passConfig(port, db, upstreamUrl));
  const modulesFile = join(dir, `modules-${run}.txt`);
  const nodeArgs = [
    ...(options.modules ? [...moduleTracer(dir), ...cjsTracer(dir)] : []),
    ...(options.heap ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`] : []),
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
  ];
  const gateway = start('gateway', process.execPath, [...nodeArgs, join(dist, 'cli', 'main.js'), 'serve', '--config', configFile, '--no-watch'], {
    env: { GH_UPSTREAM_KEY: 'sk-bench', RSS_MODULES_FILE: modulesFile, GATEHOUSE_WORKERS: '1' },
    cpu: options.pin ? '1' : undefined,
  });
  try {
    await waitFor(gateway, /Gatehouse listening on (http:\/\/\S+)/);
    const url = `http://127.0.0.1:${port}`;
    const pid = gateway.child.pid;
    await sleep(options.idleMs);
    const idle = memory(pid);
    const body = chatRequestBody('gpt-4o-mini', options.stream);
    const warm = await load(url, body, options.connections, options.warmup);
    const cpuBefore = cpuUs(pid);
    const measured = await load(url, body, options.connections, options.requests);
    const cpuAfter = cpuUs(pid);
    await sleep(options.idleMs);
    const after = memory(pid);
    if (options.heap) {
      process.kill(pid, 'SIGUSR2');
      await sleep(5_000);
    }
    const failed = warm.non2xx + warm.errors + measured.non2xx + measured.errors;
    return {
      dist,
      idle,
      after,
      cpuUsPerRequest: (cpuAfter - cpuBefore) / measured.requests.total,
      // Completed requests over the measured wall time: autocannon's per-second average is coarse on a 10 s run.
      rps: measured.requests.total / measured.duration,
      failed,
      modules: options.modules ? countModules(modulesFile) : undefined,
    };
  } finally {
    await stop(gateway);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const f = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function line(r) {
  return [
    `idle rss ${f(r.idle.rss)} hwm ${f(r.idle.hwm)} anon ${f(r.idle.anon)} file ${f(r.idle.file)}`,
    `after rss ${f(r.after.rss)} hwm ${f(r.after.hwm)} anon ${f(r.after.anon)} file ${f(r.after.file)}`,
    `cpu ${f(r.cpuUsPerRequest, 0)} us/req`,
    `${f(r.rps, 0)} req/s`,
    ...(r.modules === undefined ? [] : [`${r.modules} modules`]),
    ...(r.failed ? [`${r.failed} FAILED`] : []),
  ].join(' | ');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(os.tmpdir(), 'rss-recording-'));
  if (options.pin) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const upstream = start('upstream', process.execPath, [join(HERE, 'fake-upstream.mjs')], { env: { BENCH_PORT: '0' }, cpu: options.pin ? '0' : undefined });
  const results = [];
  try {
    const [, port] = await waitFor(upstream, /"port":(\d+)/);
    const upstreamUrl = `http://127.0.0.1:${port}/v1`;
    console.log(
      `recording proxy, ${options.connections} connections, ${options.warmup} + ${options.requests} ${options.stream ? 'streamed' : 'JSON'} requests, MiB`,
    );
    for (let run = 0; run < options.runs; run++) {
      for (const dist of options.dist) {
        const result = await oneRun(options, dist, `${run}-${options.dist.indexOf(dist)}`, dir, upstreamUrl);
        results.push(result);
        console.log(`${options.dist.length > 1 ? `[${options.dist.indexOf(dist)}] ` : ''}${line(result)}`);
      }
    }
    for (const [i, dist] of options.dist.entries()) {
      const mine = results.filter((r) => r.dist === dist);
      const pick = (get) => median(mine.map(get));
      console.log(
        `median [${i}] ${dist}: idle rss ${f(pick((r) => r.idle.rss))} | after rss ${f(pick((r) => r.after.rss))} hwm ${f(pick((r) => r.after.hwm))} | cpu ${f(
          pick((r) => r.cpuUsPerRequest),
          0,
        )} us/req | ${f(
          pick((r) => r.rps),
          0,
        )} req/s`,
      );
    }
    if (options.modules || options.heap || options.cpuProf) console.log(`module lists / heap snapshots / CPU profiles in ${dir}`);
  } finally {
    await stop(upstream);
    if (!options.modules && !options.heap && !options.cpuProf) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
