/**
 * Per-deployment health shared by every runtime of the process (IN PROGRESS, issue 6): circuit breakers
 * and observed latency. It outlives configuration reloads so a reload does not close an open circuit.
 */
export interface DeploymentHealth {
  /** Forgets deployments no longer configured. */
  retain(ids: ReadonlySet<string>): void;
}

export function createDeploymentHealth(): DeploymentHealth {
  return { retain: () => undefined };
}
