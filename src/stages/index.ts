import type { Stage } from '../core/stage.js';
import { createResolveModelStage, type ModelEntry } from './resolve-model/index.js';
import { createValidateRequestStage } from './validate-request/index.js';

export interface StageDeps {
  models: ReadonlyMap<string, ModelEntry>;
}

/**
 * THE stage list, in request order (response stages run in reverse). docs/lifecycle.md draws it.
 * Configuration tunes stages; it cannot reorder them or drop the security ones. New capabilities
 * add their stage here, at its documented position, without touching the pipeline core.
 */
export function buildStages(deps: StageDeps): Stage[] {
  return [
    createValidateRequestStage(),
    // authenticate, authorize (workload identity)          -> issue 3
    createResolveModelStage(deps.models),
    // limits, input guardrails / output guardrails          -> issues 4, 6
  ];
}
