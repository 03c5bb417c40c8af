import { usableCores } from '../core/cores.js';
import type { GatehouseConfig } from '../config/schema.js';

/** Where the number of workers came from, for the banner and error lines. */
export type WorkerCountSource = '--workers' | 'GATEHOUSE_WORKERS' | 'server.workers';

export type WorkerCount = { count: number; source: WorkerCountSource; auto: boolean; note?: string } | { error: string };

const MAX_WORKERS = 256;

/**
 * How many processes `serve` runs: `--workers`, else $GATEHOUSE_WORKERS, else server.workers; `auto` is one
 * per core this process can use (its CPU affinity, capped by a container's CPU quota: core/cores.ts). 1 is the plain single process. An in-memory SQLite database cannot be
 * shared between processes: `auto` then means 1, and an explicit number above 1 is an error.
 */
export function resolveWorkerCount(flag: string | undefined, env: NodeJS.ProcessEnv, config: GatehouseConfig, cores = usableCores()): WorkerCount {
  const [raw, source]: [string | number, WorkerCountSource] =
    flag !== undefined ? [flag, '--workers'] : env.GATEHOUSE_WORKERS ? [env.GATEHOUSE_WORKERS, 'GATEHOUSE_WORKERS'] : [config.server.workers, 'server.workers'];
  const text = String(raw).trim();
  const auto = text === 'auto';
  const count = auto ? Math.max(1, Math.min(cores, MAX_WORKERS)) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= MAX_WORKERS)) return { error: `gatehouse: ${source} must be auto or a whole number from 1 to ${MAX_WORKERS}, not "${text}".` };
  const inMemory = config.storage.driver === 'sqlite' && (config.storage.sqlite.path === ':memory:' || config.storage.sqlite.path === '');
  if (!inMemory || count === 1) return { count, source, auto };
  if (auto) return { count: 1, source, auto, note: 'one process: an in-memory SQLite database cannot be shared between processes' };
  return { error: `gatehouse: ${source} ${count} needs a database the workers can share; storage.sqlite.path is :memory:. Use a file, or --workers 1.` };
}
