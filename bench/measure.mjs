/**
 * Runs one scenario against every target under the same conditions: each target is warmed up, then the
 * measured time is cut into slices run in alternating order (A B C, C B A, ...), so a burst of foreign
 * load on the shared cores lands on all targets alike instead of on whichever ran last.
 * Around every slice it reads the CPU time of each process and of the machine.
 */
import { cpuMs, machineCpuMs, rssMiB, tail } from './children.mjs';
import { API_REQUESTS } from './chat-request.mjs';
import { mergeRuns, runPaced, runSaturated } from './load.mjs';
import { BENCH_MODEL } from './targets.mjs';

const RSS_SAMPLE_MS = 200;
/** Foreign CPU (cores) above which the machine counts as busy with other work. */
const QUIET_CORES = 0.25;
const QUIET_SAMPLE_MS = 250;
const FOREIGN_REDO_CORES = 0.3;

/** The load of one scenario against one target, for a duration. */
function loader(scenario, settings) {
  const api = API_REQUESTS[scenario.api ?? 'chat'];
  const body = api.body(BENCH_MODEL, scenario.stream);
  const path = api.path;
  return (target, durationMs) =>
    scenario.mode === 'paced'
      ? runPaced({ origin: target.origin, path, body, rate: settings.rate, durationMs })
      : runSaturated({ origin: target.origin, path, body, connections: settings.connections, durationMs });
}

/**
 * Each target under the scenario's load for the warm-up time, unmeasured. The run calls it for every
 * scenario before the first is measured too: a fresh process is slower for its first seconds (code not yet
 * optimised, the heap still growing to its working size), and without that the first scenario of a run
 * paid for it, whichever it was.
 */
export async function warmUp(scenario, targets, settings, log) {
  const load = loader(scenario, settings);
  for (const target of targets) {
    log(`  ${scenario.id}: warm-up ${target.name} ${settings.warmupMs / 1000}s`);
    await load(target, settings.warmupMs);
  }
}

/**
 * @param scenario {id, title, mode: 'paced' | 'saturated', stream: boolean, api?: 'chat' | 'messages' | 'responses'}
 * @param targets  started targets ({name, label, origin, handle})
 * @param processes the handles of every child process of the bench (CPU accounting, liveness)
 * @param settings {rate, connections, durationMs, warmupMs, slices, redos, quietWaitMs}
 * @param patience {remainingMs}: time the whole run may still spend waiting for quiet or redoing slices
 * @param log      progress lines
 */
export async function runScenario(scenario, targets, processes, settings, patience, log) {
  const load = loader(scenario, settings);
  await warmUp(scenario, targets, settings, log);

  const slices = new Map(targets.map((t) => [t.name, []]));
  const accounts = new Map(targets.map((t) => [t.name, emptyAccount()]));
  const sliceMs = Math.max(500, Math.round(settings.durationMs / settings.slices));
  for (let i = 0; i < settings.slices; i++) {
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const account = accounts.get(target.name);
      for (let attempt = 0; ; attempt++) {
        const waited = await waitForQuiet(processes, Math.min(settings.quietWaitMs, patience.remainingMs));
        account.quietWaitMs += waited;
        patience.remainingMs -= waited;
        const before = snapshot(processes);
        const rss = sampleRss(target.handle.pid);
        const run = await load(target, sliceMs);
        const peak = rss.stop();
        const after = snapshot(processes);
        const dead = processes.find((p) => p.exited);
        if (dead) throw new Error(`${dead.name} exited during ${scenario.id} (${JSON.stringify(dead.exited)}):\n${tail(dead)}`);
        const foreign = foreignCores(before, after);
        const failed = run.non2xx + run.errors + (run.timeouts ?? 0) > 0;
        const line = `${scenario.id}: ${target.name} slice ${i + 1}/${settings.slices}: ${run.rps.toFixed(0)} req/s, p50 ${run.latency.p50.toFixed(3)} ms, non-2xx ${run.non2xx}, errors ${run.errors + (run.timeouts ?? 0)}, foreign load ${foreign.toFixed(2)} cores`;
        // A slice disturbed by other work is run again, but never one with failures: those always count.
        if (foreign > FOREIGN_REDO_CORES && attempt < settings.redos && !failed && patience.remainingMs >= sliceMs) {
          account.redone++;
          patience.remainingMs -= sliceMs;
          log(`  ${line}: disturbed, run again`);
          continue;
        }
        slices.get(target.name).push(run);
        addSlice(account, before, after, target, peak);
        log(`  ${line}`);
        break;
      }
    }
  }

  const results = {};
  for (const target of targets) {
    const merged = mergeRuns(slices.get(target.name));
    results[target.name] = { ...merged, ...finishAccount(accounts.get(target.name), merged) };
  }
  return {
    scenario,
    settings: { ...settings, sliceMs },
    bodyBytes: Buffer.byteLength(API_REQUESTS[scenario.api ?? 'chat'].body(BENCH_MODEL, scenario.stream)),
    results,
  };
}

