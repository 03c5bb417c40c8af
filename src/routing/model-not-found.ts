import type { Exchange } from '../core/exchange.js';
import type { Principal } from '../identity/types.js';
import { pushTrace } from '../core/pipeline.js';
import type { ReasonCode } from '../core/reason-codes.js';
import { respond, type Respond } from '../core/stage.js';

/**
 * The one message for a model the caller cannot reach, whether it is not configured, its policies deny it,
 * it is reserved for another environment, or no deployment of it is approved for the caller: a caller
 * cannot tell them apart, so it cannot probe what exists beyond its grants (GET /v1/models hides the same).
 */
export function modelNotFoundMessage(requested: string): string {
  return `The model '${requested.length > 64 ? `${requested.slice(0, 64)}…` : requested}' does not exist or you do not have access to it.`;
}

/** Why a model was hidden: the real reason and policy, for the record's trace only. */
export interface HiddenCause {
  reason: ReasonCode;
  policyId?: string | undefined;
  note: string;
}

/**
 * Refuses a model the caller may not reach as `model_not_found`, the answer for an unknown model, while the
 * trace keeps the real cause for auditors: an entry of the deciding stage with the real reason and policy,
 * before the runner's own entry for the refusal. `enforce: false` (shadow) marks that entry as such.
 */
export function hiddenModelRefusal(exchange: Exchange, stage: string, cause: HiddenCause, enforce = true): Respond {
  pushTrace(exchange, {
    stage,
    phase: 'request',
    verdict: enforce ? 'respond' : 'shadow',
    reason: cause.reason,
    policyId: cause.policyId,
    durationUs: 0,
    note: cause.note,
  });
  return respond('model_not_found', modelNotFoundMessage(exchange.request.body.model ?? ''), { param: 'model', policyId: cause.policyId });
}

/** Whether a caller may invoke a model (Cedar invoke_model with the model's environments), and if not why. */
export type ModelGate = (principal: Principal, model: string) => { allowed: true } | { allowed: false; reason: ReasonCode; policyId: string | undefined };
