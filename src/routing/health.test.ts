import { describe, expect, it } from 'vitest';
import { createDeploymentHealth } from './health.js';

const POLICY = { failureThreshold: 3, openMs: 1_000 };

/** A health registry on a hand-driven clock: no sleeping, no timing. */
function harness() {
  let now = 10_000;
  const health = createDeploymentHealth({ now: () => now });
  return { health, advance: (ms: number) => void (now += ms), now: () => now };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold and resets the count on a success', () => {
    const { health } = harness();
    health.failure('a', POLICY);
    health.failure('a', POLICY);
    health.success('a', 20);
    health.failure('a', POLICY);
    health.failure('a', POLICY);
    expect(health.state('a', POLICY)).toBe('closed');
    expect(health.admit('a', POLICY)).toBe('closed');
  });

  it('opens after failureThreshold consecutive failures and refuses while open', () => {
    const { health, advance, now } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    expect(health.state('a', POLICY)).toBe('open');
    expect(health.admit('a', POLICY)).toBe('refused');
    advance(999);
    expect(health.admit('a', POLICY)).toBe('refused');
    expect(health.snapshot()).toEqual([
      { id: 'a', state: 'open', consecutiveFailures: 3, openedAt: now() - 999, probing: false, ewmaLatencyMs: null, successes: 0, failures: 3 },
    ]);
  });

  it('half-open lets exactly one probe through; its success closes the circuit', () => {
    const { health, advance } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    advance(1_000);
    expect(health.state('a', POLICY)).toBe('half_open');
    expect(health.admit('a', POLICY)).toBe('probe');
    expect(health.admit('a', POLICY)).toBe('refused');
    expect(health.admit('a', POLICY)).toBe('refused');
    health.success('a', 50);
    expect(health.state('a', POLICY)).toBe('closed');
    expect(health.admit('a', POLICY)).toBe('closed');
    expect(health.snapshot()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null, successes: 1, failures: 3 });
  });

  it('a failed probe re-opens the circuit for another openMs', () => {
    const { health, advance } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    advance(1_500);
    expect(health.admit('a', POLICY)).toBe('probe');
    health.failure('a', POLICY);
    expect(health.state('a', POLICY)).toBe('open');
    advance(999);
    expect(health.admit('a', POLICY)).toBe('refused');
    advance(1);
    expect(health.admit('a', POLICY)).toBe('probe');
  });

  it('a released probe (client abort, upstream 4xx) frees the slot without changing the state', () => {
    const { health, advance } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    advance(1_000);
    expect(health.admit('a', POLICY)).toBe('probe');
    health.release('a');
    expect(health.state('a', POLICY)).toBe('half_open');
    expect(health.admit('a', POLICY)).toBe('probe');
  });

  it('a late failure of an attempt already in flight keeps the open period as it was', () => {
    const { health, advance, now } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    const openedAt = now();
    advance(500);
    health.failure('a', POLICY);
    expect(health.snapshot()[0]?.openedAt).toBe(openedAt);
  });

  it('deployments are independent, and retain forgets unknown ones', () => {
    const { health } = harness();
    for (let i = 0; i < 3; i++) health.failure('a', POLICY);
    health.success('b', 10);
    expect(health.admit('b', POLICY)).toBe('closed');
    health.retain(new Set(['b']));
    expect(health.admit('a', POLICY)).toBe('closed');
    expect(health.snapshot().map((s) => s.id)).toEqual(['b']);
  });
});

describe('latency average', () => {
  it('starts at the first sample and moves a fifth of the way to each new one', () => {
    const { health } = harness();
    expect(health.latency('a')).toBeUndefined();
    health.success('a', 100);
    expect(health.latency('a')).toBe(100);
    health.success('a', 200);
    expect(health.latency('a')).toBeCloseTo(120);
    health.failure('a', POLICY);
    expect(health.latency('a')).toBeCloseTo(120);
  });
});
