import type { IncomingHttpHeaders } from 'node:http';
import { MODEL_OPERATIONS, type Exchange, type RoutePlan } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import type { ControlView } from '../../control/state.js';
import { hiddenModelRefusal, modelNotFoundMessage, type ModelGate } from '../../routing/model-not-found.js';
import { activeVersion, firstDeployment, targetOf } from '../../routing/plan.js';
import { statusFor, type Audience, type Deployment, type ModelEntry } from '../../routing/model-registry.js';
import { datasetsInHeaders } from '../../authz/requested-resources.js';

export type { ModelEntry } from '../../routing/model-registry.js';

/** Header a client uses to tag its data with a residency (comma-separated, e.g. `eu`). */
export const RESIDENCY_HEADER = 'x-gatehouse-residency';

export interface ResolveModelOptions {
  /** Promoted versions; absent: every model serves its default version. */
  controls?: ControlView;
  /** Residency tags of datasets (x-gatehouse-datasets), by dataset name. */
  datasetResidency?: ReadonlyMap<string, readonly string[]>;
  /**
   * With auth on: asked before a refusal that would show the model exists (wrong kind, residency), so a
   * caller that may not invoke the model gets model_not_found instead. Never asked on the way to a plan.
   */
  mayInvoke?: ModelGate | undefined;
}

/**
 * Maps the logical model name the client sent to where it may be served. Clients choose names (and may pin
 * a version as `model@version`), never hosts or keys: an unknown name is refused, not forwarded.
 *
 * The plan lists the active version's deployments, then each fallback model's, keeping only those approved
 * or on trial for the caller's environment and carrying every residency tag the request has; a fallback
 * left with none is named in the trace. Nothing left: the request is refused here, before any upstream is
 * called, as model_not_found when the caller's environment is the reason (a model it may not use looks
 * like one that does not exist). authorize then checks each model of the plan with Cedar.
 */
export function createResolveModelStage(models: ReadonlyMap<string, ModelEntry>, options: ResolveModelOptions = {}): Stage {
  return new ResolveModelStage(models, options);
}

/** Built once per configuration version; it keeps the plans of (model, pin, audience) between requests. */
class ResolveModelStage implements Stage {
  readonly name = 'resolve-model';
  readonly operations = MODEL_OPERATIONS;
  readonly enforce = true;
  readonly failOpen = false;
  readonly #models: ReadonlyMap<string, ModelEntry>;
  readonly #controls: ControlView | undefined;
  readonly #datasetResidency: ReadonlyMap<string, readonly string[]>;
  readonly #mayInvoke: ModelGate | undefined;
  readonly #plans = new Map<string, CachedPlan>();

  constructor(models: ReadonlyMap<string, ModelEntry>, options: ResolveModelOptions) {
    this.#models = models;
    this.#controls = options.controls;
    this.#datasetResidency = options.datasetResidency ?? new Map<string, readonly string[]>();
    this.#mayInvoke = options.mayInvoke;
  }

  onRequest(exchange: Exchange): Verdict {
    const requested = exchange.request.body.model as string;
    const at = requested.indexOf('@');
    const name = at < 0 ? requested : requested.slice(0, at);
    const pinned = at < 0 ? null : requested.slice(at + 1);
    const entry = this.#models.get(name);
    if (!entry) return respond('model_not_found', modelNotFoundMessage(requested), { param: 'model' });
    const unfit = this.#unfit(exchange, entry, name, requested, pinned);
    if (unfit) return unfit;
    const audience: Audience = exchange.principal?.identity.environment ?? 'anonymous';
    const residency = residencyOf(exchange.headers, this.#datasetResidency);
    const plan = this.#planFor(entry, requested, pinned, audience, residency);
    const { version, groups, verdicts } = plan;
    const routePlan: RoutePlan = { version, pinned: pinned !== null, groups, residency };
    const first = firstDeployment(routePlan);
    if (!first) return this.#noDeploymentLeft(exchange, name, plan, audience, residency);
    exchange.plan = routePlan;
    exchange.target = targetOf(name, first);
    // A deployment on trial serves, and the record says so.
    return statusFor(first, audience) === 'trial' ? verdicts.trial : verdicts.approved;
  }

  /** A model of the wrong kind for the operation, or a pinned version it does not have. */
  #unfit(exchange: Exchange, entry: ModelEntry, name: string, requested: string, pinned: string | null): Verdict | undefined {
    const wanted = exchange.request.operation === 'chat' ? 'chat' : 'embedding';
    if (entry.kind !== wanted) {
      const hidden = this.#hiddenUnlessInvokable(exchange, name);
      if (hidden) return hidden;
      return respond('model_capability_unsupported', `The model '${name}' is a ${entry.kind} model and cannot serve ${exchange.request.operation} requests.`, {
        param: 'model',
      });
    }
    if (pinned !== null && !entry.versions.has(pinned)) {
      return respond('model_not_found', modelNotFoundMessage(requested), { param: 'model' });
    }
    return undefined;
  }

  /** The cached plan for the request, rebuilt when the controls' revision moved; built afresh with residency tags. */
  #planFor(entry: ModelEntry, requested: string, pinned: string | null, audience: Audience, residency: readonly string[]): CachedPlan {
    // Without residency tags the plan depends only on (model, pin, audience) and the controls' revision: reuse it.
    const cacheKey = residency.length === 0 ? `${requested}\u0000${audience}` : null;
    const revision = this.#controls?.revision ?? 0;
    let plan = cacheKey === null ? undefined : this.#plans.get(cacheKey);
    if (!plan || plan.revision !== revision) {
      plan = this.#buildPlan(entry, pinned, audience, residency, revision);
      if (cacheKey !== null) {
        if (this.#plans.size >= MAX_CACHED_PLANS) this.#plans.clear();
        this.#plans.set(cacheKey, plan);
      }
    }
    return plan;
  }

