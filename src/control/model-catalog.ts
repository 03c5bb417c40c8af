import { GatewayError, NothingToRollBackError } from '../core/errors.js';
import type { Deployment, ModelEntry } from '../routing/model-registry.js';
import type { ControlEvent } from '../storage/control-repository.js';
import type { ControlActor, ControlPlane } from './control-plane.js';
import { STOP_SCOPES, type StopScope } from './state.js';

/**
 * What the CLI and the admin API share about models and kill switches: checking a change against the
 * configured registry before it is written (the control plane itself knows no configuration), and the
 * registry as `gatehouse models list` and GET /admin/v1/models show it.
 */

export type Models = ReadonlyMap<string, ModelEntry>;

/** The model, or model_not_found naming what is configured. */
export function requireModel(models: Models, name: string): ModelEntry {
  const entry = models.get(name);
  if (!entry)
    throw new GatewayError('model_not_found', `No model '${name}' is configured (configured: ${[...models.keys()].join(', ') || 'none'}).`, { param: 'model' });
  return entry;
}

function requireVersion(entry: ModelEntry, version: string, param: string): void {
  if (!entry.versions.has(version)) {
    throw new GatewayError('model_not_found', `Model '${entry.name}' has no version '${version}' (versions: ${[...entry.versions.keys()].join(', ')}).`, {
      param,
    });
  }
}

/** The version a model serves now: a promoted one still in the configuration, else its default. */
export function servedVersion(entry: ModelEntry, controls: Pick<ControlPlane, 'activeVersion'>): string {
  const promoted = controls.activeVersion(entry.name);
  return promoted !== undefined && entry.versions.has(promoted) ? promoted : entry.defaultVersion;
}

/** Refuses promoting an unknown model or version, or the version already serving. */
export function checkPromotion(models: Models, controls: ControlPlane, name: string, version: string): ModelEntry {
  const entry = requireModel(models, name);
  requireVersion(entry, version, 'version');
  if (servedVersion(entry, controls) === version)
    throw new GatewayError('invalid_request', `Version '${version}' of '${name}' is already the active version.`, { param: 'version' });
  return entry;
}

/** Refuses rolling back an unknown model, to an unknown version, or a model with nothing to go back to. */
export function checkRollback(models: Models, name: string, to: string | undefined): ModelEntry {
  const entry = requireModel(models, name);
  if (to !== undefined) requireVersion(entry, to, 'to');
  return entry;
}

/** Rolls back, refusing with invalid_request when the model was never promoted. */
export async function rollbackModel(controls: ControlPlane, name: string, who: ControlActor & { to?: string | undefined }): Promise<ControlEvent> {
  try {
    return await controls.rollback(name, who);
  } catch (err) {
    if (err instanceof NothingToRollBackError)
      throw new GatewayError(
        'invalid_request',
        `Model '${name}' was never promoted: there is no earlier version to roll back to (name one with --to <version>, or "to" in the API).`,
        { param: 'model' },
      );
    throw err;
  }
}

/** Refuses a stop whose target does not exist: a typo must not look like a thrown switch. */
export async function checkStopTarget(
  scope: string,
  target: string,
  known: {
    models: Models;
    providers: ReadonlySet<string>;
    identityExists(id: string): Promise<boolean>;
    /** The configured MCP servers and tools; absent: none. */
    mcpServers?: ReadonlySet<string>;
    tools?: ReadonlySet<string>;
  },
): Promise<StopScope> {
  if (!STOP_SCOPES.includes(scope as StopScope))
    throw new GatewayError('invalid_request', `scope must be one of ${STOP_SCOPES.join(', ')}.`, { param: 'scope' });
  if (scope === 'model') requireModel(known.models, target);
  if (scope === 'provider' && !known.providers.has(target)) {
    throw new GatewayError('invalid_request', `No provider '${target}' is configured (configured: ${[...known.providers].join(', ') || 'none'}).`, {
      param: 'target',
    });
  }
  if (scope === 'mcp_server' && !known.mcpServers?.has(target))
    throw new GatewayError('invalid_request', `No MCP server '${target}' is configured.`, { param: 'target' });
  if (scope === 'tool' && !known.tools?.has(target))
    throw new GatewayError('invalid_request', `No tool '${target}' is declared (an MCP tool is named '<server>/<tool>').`, { param: 'target' });
  // `anonymous` is every caller while auth is off; other ids must exist (config or admin API).
  if (scope === 'identity' && target !== 'anonymous' && !(await known.identityExists(target))) {
    throw new GatewayError('invalid_request', `No identity '${target}' exists.`, { param: 'target' });
  }
  return scope as StopScope;
}

/** One model as listed: versions with their deployments, the active version and how it came to be active. */
export interface ModelListing {
  name: string;
  kind: ModelEntry['kind'];
  defaultVersion: string;
  activeVersion: string;
  /** How the active version got there: `default` (configuration) or the promotion / rollback that made it active. */
  activeBy: { how: 'default' } | { how: 'promote' | 'rollback'; actor: string; reason: string; at: number };
  fallbacks: readonly string[];
  stopped: boolean;
  versions: Array<{ version: string; active: boolean; default: boolean; deployments: DeploymentListing[] }>;
  /** Promotions and rollbacks, newest first (at most 5). */
  lastChanges: ControlEvent[];
}

export type DeploymentListing = Omit<Deployment, 'model' | 'version'>;

/** The registry with the control state: what `models list` prints and GET /admin/v1/models answers. */
export async function listModels(models: Models, controls: ControlPlane): Promise<ModelListing[]> {
  const listing: ModelListing[] = [];
  for (const entry of models.values()) {
    const active = servedVersion(entry, controls);
    const changes = await controls.history(entry.name, 5);
    const promoted = controls.list().promotions.find((p) => p.model === entry.name);
    const latest = changes[0];
    const activeBy: ModelListing['activeBy'] =
      promoted &&
      active === promoted.version &&
      latest?.kind !== undefined &&
      latest.version === active &&
      (latest.kind === 'promote' || latest.kind === 'rollback')
        ? { how: latest.kind, actor: promoted.actor, reason: promoted.reason, at: promoted.at }
        : { how: 'default' };
    listing.push({
      name: entry.name,
      kind: entry.kind,
      defaultVersion: entry.defaultVersion,
      activeVersion: active,
      activeBy,
      fallbacks: entry.fallbacks,
      stopped: controls.stopped('model', entry.name) !== undefined,
      versions: [...entry.versions].map(([version, deployments]) => ({
        version,
        active: version === active,
        default: version === entry.defaultVersion,
        deployments: deployments.map(deploymentListing),
      })),
      lastChanges: changes,
    });
  }
  return listing;
}

function deploymentListing(d: Deployment): DeploymentListing {
  const { model: _model, version: _version, ...rest } = d;
  return rest;
}
