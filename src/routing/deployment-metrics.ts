import { Gauge, type Registry } from 'prom-client';
import type { DeploymentHealth } from './health.js';

const STATES = ['closed', 'open', 'half_open'] as const;

/**
 * Deployment health on /metrics, read at scrape time from the breakers: the circuit state of every
 * deployment that has been called (1 for its current state, 0 for the others), consecutive failures, and
 * the latency average the balancer uses. Alert on `gatehouse_deployment_circuit{state="open"} == 1`.
 */
export function registerRoutingMetrics(registry: Registry, health: Pick<DeploymentHealth, 'snapshot'>): void {
  const circuit = new Gauge({
    name: 'gatehouse_deployment_circuit',
    help: 'Circuit breaker state per deployment: 1 for the current state',
    labelNames: ['deployment', 'state'],
    registers: [registry],
    collect: refresh,
  });
  const failures = new Gauge({
    name: 'gatehouse_deployment_consecutive_failures',
    help: 'Retryable failures in a row per deployment (the breaker opens at routing.circuitBreaker.failureThreshold)',
    labelNames: ['deployment'],
    registers: [registry],
  });
  const latency = new Gauge({
    name: 'gatehouse_deployment_latency_ewma_ms',
    help: 'Moving average of successful attempt latency per deployment, as the latency balancer sees it',
    labelNames: ['deployment'],
    registers: [registry],
  });
  function refresh(): void {
    for (const s of health.snapshot()) {
      for (const state of STATES) circuit.set({ deployment: s.id, state }, s.state === state ? 1 : 0);
      failures.set({ deployment: s.id }, s.consecutiveFailures);
      if (s.ewmaLatencyMs !== null) latency.set({ deployment: s.id }, s.ewmaLatencyMs);
    }
  }
}
