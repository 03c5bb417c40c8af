import { setFlagsFromString } from 'node:v8';
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
