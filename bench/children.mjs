/**
 * The processes under test: started as children, waited for, and always stopped (exit, error, Ctrl-C).
 * Also reads /proc for their memory (VmRSS) and CPU time, and the whole machine's CPU time, so a run
 * can say how much of the 2 shared cores went to each process and how much to foreign load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

const children = new Set();
const CLOCK_TICKS_MS = 10; // USER_HZ is 100 on Linux, so /proc CPU times are in 10 ms ticks.

/**
 * Where the processes run. With `pin`, the load generator (this process) gets CPU 0 and every server
 * (upstream, proxy, Gatehouse) the other CPUs: the generator then never competes with the server it
 * measures, which on 2 cores removed most of the run-to-run variance. With `nice` < 0, all bench
 * processes outrank other work on the machine (needs CAP_SYS_NICE; skipped with a note otherwise).
 * Returns the command prefix for children (`taskset` and `nice` exec in place, so pids stay the same).
 */
export function placeProcesses({ pin, nice }) {
  const notes = [];
  const prefix = [];
  const cores = os.availableParallelism();
  if (pin && cores >= 2) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
      prefix.push('taskset', '-c', `1-${cores - 1}`);
      notes.push(`load generator pinned to CPU 0, servers to CPU ${cores === 2 ? '1' : `1-${cores - 1}`}`);
    } catch {
      notes.push('not pinned (taskset failed)');
    }
  } else {
    notes.push('not pinned');
  }
  if (nice < 0) {
    try {
      for (const tid of readdirSync('/proc/self/task')) os.setPriority(Number(tid), nice);
      prefix.push('nice', '-n', String(nice));
      notes.push(`all bench processes at nice ${nice}`);
    } catch {
      notes.push(`normal priority (nice ${nice} not permitted)`);
    }
  }
  return { prefix, description: notes.join('; ') };
}

/** Start a child; `readyLine` children print one JSON line `{"ready":true,"port":N}` when listening. */
export function startChild(name, command, args, { env = {}, ipc = false, prefix = [] } = {}) {
  const [file, ...rest] = prefix.length ? [...prefix, command, ...args] : [command, ...args];
  const child = spawn(file, rest, {
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  // Pipes to a child are synchronous on Linux: always drain them or the child blocks on write.
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const handle = { name, child, pid: child.pid, output, exited: null };
  child.on('exit', (code, signal) => {
    handle.exited = { code, signal };
    children.delete(handle);
  });
  children.add(handle);
  return handle;
}

/** Resolve with the port a child announces on stdout; reject if it exits or stays silent. */
export function waitForReadyLine(handle, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => done(new Error(`${handle.name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const msg = JSON.parse(line);
          if (msg.ready) return done(null, msg.port);
        } catch {
          // a partial line: wait for more
        }
      }
    };
    const onExit = () => done(new Error(`${handle.name} exited before it was ready:\n${tail(handle)}`));
    function done(err, port) {
      clearTimeout(timer);
      handle.child.stdout.off('data', onData);
      handle.child.off('exit', onExit);
      if (err) reject(err);
      else resolve(port);
    }
    handle.child.stdout.on('data', onData);
    handle.child.on('exit', onExit);
  });
}

/** Poll `url` until it answers 200; reject if the child exits first or time runs out. */
export async function waitForHttpOk(handle, url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (handle.exited) throw new Error(`${handle.name} exited (${JSON.stringify(handle.exited)}) before it was ready:\n${tail(handle)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${handle.name} did not answer ${url} within ${timeoutMs} ms (${lastError}):\n${tail(handle)}`);
}

/** The last lines a child wrote, for error messages. */
export function tail(handle, lines = 30) {
  return handle.output.join('').split('\n').slice(-lines).join('\n');
}

/** A port that was free a moment ago (for children that need it in their configuration). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Stop every child still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 3000) {
  const running = [...children];
  for (const h of running) h.child.kill('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const h of children) h.child.kill('SIGKILL');
}

/** Last resort on process exit (synchronous context): kill whatever is left. */
export function killAllNow() {
  for (const h of children) {
    try {
      h.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Resident set size of a process in MiB, or null if it is gone. */
export function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** User+system CPU time of a process (all its threads) in ms, or null if it is gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICKS_MS;
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine, in ms summed over all cores. */
export function machineCpuMs() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy * CLOCK_TICKS_MS, total: (busy + idle + iowait) * CLOCK_TICKS_MS };
}
