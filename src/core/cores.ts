import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/**
 * The cores this process can really use: its CPU affinity (os.availableParallelism) capped by a container's
 * CPU quota, which Node does not read. A pod limited to 2 CPUs on a 64-core host gets 2, not 64, so
 * `server.workers: auto` and `storage.sqlite.writerThread: auto` size themselves to the quota. A fractional
 * quota rounds up (1.5 CPUs: 2); no quota, or an unreadable one, leaves the affinity count.
 */
export function usableCores(cgroupRoot = '/sys/fs/cgroup'): number {
  const affinity = availableParallelism();
  const quota = cgroupQuotaCores(cgroupRoot);
  return quota === undefined ? affinity : Math.max(1, Math.min(affinity, quota));
}

/** CPUs the cgroup quota allows (cgroup v2 `cpu.max`, else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`); undefined when unlimited or absent. */
export function cgroupQuotaCores(root: string): number | undefined {
  const v2 = readText(join(root, 'cpu.max'));
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/);
    return coresOf(quota, period);
  }
  return coresOf(readText(join(root, 'cpu', 'cpu.cfs_quota_us'))?.trim(), readText(join(root, 'cpu', 'cpu.cfs_period_us'))?.trim());
}

function coresOf(quota: string | undefined, period: string | undefined): number | undefined {
  if (quota === undefined || quota === 'max' || quota === '-1') return undefined;
  const q = Number(quota);
  const p = Number(period ?? 100_000);
  if (!(q > 0) || !(p > 0)) return undefined;
  return Math.ceil(q / p);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