  /** The groups to try in order; `approved`: deployments of the version the caller's environment may use. */
  #buildPlan(entry: ModelEntry, pinned: string | null, audience: Audience, residency: readonly string[], revision: number): CachedPlan {
    const name = entry.name;
    const version = pinned ?? activeVersion(entry, this.#controls);
    const primary = entry.versions.get(version) as readonly Deployment[];
    const approved = primary.filter((d) => statusFor(d, audience) !== 'blocked');
    let dropped: string[] | undefined;
    const groups: Array<RoutePlan['groups'][number]> = [{ model: name, version, deployments: approved.filter((d) => hasResidency(d, residency)) }];
    // A pinned version is an exact request: other models are not substituted for it.
    if (pinned === null) {
      for (const fallback of entry.fallbacks) {
        const other = this.#models.get(fallback);
        if (!other) continue;
        const v = activeVersion(other, this.#controls);
        const deployments = (other.versions.get(v) as readonly Deployment[]).filter((d) => statusFor(d, audience) !== 'blocked' && hasResidency(d, residency));
        if (deployments.length > 0) groups.push({ model: fallback, version: v, deployments });
        else (dropped ??= []).push(fallback);
      }
    }
    // Built once per cached plan: the verdicts a request on it gets, naming the fallbacks left out.
    const left = dropped
      ? `fallback ${dropped.join(', ')} dropped (no deployment approved for ${audience}${residency.length > 0 ? " with the data's residency" : ''})`
      : undefined;
    const verdicts = {
      approved: left ? Object.freeze({ action: 'continue' as const, note: left }) : CONTINUE,
      trial: Object.freeze({ action: 'continue' as const, note: left ? `deployment on trial; ${left}` : 'deployment on trial' }),
    };
    return { revision, version, groups, approved: approved.length, verdicts };
  }

  /** Every deployment was left out: residency_unavailable when only the data's residency did it, else hidden. */
  #noDeploymentLeft(exchange: Exchange, name: string, plan: CachedPlan, audience: Audience, residency: readonly string[]): Verdict {
    if (plan.approved > 0 && residency.length > 0) {
      const hidden = this.#hiddenUnlessInvokable(exchange, name);
      if (hidden) return hidden;
      return respond('residency_unavailable', `No deployment of '${name}' can keep data in ${describeTags(residency)}; the request was not sent anywhere.`, {
        param: 'model',
      });
    }
    // A model the caller's environment may not use looks like one that does not exist (see authorize).
    const who = audience === 'anonymous' ? 'anonymous callers' : `the ${audience} environment`;
    return hiddenModelRefusal(exchange, 'resolve-model', {
      reason: 'deployment_blocked',
      note: `no deployment of '${name}' version '${plan.version}' is approved for ${who}`,
    });
  }

  /** model_not_found for a caller that may not invoke the model, before a refusal that would reveal it exists. */
  #hiddenUnlessInvokable(exchange: Exchange, name: string): Verdict | undefined {
    const principal = exchange.principal;
    if (!this.#mayInvoke || !principal) return undefined;
    const outcome = this.#mayInvoke(principal, name);
    if (outcome.allowed) return undefined;
    // As in authorize: an evaluation error is the gateway's fault, not a verdict on the caller.
    if (outcome.reason === 'authorization_error')
      return respond(outcome.reason, `Authorization could not be evaluated for the model '${name}'; the request is denied.`, {
        param: 'model',
        policyId: outcome.policyId,
      });
    return hiddenModelRefusal(exchange, 'resolve-model', { reason: outcome.reason, policyId: outcome.policyId, note: `invoke_model '${name}' refused` });
  }
}

interface CachedPlan {
  revision: number;
  version: string;
  groups: RoutePlan['groups'];
  approved: number;
  verdicts: { approved: Verdict; trial: Verdict };
}

/** Distinct (model, pin, audience) keys are few; a flood of made-up pins only resets the cache. */
const MAX_CACHED_PLANS = 1024;

function hasResidency(d: Deployment, residency: readonly string[]): boolean {
  for (const tag of residency) if (!d.residency.includes(tag)) return false;
  return true;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Residency tags from the header and from the datasets the request names; sorted, without repeats. */
function residencyOf(headers: IncomingHttpHeaders, datasetResidency: ReadonlyMap<string, readonly string[]>): readonly string[] {
  const raw = headers[RESIDENCY_HEADER];
  if (raw === undefined && headers['x-gatehouse-datasets'] === undefined) return NO_TAGS;
  const tags = new Set<string>();
  for (const value of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
    for (const tag of value.split(',')) if (tag.trim()) tags.add(tag.trim().toLowerCase());
  }
  for (const use of datasetsInHeaders(headers)) for (const tag of datasetResidency.get(String(use.name)) ?? []) tags.add(tag);
  return [...tags].sort();
}

const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The tags for a client message: well-formed ones only (the header is client text), and not too many. */
function describeTags(tags: readonly string[]): string {
  const valid = tags.filter((t) => TAG.test(t));
  const shown = valid.slice(0, 8).join(', ');
  const rest = tags.length - Math.min(valid.length, 8);
  return rest > 0 ? `${shown ? `${shown} and ` : ''}${rest} other tag${rest === 1 ? '' : 's'} no deployment carries` : shown;
}
