import type { Exchange, RoutePlan } from '../../core/exchange.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import { firstDeployment, targetOf } from '../../routing/plan.js';
import type { CheckOutcome } from './checks.js';

/** A fallback model the caller may not invoke, taken out of the plan. */
export interface DroppedModel {
  model: string;
  reason: ReasonCode;
  policyId: string | undefined;
}

/** What checking a plan's fallback models found: the models dropped, and whether any deployment is left. */
export interface PlanCheck {
  /** Fallback models checked. */
  checked: number;
  dropped: DroppedModel[];
  /** The permitting policies of the fallbacks kept. */
  policyIds: string[];
  /** false: nothing in the plan may serve this caller. */
  servable: boolean;
}

const NONE: PlanCheck = Object.freeze({ checked: 0, dropped: [], policyIds: [], servable: true }) as PlanCheck;

/**
 * Checks every fallback model of the exchange's plan (the requested model, its first group, is checked by
 * the caller) with `check`, and, when `enforce`, takes out the groups of those the caller may not invoke:
 * a fallback is a model like any other, and a caller that could not ask for it by name must not be served
 * by it either. The exchange's plan is replaced, never edited (resolve-model caches plans across requests),
 * and its target moves to the first deployment left when the one it named was dropped.
 */
export function authorizeFallbacks(exchange: Exchange, check: (model: string) => CheckOutcome, enforce: boolean): PlanCheck {
  const plan = exchange.plan;
  if (!plan || plan.groups.length < 2) return NONE;
  const dropped: DroppedModel[] = [];
  const policyIds: string[] = [];
  for (let i = 1; i < plan.groups.length; i++) {
    const model = (plan.groups[i] as RoutePlan['groups'][number]).model;
    const outcome = check(model);
    if (outcome.allowed) policyIds.push(...outcome.policyIds);
    else dropped.push({ model, reason: outcome.reason, policyId: outcome.policyId });
  }
  if (dropped.length === 0 || !enforce) return { checked: plan.groups.length - 1, dropped, policyIds, servable: true };
  const groups = plan.groups.filter((g, i) => i === 0 || !dropped.some((d) => d.model === g.model));
  const kept: RoutePlan = { ...plan, groups };
  const first = firstDeployment(kept);
  if (!first) return { checked: plan.groups.length - 1, dropped, policyIds, servable: false };
  exchange.plan = kept;
  if (!groups.some((g) => g.deployments.some((d) => d.id === exchange.target?.deploymentId)))
    exchange.target = targetOf((groups[0] as RoutePlan['groups'][number]).model, first);
  return { checked: plan.groups.length - 1, dropped, policyIds, servable: true };
}

/** `fallback gpt-4o dropped (environment_isolation)`: the trace note naming each dropped model and why. */
export function droppedNote(dropped: readonly DroppedModel[], enforce: boolean): string {
  const verb = enforce ? 'dropped' : 'would be dropped';
  return dropped.map((d) => `fallback ${d.model} ${verb} (${d.reason}${d.policyId ? ` ${d.policyId}` : ''})`).join('; ');
}
