import type { IncomingHttpHeaders } from 'node:http';
import { MODEL_OPERATIONS, type Exchange, type RoutePlan } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import type { ControlView } from '../../control/state.js';
import { statusFor, type Audience, type Deployment, type ModelEntry } from '../../routing/registry.js';
import { datasetsInHeaders } from '../authorize/requested-resources.js';

export type { ModelEntry } from '../../routing/registry.js';

/** Header a client uses to tag its data with a residency (comma-separated, e.g. `eu`). */
export const RESIDENCY_HEADER = 'x-gatehouse-residency';

export interface ResolveModelOptions {
  /** Promoted versions; absent: every model serves its default version. */
  controls?: ControlView;
  /** Residency tags of datasets (x-gatehouse-datasets), by dataset name. */
  datasetResidency?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Maps the logical model name the client sent to where it may be served. Clients choose names (and may pin
 * a version as `model@version`), never hosts or keys: an unknown name is refused, not forwarded.
 *
 * The plan lists the active version's deployments, then each fallback model's, keeping only those approved
 * or on trial for the caller's environment and carrying every residency tag the request has. Nothing left:
 * the request is refused here, before any upstream is called.
 */
export function createResolveModelStage(models: ReadonlyMap<string, ModelEntry>, options: ResolveModelOptions = {}): Stage {
  const controls = options.controls;
  const datasetResidency = options.datasetResidency ?? new Map<string, readonly string[]>();
  const plans = new Map<string, CachedPlan>();

  /** The groups to try in order; `approved`: deployments of the version the caller's environment may use. */
  function buildPlan(entry: ModelEntry, pinned: string | null, audience: Audience, residency: readonly string[], revision: number): CachedPlan {
    const name = entry.name;
    const version = pinned ?? activeVersion(entry, controls);
    const primary = entry.versions.get(version) as readonly Deployment[];
    const approved = primary.filter((d) => statusFor(d, audience) !== 'blocked');
    const groups: Array<RoutePlan['groups'][number]> = [{ model: name, version, deployments: approved.filter((d) => hasResidency(d, residency)) }];
    // A pinned version is an exact request: other models are not substituted for it.
    if (pinned === null) {
      for (const fallback of entry.fallbacks) {
        const other = models.get(fallback);
        if (!other) continue;
        const v = activeVersion(other, controls);
        const deployments = (other.versions.get(v) as readonly Deployment[]).filter((d) => statusFor(d, audience) !== 'blocked' && hasResidency(d, residency));
        if (deployments.length > 0) groups.push({ model: fallback, version: v, deployments });
      }
    }
    return { revision, version, groups, approved: approved.length };
  }

  return {
    name: 'resolve-model',
    operations: MODEL_OPERATIONS,
    enforce: true,
    failOpen: false,
    onRequest: function resolveModel(exchange: Exchange): Verdict {
      const requested = exchange.request.body.model as string;
      const at = requested.indexOf('@');
      const name = at < 0 ? requested : requested.slice(0, at);
      const pinned = at < 0 ? null : requested.slice(at + 1);
      const entry = models.get(name);
      if (!entry) return respond('model_not_found', `The model '${truncate(requested)}' does not exist or you do not have access to it.`, { param: 'model' });
      const wanted = exchange.request.operation === 'chat' ? 'chat' : 'embedding';
      if (entry.kind !== wanted) {
        return respond('model_capability_unsupported', `The model '${name}' is a ${entry.kind} model and cannot serve ${exchange.request.operation} requests.`, { param: 'model' });
      }
      if (pinned !== null && !entry.versions.has(pinned)) {
        return respond('model_not_found', `The model '${name}' has no version '${truncate(pinned)}'.`, { param: 'model' });
      }
      const audience: Audience = exchange.principal?.identity.environment ?? 'anonymous';
      const residency = residencyOf(exchange.headers, datasetResidency);
      // Without residency tags the plan depends only on (model, pin, audience) and the controls' revision: reuse it.
      const cacheKey = residency.length === 0 ? `${requested}\u0000${audience}` : null;
      const revision = controls?.revision ?? 0;
      let plan = cacheKey === null ? undefined : plans.get(cacheKey);
      if (!plan || plan.revision !== revision) {
        plan = buildPlan(entry, pinned, audience, residency, revision);
        if (cacheKey !== null) {
          if (plans.size >= MAX_CACHED_PLANS) plans.clear();
          plans.set(cacheKey, plan);
        }
      }
      const { version, groups, approved } = plan;
      const first = groups.find((g) => g.deployments.length > 0)?.deployments[0];
      if (!first) {
        if (approved > 0 && residency.length > 0) {
          return respond('residency_unavailable', `No deployment of '${name}' can keep data in ${describeTags(residency)}; the request was not sent anywhere.`, { param: 'model' });
        }
        return respond('deployment_blocked', `No deployment of '${name}' version '${version}' is approved for ${audience === 'anonymous' ? 'anonymous callers' : `the ${audience} environment`}.`, { param: 'model' });
      }
      exchange.plan = { version, pinned: pinned !== null, groups, residency };
      exchange.target = targetOf(name, first);
      // A deployment on trial serves, and the record says so.
      return statusFor(first, audience) === 'trial' ? ON_TRIAL : CONTINUE;
    },
  };
}

const ON_TRIAL = Object.freeze({ action: 'continue' as const, note: 'deployment on trial' });

interface CachedPlan {
  revision: number;
  version: string;
  groups: RoutePlan['groups'];
  approved: number;
}

/** Distinct (model, pin, audience) keys are few; a flood of made-up pins only resets the cache. */
const MAX_CACHED_PLANS = 1024;

/** The version a model serves now: the promoted one while it still exists in configuration, else the default. */
export function activeVersion(entry: ModelEntry, controls: ControlView | undefined): string {
  const promoted = controls?.activeVersion(entry.name);
  return promoted !== undefined && entry.versions.has(promoted) ? promoted : entry.defaultVersion;
}

/** The exchange's target while a deployment serves it: the logical name stays the one the client asked for. */
export function targetOf(name: string, d: Deployment): NonNullable<Exchange['target']> {
  return { name, providerId: d.providerId, providerType: d.providerType, upstreamModel: d.upstreamModel, version: d.version, deploymentId: d.id, pricing: d.pricing };
}

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

function truncate(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
