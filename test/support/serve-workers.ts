import type { ChildProcess } from 'node:child_process';
import { Pool } from 'undici';
import { spawnCli } from './cli.js';

/**
 * `gatehouse serve --workers N` run as an operator runs it, for the cluster end-to-end tests. Which worker
 * served an exchange is read from the logs (each worker's lines carry `worker`), never from anything a
 * client sees.
 */
export interface LogLine {
  msg?: string;
  worker?: number;
  role?: string;
  pid?: number;
  requestId?: string;
}

export interface ServedBurst {
  status: number;
  id: string;
  reason?: string | undefined;
}

export class ServeWorkers {
  readonly child: ChildProcess;
  output = '';
  url = '';

  constructor(args: readonly string[], cwd: string) {
    this.child = spawnCli(['serve', ...args], { cwd });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Resolves with the URL of the banner. */
  async started(): Promise<string> {
    this.url = await this.until(() => /listening on (http:\/\/\S+)/.exec(this.output)?.[1], 'the listening banner');
    return this.url;
  }

  logLines(): LogLine[] {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** The workers whose exchange log lines name the requests, once every request has its line. */
  async workersOf(requests: readonly ServedBurst[]): Promise<Set<number | undefined>> {
    const find = () => {
      const byId = new Map(this.logLines().flatMap((l) => (l.msg === 'exchange' && l.requestId ? [[l.requestId, l.worker] as const] : [])));
      const workers = requests.map((r) => byId.get(r.id));
      return workers.includes(undefined) ? undefined : new Set(workers);
    };
    return this.until(find, 'the exchange log lines');
  }

  /** Worker pid by slot, from the latest `worker serving` line of each. */
  workerPids(): Map<number, number> {
    const pids = new Map<number, number>();
    for (const line of this.logLines()) if (line.msg === 'worker serving' && line.worker && line.pid) pids.set(line.worker, line.pid);
    return pids;
  }

  /** `n` chat requests at once over `connections` connections (the primary deals connections to the workers in turn). */
  async burst(n: number, model: string, options: { connections?: number; token?: string } = {}): Promise<ServedBurst[]> {
    const pool = new Pool(this.url, { connections: options.connections ?? 12, pipelining: 1 });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    try {
      return await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const body = JSON.stringify({ model, messages: [{ role: 'user', content: `hello ${i}` }] });
          const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers, body });
          const answer = (await res.body.json()) as { error?: { code?: string } };
          return { status: res.statusCode, id: String(res.headers['x-gatehouse-request-id']), reason: answer.error?.code };
        }),
      );
    } finally {
      await pool.close();
    }
  }

  /** Polls `probe` until it gives a value; fails with the output so far if the gateway exits or it never does. */
  async until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 600; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; output so far:\n${this.output}`);
  }

  /** SIGTERM to the primary; resolves with its exit code. */
  async terminate(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }

  /** Kills whatever is left (after a failed test). */
  kill(): void {
    for (const pid of [...this.workerPids().values(), this.child.pid]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
