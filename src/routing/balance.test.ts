import { describe, expect, it } from 'vitest';
import { EXPLORATION, latencyWeights, orderDeployments } from './balance.js';
import type { Deployment } from './model-registry.js';

/** mulberry32: a small seeded generator, so the shares below are the same on every run. */
class SeededRandom {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

function deployment(id: string, weight = 1): Deployment {
  return {
    id,
    model: 'm',
    version: '1',
    providerId: id,
    providerType: 'openai',
    upstreamModel: 'u',
    region: null,
    residency: [],
    pricing: null,
    contextWindow: null,
    status: null,
    selection: null,
    weight,
  };
}

const A = deployment('a', 3);
const B = deployment('b', 1);
const C = deployment('c', 1);

/** How often each deployment comes first over many seeded draws. */
function firstShares(balance: 'weighted' | 'latency', latency: Record<string, number> = {}, draws = 4_000): Record<string, number> {
  const rng = new SeededRandom(42);
  const counts: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const first = orderDeployments(
      [A, B, C],
      balance,
      (id) => latency[id],
      () => rng.next(),
    )[0] as Deployment;
    counts[first.id] = (counts[first.id] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, n / draws]));
}

describe('balancing', () => {
  it('ordered keeps configuration order', () => {
    expect(orderDeployments([A, B, C], 'ordered', () => undefined).map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('every order is a permutation of the group', () => {
    const rng = new SeededRandom(7);
    for (let i = 0; i < 200; i++) {
      const ids = orderDeployments(
        [A, B, C],
        i % 2 ? 'weighted' : 'latency',
        () => undefined,
        () => rng.next(),
      ).map((d) => d.id);
      expect([...ids].sort()).toEqual(['a', 'b', 'c']);
    }
  });

  it('weighted picks first in proportion to weight (3:1:1)', () => {
    const shares = firstShares('weighted');
    expect(shares.a).toBeGreaterThan(0.5);
    expect(shares.a).toBeLessThan(0.7);
    expect(shares.b).toBeGreaterThan(0.12);
    expect(shares.c).toBeGreaterThan(0.12);
  });

  it('latency favours the fast deployment but keeps exploring the slow ones', () => {
    // a is 20 times slower than b and c: its weight 3 becomes 3 × (0.9/20 + 0.1) ≈ 0.44 against ≈ 1 each.
    const shares = firstShares('latency', { a: 2_000, b: 100, c: 100 });
    expect(shares.a).toBeGreaterThan(0.08);
    expect(shares.a).toBeLessThan(0.3);
    expect(shares.b).toBeGreaterThan(0.3);
    expect(shares.c).toBeGreaterThan(0.3);
  });

  it('latency weights: unknown latency counts as fastest; equal latency is plain weights', () => {
    expect(latencyWeights([A, B], () => undefined)).toEqual([3, 1]);
    expect(latencyWeights([A, B], () => 50)).toEqual([3, 1]);
    const [fast, slow] = latencyWeights([B, C], (id) => (id === 'b' ? 10 : 1_000));
    expect(fast).toBeCloseTo(1);
    expect(slow).toBeCloseTo(0.9 * 0.01 + EXPLORATION);
  });
});
