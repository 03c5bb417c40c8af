import { stricter, type PolicyDecision } from '../../guardrails/policy.js';

/**
 * A released request (a person approved exactly this request): its require_approval findings stand as
 * recorded but no longer hold it, so the decision is the strictest of the other findings. A block still
 * refuses and a redaction is still applied.
 */
export function releaseApproval(decision: PolicyDecision): void {
  if (decision.action !== 'require_approval') return;
  let action: PolicyDecision['action'] = 'allow';
  for (const f of [...decision.findings, ...decision.omitted]) if (f.action !== 'require_approval') action = stricter(action, f.action);
  decision.action = action;
}
