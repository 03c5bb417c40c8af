import type { Deployment, RoutingPolicy } from './model-registry.js';

/**
 * The order in which one group's deployments are tried: the first is the balancer's choice, the rest
 * are where retries move on to. Pure given `random`, so tests can seed it.
 *
 * - `ordered`: configuration order.
 * - `weighted`: a random order drawn by weight (heavier deployments come first more often).
 * - `latency`: as weighted, with each weight scaled by how much slower than the fastest the deployment
 *   has been (EWMA of successful attempts). A share of every weight (EXPLORATION) is kept whatever the
 *   latency, so a deployment that was slow and recovered still gets traffic and its average can fall.
 *   A deployment with no latency yet counts as the fastest, so it gets measured.
 */
export function orderDeployments(
  deployments: readonly Deployment[],
  balance: RoutingPolicy['balance'],
  latencyOf: (id: string) => number | undefined,
  random: () => number = Math.random,
): Deployment[] {
  if (balance === 'ordered' || deployments.length < 2) return [...deployments];
  const weights = balance === 'weighted' ? deployments.map((d) => d.weight) : latencyWeights(deployments, latencyOf);
  return weightedOrder(deployments, weights, random);
}

/** Share of a deployment's weight it keeps however slow it has been. */
export const EXPLORATION = 0.1;

/** Weight × ((1 − EXPLORATION) × fastest / own latency + EXPLORATION). */
export function latencyWeights(deployments: readonly Deployment[], latencyOf: (id: string) => number | undefined): number[] {
  const latencies = deployments.map((d) => latencyOf(d.id));
  let fastest = Infinity;
  for (const l of latencies) if (l !== undefined && l < fastest) fastest = l;
  return deployments.map((d, i) => {
    const own = latencies[i];
    // Below a millisecond, loopback noise would decide; treat it as a millisecond.
    const speed = own === undefined || fastest === Infinity ? 1 : Math.max(fastest, 1) / Math.max(own, 1);
    return d.weight * ((1 - EXPLORATION) * speed + EXPLORATION);
  });
}

/** Sampling without replacement, each pick proportional to the remaining weights. */
function weightedOrder(deployments: readonly Deployment[], weights: number[], random: () => number): Deployment[] {
  const pool = deployments.map((d, i) => ({ d, w: weights[i] as number }));
  const order: Deployment[] = [];
  while (pool.length > 0) {
    let total = 0;
    for (const item of pool) total += item.w;
    let pick = random() * total;
    let index = 0;
    while (index < pool.length - 1 && pick >= (pool[index] as { w: number }).w) {
      pick -= (pool[index] as { w: number }).w;
      index++;
    }
    order.push((pool.splice(index, 1)[0] as { d: Deployment }).d);
  }
  return order;
}
