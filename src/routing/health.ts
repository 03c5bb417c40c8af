/**
 * Per-deployment health shared by every runtime of the process: a circuit breaker and the observed
 * latency of each deployment. It outlives configuration reloads, so a reload does not close an open
 * circuit; `retain` forgets deployments that are no longer configured.
 *
 * Breaker: closed → open after `failureThreshold` consecutive retryable failures → after `openMs`,
 * half-open: exactly one probe is let through while concurrent requests skip the deployment → the
 * probe's success closes the circuit, its failure opens it again. Outcomes that say nothing about the
 * deployment's health (a client abort, the upstream rejecting the request as invalid) are `release`d.
 */

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface BreakerPolicy {
  readonly failureThreshold: number;
  readonly openMs: number;
}

/** What an operator sees about one deployment. */
export interface DeploymentHealthSnapshot {
  id: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** When the circuit last opened, ms since epoch; null while it has never opened since it closed. */
  openedAt: number | null;
  /** True while a half-open probe is in flight. */
  probing: boolean;
  /** Exponentially weighted moving average of successful attempts' latency; null before the first. */
  ewmaLatencyMs: number | null;
  successes: number;
  failures: number;
}

/** The answer of `admit`: go (closed), go as the one half-open probe, or skip the deployment. */
export type Admission = 'closed' | 'probe' | 'refused';

export interface DeploymentHealth {
  /** Forgets deployments no longer configured. */
  retain(ids: ReadonlySet<string>): void;
  /** May an attempt go to this deployment now? A `probe` answer holds the half-open slot until an outcome. */
  admit(id: string, policy: BreakerPolicy): Admission;
  /** A successful attempt: closes the circuit and feeds the latency average. */
  success(id: string, latencyMs: number): void;
  /** A retryable failure (5xx, timeout, reset, 429, malformed answer). */
  failure(id: string, policy: BreakerPolicy): void;
  /** An attempt ended without saying anything about the deployment's health: frees a held probe slot. */
  release(id: string): void;
  /** Latency average in ms; undefined while unknown. */
  latency(id: string): number | undefined;
  /** The current state of a deployment (closed when never seen). */
  state(id: string, policy: BreakerPolicy): CircuitState;
  snapshot(): DeploymentHealthSnapshot[];
}

/** Weight of the newest sample in the latency average: recent enough to follow a slowdown within ~10 calls. */
const EWMA_ALPHA = 0.2;

interface Entry {
  consecutiveFailures: number;
  openedAt: number | null;
  probing: boolean;
  ewma: number | null;
  successes: number;
  failures: number;
  /** The open period of the last failure's policy, for the snapshot. */
  openMs: number;
}

export function createDeploymentHealth(options: { now?: () => number } = {}): DeploymentHealth {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function entryOf(id: string): Entry {
    let entry = entries.get(id);
    if (!entry) {
      entry = { consecutiveFailures: 0, openedAt: null, probing: false, ewma: null, successes: 0, failures: 0, openMs: 0 };
      entries.set(id, entry);
    }
    return entry;
  }

  return {
    retain(ids) {
      for (const id of entries.keys()) if (!ids.has(id)) entries.delete(id);
    },
    admit(id, policy) {
      return admit(entries.get(id), policy, now);
    },
    success(id, latencyMs) {
      recordSuccess(entryOf(id), latencyMs);
    },
    failure(id, policy) {
      recordFailure(entryOf(id), policy, now);
    },
    release(id) {
      const entry = entries.get(id);
      if (entry) entry.probing = false;
    },
    latency(id) {
      return entries.get(id)?.ewma ?? undefined;
    },
    state(id, policy) {
      return stateOf(entries.get(id), policy.openMs, now);
    },
    snapshot() {
      return [...entries].map(([id, e]) => snapshotOf(id, e, now));
    },
  };
}

function stateOf(entry: Entry | undefined, openMs: number, now: () => number): CircuitState {
  if (!entry || entry.openedAt === null) return 'closed';
  return now() - entry.openedAt >= openMs ? 'half_open' : 'open';
}

function admit(entry: Entry | undefined, policy: BreakerPolicy, now: () => number): Admission {
  const state = stateOf(entry, policy.openMs, now);
  if (state === 'closed') return 'closed';
  if (state === 'open' || (entry as Entry).probing) return 'refused';
  (entry as Entry).probing = true;
  return 'probe';
}

function recordSuccess(entry: Entry, latencyMs: number): void {
  entry.successes++;
  entry.consecutiveFailures = 0;
  entry.openedAt = null;
  entry.probing = false;
  entry.ewma = entry.ewma === null ? latencyMs : entry.ewma + EWMA_ALPHA * (latencyMs - entry.ewma);
}

function recordFailure(entry: Entry, policy: BreakerPolicy, now: () => number): void {
  entry.failures++;
  entry.consecutiveFailures++;
  entry.openMs = policy.openMs;
  const state = stateOf(entry, policy.openMs, now);
  // A failed probe re-opens at once; a closed circuit opens at the threshold. Failures of attempts
  // that were already in flight when it opened leave the open period as it was.
  if (entry.probing || (state === 'closed' && entry.consecutiveFailures >= policy.failureThreshold) || state === 'half_open') {
    entry.openedAt = now();
  }
  entry.probing = false;
}

function snapshotOf(id: string, e: Entry, now: () => number): DeploymentHealthSnapshot {
  return {
    id,
    state: stateOf(e, e.openMs, now),
    consecutiveFailures: e.consecutiveFailures,
    openedAt: e.openedAt,
    probing: e.probing,
    ewmaLatencyMs: e.ewma === null ? null : Math.round(e.ewma * 10) / 10,
    successes: e.successes,
    failures: e.failures,
  };
}
