import type { LocalOperation } from '../core/exchange.js';
import type { LocalTerminal, Stage } from '../core/stage.js';
import type { Authorizer } from '../authz/types.js';
import type { ProfileResolver } from '../guardrails/profile.js';
import type { Authenticator } from '../identity/authenticator.js';
import { createAuthenticateStage } from './authenticate/index.js';
import { createAuthorizeStage, modelGate } from './authorize/index.js';
import { createInputGuardrailsStage } from './input-guardrails/index.js';
import { createOutputGuardrailsStage } from './output-guardrails/index.js';
import { createResolveModelStage } from './resolve-model/index.js';
import type { ModelEntry } from '../routing/model-registry.js';
import { createValidateRequestStage } from './validate-request/index.js';
import { createTrafficControlStage } from './traffic-control/index.js';
import type { ControlView } from '../control/state.js';
import { createGuardScanTerminal } from './guard-scan/index.js';
import { createModelListing } from './list-models/index.js';

export interface ResourceEntry {
  environments?: string[];
}

export interface StageDeps {
  models: ReadonlyMap<string, ModelEntry>;
  /** Kill switches, incident mode, promoted versions. */
  controls: ControlView;
  /** Residency tags of datasets, for residency-aware routing. */
  datasetResidency: ReadonlyMap<string, readonly string[]>;
  /** Present when a limit is configured (limits section). */
  limits?: Stage | undefined;
  tools: ReadonlyMap<string, ResourceEntry>;
  datasets: ReadonlyMap<string, ResourceEntry>;
  /** Present when auth.mode is `required`: then authenticate and authorize are in the list. */
  identity?: { authenticator: Authenticator; authorizer: Authorizer };
  /** Present when guardrail profiles are configured. */
  guardrails?: ProfileResolver;
  /** guardrails.allowedExtraFields: unknown request fields production identities may send. */
  allowedExtraFields?: readonly string[];
}

/**
 * THE stage list, in request order (response stages run in reverse). docs/lifecycle.md draws it.
 * Configuration tunes stages; it cannot reorder them or drop the security ones. New capabilities
 * add their stage here, at its documented position, without touching the pipeline core.
 */
export function buildStages(deps: StageDeps): Stage[] {
  const stages: Stage[] = [createValidateRequestStage()];
  if (deps.identity) stages.push(createAuthenticateStage(deps.identity.authenticator));
  // A refusal resolve-model gives before authorize (wrong kind, residency) must not reveal a forbidden model.
  const mayInvoke = deps.identity ? modelGate(deps.identity.authorizer, { models: deps.models, tools: deps.tools, datasets: deps.datasets }) : undefined;
  stages.push(createResolveModelStage(deps.models, { controls: deps.controls, datasetResidency: deps.datasetResidency, mayInvoke }));
  // Stopped traffic is refused before any policy or limit work is spent on it.
  const trafficControl = createTrafficControlStage(deps.controls, { mayInvoke });
  if (trafficControl) stages.push(trafficControl);
  if (deps.identity) stages.push(createAuthorizeStage(deps.identity.authorizer, { models: deps.models, tools: deps.tools, datasets: deps.datasets }));
  // Limits count only authorized requests, and shed load before the guardrails' heavier work.
  if (deps.limits) stages.push(deps.limits);
  if (deps.guardrails) {
    stages.push(createInputGuardrailsStage(deps.guardrails, { allowedExtraFields: deps.allowedExtraFields ?? [] }));
    // Response hooks run in reverse: output guardrails see the upstream answer first, before authorize.
    stages.push(createOutputGuardrailsStage(deps.guardrails));
  }
  return stages;
}

/**
 * The terminals of the operations answered inside the gateway. They run behind the same stage list as
 * chat (authenticate, traffic-control, authorize with their own actions, limits): the routes only say
 * which operation a request is.
 */
export function buildLocalTerminals(deps: { models: ReadonlyMap<string, ModelEntry>; authorizer: Authorizer | null; guardrails?: ProfileResolver | undefined; loadedAt: number }): Record<LocalOperation, LocalTerminal> {
  const listing = createModelListing({ models: deps.models, authorizer: deps.authorizer, loadedAt: deps.loadedAt });
  return { 'guard.scan': createGuardScanTerminal(deps.guardrails), 'models.list': listing.list, 'models.get': listing.get };
}
