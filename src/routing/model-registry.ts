import type { DeploymentStatus, ModelConfig, RoutingConfig } from '../config/schema-models.js';
import { deploymentId } from '../config/schema-models.js';
import type { GatehouseConfig } from '../config/schema.js';
import type { ResolvedModel } from '../core/exchange.js';

import type { Audience, Deployment } from '../core/deployment.js';

export type { Audience, Deployment };

/** Retries, timeouts, balancing and circuit breaking of one model: the routing section merged with its override. */
export interface RoutingPolicy {
  readonly balance: 'latency' | 'weighted' | 'ordered';
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: { readonly maxRetries: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly circuitBreaker: { readonly failureThreshold: number; readonly openMs: number };
}

/**
 * A logical model of the registry. The ResolvedModel fields describe the default version's first
 * deployment (what a table of models shows); requests are routed over `versions`.
 */
export interface ModelEntry extends ResolvedModel {
  readonly kind: 'chat' | 'embedding';
  /** Environments whose identities may reach the model; absent = all. */
  readonly environments?: string[] | undefined;
  readonly description?: string | undefined;
  /** Every deployment, in configuration order. */
  readonly deployments: readonly Deployment[];
  /** Deployments by version label, each list in configuration order. */
  readonly versions: ReadonlyMap<string, readonly Deployment[]>;
  /** Served until a version is promoted (see control state). */
  readonly defaultVersion: string;
  /** Other logical models tried, in order, when every deployment of this one fails. */
  readonly fallbacks: readonly string[];
  readonly routing: RoutingPolicy;
  /** The deterministic answer when nothing can serve; null: 503 no_healthy_deployment. */
  readonly safeMode: { readonly text: string } | null;
}

/** Compiles the `models` section into the registry the request path reads. */
export function buildModelRegistry(config: Pick<GatehouseConfig, 'models' | 'providers' | 'routing'>): Map<string, ModelEntry> {
  const models = new Map<string, ModelEntry>();
  for (const [name, model] of Object.entries(config.models)) models.set(name, compileModel(name, model, config));
  return models;
}

function compileModel(name: string, model: ModelConfig, config: Pick<GatehouseConfig, 'providers' | 'routing'>): ModelEntry {
  const declared = model.deployments ?? [{ ...model, provider: model.provider as string, version: model.version ?? '1', weight: 1, id: undefined }];
  const deployments = declared.map((d): Deployment => {
    const provider = config.providers[d.provider];
    if (!provider) throw new Error(`model ${name}: unknown provider ${d.provider}`);
    return Object.freeze({
      id: deploymentId(d, name),
      model: name,
      version: d.version,
      providerId: d.provider,
      providerType: provider.type,
      upstreamModel: d.upstreamModel ?? name,
      region: d.region ?? null,
      residency: Object.freeze([...(d.residency ?? [])]),
      pricing: d.pricing ?? null,
      contextWindow: d.contextWindow ?? null,
      status: d.status ?? null,
      selection: d.selection ?? null,
      weight: d.weight,
    });
  });
  const versions = new Map<string, Deployment[]>();
  for (const d of deployments) versions.set(d.version, [...(versions.get(d.version) ?? []), d]);
  const defaultVersion = model.defaultVersion ?? (deployments[0] as Deployment).version;
  const head = (versions.get(defaultVersion) as Deployment[])[0] as Deployment;
  return Object.freeze({
    name,
    providerId: head.providerId,
    providerType: head.providerType,
    upstreamModel: head.upstreamModel,
    version: head.version,
    deploymentId: head.id,
    kind: model.kind,
    environments: model.environments,
    description: model.description,
    deployments,
    versions,
    defaultVersion,
    fallbacks: model.fallbacks,
    routing: mergeRouting(config.routing, model.routing),
    safeMode: model.safeMode ?? null,
  });
}

function mergeRouting(base: RoutingConfig, override: ModelConfig['routing']): RoutingPolicy {
  return Object.freeze({
    balance: override?.balance ?? base.balance,
    maxAttempts: override?.maxAttempts ?? base.maxAttempts,
    attemptTimeoutMs: override?.attemptTimeoutMs ?? base.attemptTimeoutMs,
    totalTimeoutMs: override?.totalTimeoutMs ?? base.totalTimeoutMs,
    retry: { ...base.retry, ...stripUndefined(override?.retry) },
    circuitBreaker: { ...base.circuitBreaker, ...stripUndefined(override?.circuitBreaker) },
  });
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The status of a deployment for an audience: approved when it states none, blocked when the audience is not listed. */
export function statusFor(deployment: Deployment, audience: Audience): DeploymentStatus {
  if (deployment.status === null) return 'approved';
  return deployment.status[audience] ?? 'blocked';
}

/** Cost in micro-USD (integers keep budget sums exact) of a number of input and output tokens on a deployment. */
export function costMicroUsd(deployment: Pick<Deployment, 'pricing'>, inputTokens: number, outputTokens: number): number {
  const p = deployment.pricing;
  if (!p) return 0;
  return Math.ceil(inputTokens * p.inputPerMillionUsd + outputTokens * p.outputPerMillionUsd);
}
