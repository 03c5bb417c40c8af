import type { Stage } from '../core/stage.js';
import type { Authorizer } from '../authz/types.js';
import type { Authenticator } from '../identity/authenticator.js';
import { createAuthenticateStage } from './authenticate/index.js';
import { createAuthorizeStage } from './authorize/index.js';
import { createResolveModelStage, type ModelEntry } from './resolve-model/index.js';
import { createValidateRequestStage } from './validate-request/index.js';

export interface ResourceEntry {
  environments?: string[];
}

export interface StageDeps {
  models: ReadonlyMap<string, ModelEntry>;
  tools: ReadonlyMap<string, ResourceEntry>;
  datasets: ReadonlyMap<string, ResourceEntry>;
  /** Present when auth.mode is `required`: then authenticate and authorize are in the list. */
  identity?: { authenticator: Authenticator; authorizer: Authorizer };
}

/**
 * THE stage list, in request order (response stages run in reverse). docs/lifecycle.md draws it.
 * Configuration tunes stages; it cannot reorder them or drop the security ones. New capabilities
 * add their stage here, at its documented position, without touching the pipeline core.
 */
export function buildStages(deps: StageDeps): Stage[] {
  const stages: Stage[] = [createValidateRequestStage()];
  if (deps.identity) stages.push(createAuthenticateStage(deps.identity.authenticator));
  stages.push(createResolveModelStage(deps.models));
  if (deps.identity) stages.push(createAuthorizeStage(deps.identity.authorizer, { models: deps.models, tools: deps.tools, datasets: deps.datasets }));
  // limits, input guardrails / output guardrails -> issues 4, 6
  return stages;
}