function snapshot(processes) {
  const perPid = {};
  for (const p of processes) perPid[p.name] = cpuMs(p.pid);
  const self = process.cpuUsage();
  return { at: performance.now(), perPid, selfMs: (self.user + self.system) / 1000, machine: machineCpuMs() };
}

/** CPU ms a process used between two snapshots; 0 when it was gone at either end. */
function cpuDelta(before, after, name) {
  return before.perPid[name] == null || after.perPid[name] == null ? 0 : after.perPid[name] - before.perPid[name];
}

/** CPU time of the machine not spent by the bench's processes between two snapshots, in cores. */
function foreignCores(before, after) {
  const ours = Object.keys(after.perPid).reduce((n, name) => n + cpuDelta(before, after, name), 0) + after.selfMs - before.selfMs;
  return Math.max(0, (after.machine.busy - before.machine.busy - ours) / (after.at - before.at));
}

/**
 * Wait (at most `maxMs`) until other work on the machine uses less than QUIET_CORES, judged over
 * QUIET_SAMPLE_MS windows; returns the time waited beyond the first window.
 */
async function waitForQuiet(processes, maxMs) {
  for (let waited = 0; ; waited += QUIET_SAMPLE_MS) {
    const before = snapshot(processes);
    await new Promise((r) => setTimeout(r, QUIET_SAMPLE_MS));
    if (waited >= maxMs || foreignCores(before, snapshot(processes)) < QUIET_CORES) return waited;
  }
}

function emptyAccount() {
  return { redone: 0, quietWaitMs: 0, wallMs: 0, perPid: {}, selfMs: 0, machineBusyMs: 0, machineTotalMs: 0, rssPeakMiB: null, rssEndMiB: null };
}

function addSlice(account, before, after, target, rssPeak) {
  account.wallMs += after.at - before.at;
  for (const name of Object.keys(after.perPid)) account.perPid[name] = (account.perPid[name] ?? 0) + cpuDelta(before, after, name);
  account.selfMs += after.selfMs - before.selfMs;
  account.machineBusyMs += after.machine.busy - before.machine.busy;
  account.machineTotalMs += after.machine.total - before.machine.total;
  account.targetName = target.handle.name;
  account.rssPeakMiB = Math.max(account.rssPeakMiB ?? 0, rssPeak ?? 0);
  account.rssEndMiB = rssMiB(target.handle.pid);
}

/** CPU figures in "cores" (CPU ms per wall ms) and per request; foreign = machine busy minus our processes. */
function finishAccount(account, merged) {
  const ours = Object.values(account.perPid).reduce((s, v) => s + v, 0) + account.selfMs;
  const cores = (ms) => ms / account.wallMs;
  const targetMs = account.perPid[account.targetName] ?? 0;
  return {
    cpu: {
      targetCores: cores(targetMs),
      targetUsPerReq: merged.ok ? (targetMs * 1000) / merged.ok : NaN,
      loaderCores: cores(account.selfMs),
      machineBusyCores: cores(account.machineBusyMs),
      foreignCores: Math.max(0, cores(account.machineBusyMs - ours)),
      redone: account.redone,
      quietWaitS: account.quietWaitMs / 1000,
      processCores: Object.fromEntries(Object.entries(account.perPid).map(([name, ms]) => [name, cores(ms)])),
    },
    rss: { peakMiB: account.rssPeakMiB, endMiB: account.rssEndMiB },
  };
}

function sampleRss(pid) {
  let peak = rssMiB(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid) ?? 0);
  }, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid) ?? 0);
    },
  };
}
