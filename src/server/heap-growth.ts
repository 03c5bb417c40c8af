import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How far past its live size the old generation may grow before the next full collection, in percent. */
export const HEAP_GROWING_PERCENT = 20;

const OPERATOR_FLAG = /--heap[-_]growing[-_]percent/;

/**
 * Bounds the old generation's growth between full collections (V8's `--heap-growing-percent`). A proxy's
 * per-request objects still in flight at two scavenges are promoted and die in old space; V8's own factor,
 * sized for throughput on a machine with memory to spare, let that garbage reach about 1.8 times the live heap
 * under load, the largest part of the recording proxy's resident memory (issue 15, BENCHMARKS.md). Full
 * collections become more frequent; each costs the same. The flag is read at every full collection, so
 * setting it at start takes effect; an operator's own on node's command line wins (Node refuses it in NODE_OPTIONS,
 * which is still checked in case a later Node accepts it).
 * Returns whether this call set it.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (OPERATOR_FLAG.test(nodeOptions) || execArgv.some((arg) => OPERATOR_FLAG.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/**
 * One full collection once the gateway has started. The bound above applies from V8's first full collection;
 * until then the old generation grows up to V8's initial limit (hundreds of MB here), and a start whose loading
 * happened to need no full collection served its whole load without one (measured: 224 MB after load instead
 * of 179). Loading leaves its garbage behind too. `gc` is exposed for this one call, in a throwaway context.
 */
export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}

/** The largest semi-space the gateway lets V8 grow the young generation to, in MB (V8's own maximum here is 16). */
export const SEMI_SPACE_CAP_MB = 8;

const YOUNG_OPERATOR_FLAG = /--(?:max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;
const MB = 1024 * 1024;
let youngHeld = false;

/**
 * Keeps V8's young generation at its initial size while the gateway's modules load (`--semi-space-growth-factor=1`,
 * read at every scavenge). Loading grew both semi-spaces to V8's 16 MB maximum before the first request, and V8
 * never shrinks them again: 32 MB of the recording proxy's resident memory for the process's life (issue 15,
 * BENCHMARKS.md). `--max-semi-space-size` would bound them but is read only when the heap is created, so the
 * gateway holds them here and lets them grow to {@link SEMI_SPACE_CAP_MB} once it serves
 * ({@link growYoungGeneration}). An operator's own young-generation flag on node's command line or in
 * NODE_OPTIONS wins. Returns whether this call held it.
 */
export function holdYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (YOUNG_OPERATOR_FLAG.test(nodeOptions) || execArgv.some((arg) => YOUNG_OPERATOR_FLAG.test(arg))) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  youngHeld = true;
  return true;
}

/** Bytes the young generation's semi-spaces hold now (both of them: V8's `new_space`). */
export function youngGenerationBytes(): number {
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') return space.space_size;
  return 0;
}

/**
 * Lets a young generation held by {@link holdYoungGeneration} grow again, as V8 would (doubling when enough of it
 * survives scavenges), up to semi-spaces of `capMb`: the flag goes back to 1 after the first collection that finds
 * them there. Request handling allocates fast enough that 1 MB semi-spaces would promote much of its short-lived
 * garbage; 8 MB measured the same CPU per request as V8's 16 with 12 MB less resident memory after load.
 * Does nothing when the young generation was not held (an operator's flag).
 */
export function growYoungGeneration(capMb: number = SEMI_SPACE_CAP_MB): void {
  if (!youngHeld) return;
  youngHeld = false;
  const limit = 2 * capMb * MB;
  if (youngGenerationBytes() >= limit) return;
  setFlagsFromString('--semi-space-growth-factor=2');
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < limit) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
