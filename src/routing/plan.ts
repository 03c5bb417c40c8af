import type { ControlView } from '../control/state.js';
import type { Exchange, RoutePlan } from '../core/exchange.js';
import type { Deployment, ModelEntry } from './model-registry.js';

/** The version a model serves now: the promoted one while it still exists in configuration, else the default. */
export function activeVersion(entry: ModelEntry, controls: ControlView | undefined): string {
  const promoted = controls?.activeVersion(entry.name);
  return promoted !== undefined && entry.versions.has(promoted) ? promoted : entry.defaultVersion;
}

/** The exchange's target while a deployment serves it: the logical name stays the one the client asked for. */
export function targetOf(name: string, d: Deployment): NonNullable<Exchange['target']> {
  return {
    name,
    providerId: d.providerId,
    providerType: d.providerType,
    upstreamModel: d.upstreamModel,
    version: d.version,
    deploymentId: d.id,
    pricing: d.pricing,
  };
}

/** The first deployment a plan would call, if any is left in it. */
export function firstDeployment(plan: RoutePlan): Deployment | undefined {
  for (const group of plan.groups) if (group.deployments.length > 0) return group.deployments[0];
  return undefined;
}

export interface PlanPrice {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
}

/**
 * The price a reservation must assume for a plan: any of its deployments may end up serving (a fallback,
 * a retry on another deployment), so input and output prices are each the highest in the plan. Unpriced
 * deployments count as free, which leaves the price null only when no deployment of the plan has one.
 */
export function worstCasePrice(plan: RoutePlan): PlanPrice | null {
  let input = 0;
  let output = 0;
  let priced = false;
  for (const group of plan.groups) {
    for (const d of group.deployments) {
      if (!d.pricing) continue;
      priced = true;
      if (d.pricing.inputPerMillionUsd > input) input = d.pricing.inputPerMillionUsd;
      if (d.pricing.outputPerMillionUsd > output) output = d.pricing.outputPerMillionUsd;
    }
  }
  return priced ? { inputPerMillionUsd: input, outputPerMillionUsd: output } : null;
}
