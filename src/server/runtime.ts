import type { ApprovalDesk } from '../approvals/desk.js';
import type { GatehouseConfig } from '../config/schema.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Provider } from '../providers/contract.js';
import { createProviders } from '../providers/provider-factory.js';
import { createAuthorizer } from '../authz/authorizer.js';
import type { Authorizer } from '../authz/types.js';
import type { Authenticator } from '../identity/authenticator.js';
import type { ClassifierPools } from '../guardrails/detectors/classifier/index.js';
import { snapshotPools, type ClassifierPoolSnapshot } from '../guardrails/detectors/classifier/classifier-metrics.js';
import { buildGuardrails, type ProfileResolver } from '../guardrails/profile.js';
import { buildPipeline, type ResourceEntry } from '../stages/index.js';
import { buildModelRegistry, type ModelEntry } from '../routing/model-registry.js';
import { NO_CONTROLS, type ControlView } from '../control/state.js';
import type { LimitBackend } from '../limits/backend.js';
import { createDeploymentHealth, type DeploymentHealth } from '../routing/health.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { McpUpstream } from '../mcp/upstream.js';
import { uriPattern, type McpResourceMap } from '../core/mcp-names.js';
import { loadMcpServing } from './routes/mcp.js';

/**
 * Everything built from one configuration version: providers (with resolved secrets and their
 * connection pools), the model table and the pipeline. Immutable once built; a reload builds a new one.
 */
export interface Runtime {
  readonly config: GatehouseConfig;
  /** sha256 of the configuration text: recorded so a decision can be tied to its config version. */
  readonly configHash: string;
  readonly loadedAt: number;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly models: ReadonlyMap<string, ModelEntry>;
  readonly pipeline: Pipeline;
  /** The Cedar policy set of this configuration version; null when auth is off. */
  readonly authorizer: Authorizer | null;
  /**
   * Who is calling, when this version authenticates requests (the authenticate stage is in the list): the MCP
   * gateway also checks it on every HTTP request before the protocol starts (src/server/routes/mcp-admission.ts).
   */
  readonly authenticator: Authenticator | undefined;
  /** Guardrail profile resolution of this configuration version; undefined when no profile is configured. */
  readonly guardrails: ProfileResolver | undefined;
  /** The upstream MCP servers (src/mcp); closed with the runtime, which stops stdio servers. */
  readonly mcpUpstreams: ReadonlyMap<string, McpUpstream>;
  /** What calling-out detectors hold open (webhook connection pools, classifier workers); closed with the runtime. */
  readonly detectorResources: readonly Closeable[];
}

interface Closeable {
  close(): Promise<void>;
}

export interface RuntimeDeps {
  resolveSecret: SecretResolver;
  /** Kill switches, incident mode and promotions; outlives runtimes. Default: none. */
  controls?: ControlView;
  /** The limit counters; outlive runtimes. Without it no limit is enforced. */
  limitBackend?: LimitBackend;
  /** Circuit breakers and latency per deployment; outlive runtimes. */
  health?: DeploymentHealth;
  logger?: Logger;
  /** Folder of the config file: custom policy files resolve against it. */
  baseDir: string;
  /** Present when auth.mode is `required`. */
  authenticator?: Authenticator;
  /** Holds tool calls for approval; outlives runtimes (its state is in the store). */
  approvals?: ApprovalDesk;
}

/**
 * Builds a runtime. Rejects (SecretError, an invalid policy, a detector module that cannot load) without side
 * effects left behind. Async because the detectors' modules (prompt-injection weights, PII name lists, render
 * parsers, ~17 MB resident) are imported only when the configuration has guardrail profiles, here, before the
 * runtime serves: a configuration without guardrails never loads them, and one whose detectors cannot load
 * fails its start or reload instead of a request.
 */
export async function buildRuntime(config: GatehouseConfig, configHash: string, deps: RuntimeDeps): Promise<Runtime> {
  const models = buildModelRegistry(config);
  // Built whenever auth is configured: the admin API needs it even while /v1 runs with auth off.
  const authorizer = config.auth ? createAuthorizer({ config, baseDir: deps.baseDir }) : null;
  const identity = deps.authenticator && authorizer ? { authenticator: deps.authenticator, authorizer } : undefined;
  // Providers come before guardrails: an llm_judge detector calls one of them.
  const providers = createProviders(config, { resolveSecret: deps.resolveSecret });
  const detectorResources: Closeable[] = [];
  try {
    const controls = deps.controls ?? NO_CONTROLS;
    let guardrails: ProfileResolver | undefined;
    if (Object.keys(config.guardrails.profiles).length > 0) {
      const { detectorFactory } = await import('./runtime-detectors.js');
      const context = {
        resolveSecret: deps.resolveSecret,
        providers,
        models,
        resources: detectorResources,
        baseDir: deps.baseDir,
        classifierPools: CLASSIFIER_POOLS,
      };
      guardrails = buildGuardrails(config.guardrails, detectorFactory(context), config.identities, controls);
    }
    const datasetResidency = new Map(Object.entries(config.datasets).map(([name, d]) => [name, d.residency ?? []]));
    const health = deps.health ?? createDeploymentHealth();
    const loadedAt = Date.now();
    const mcpUpstreams = await mcpUpstreamsOf(config, deps);
    // The stage list, its order and the terminals are src/stages/index.ts's; this hands it the domain objects.
    const pipeline = buildPipeline({
      models,
      controls,
      datasetResidency,
      limits: deps.limitBackend && { config: config.limits, backend: deps.limitBackend },
      tools: resources(config.tools),
      approvals: { tools: config.tools, desk: deps.approvals },
      datasets: resources(config.datasets),
      identity,
      guardrails,
      allowedExtraFields: config.guardrails.allowedExtraFields,
      logger: deps.logger ?? silentLogger(),
      providers,
      health,
      loadedAt,
      mcpUpstreams,
      mcpResources: mcpResourceMap(config),
      mcpApprovalWaitMs: new Map(Object.entries(config.mcp.servers).map(([name, server]) => [name, server.approvalWaitMs])),
    });
    // Only once the pipeline is built: a reload that fails keeps the health of the deployments it would drop.
    health.retain(new Set([...models.values()].flatMap((m) => m.deployments.map((d) => d.id))));
    const authenticator = identity?.authenticator;
    return { config, configHash, loadedAt, providers, models, pipeline, authorizer, authenticator, guardrails, detectorResources, mcpUpstreams };
  } catch (err) {
    void closeAll([...providers.values(), ...detectorResources]);
    throw err;
  }
}

/**
 * Classifier worker pools of the process, counted by the detectors using them. A reload that keeps a model
 * (same folder, same files, same pool settings) keeps its loaded workers instead of loading a second copy;
 * the old runtime's detectors release their share when it closes.
 */
const CLASSIFIER_POOLS: ClassifierPools = new Map();

/** The classifier pools of this process, per model, for `/metrics`. */
export function classifierPoolSnapshot(): ClassifierPoolSnapshot[] {
  return snapshotPools(CLASSIFIER_POOLS);
}

/**
 * The upstream MCP servers. The MCP SDK (its client here, its server for POST /mcp/{server}) is imported only
 * for a configuration that has MCP servers, before the runtime serves; /mcp/{server} answers 404 without one.
 */
async function mcpUpstreamsOf(config: GatehouseConfig, deps: RuntimeDeps): Promise<Map<string, McpUpstream>> {
  if (Object.keys(config.mcp.servers).length === 0) return new Map();
  const [{ createMcpUpstreams }] = await Promise.all([import('../mcp/upstreams.js'), loadMcpServing()]);
  return createMcpUpstreams(config.mcp, { resolveSecret: deps.resolveSecret, baseDir: deps.baseDir });
}

/** Each MCP server's resource URI patterns, compiled once per configuration version. */
function mcpResourceMap(config: GatehouseConfig): McpResourceMap {
  return new Map(
    Object.entries(config.mcp.servers).map(([server, s]) => [
      server,
      Object.entries(s.resources).flatMap(([dataset, patterns]) => patterns.map((p) => ({ dataset, pattern: uriPattern(p) }))),
    ]),
  );
}

function resources(section: Record<string, { environments?: string[] }>): Map<string, ResourceEntry> {
  return new Map(Object.entries(section).map(([name, entry]) => [name, { environments: entry.environments }]));
}

/** Closes a runtime's providers, detectors (their connection pools) and MCP upstreams (stdio servers stop). */
export async function closeRuntime(runtime: Runtime): Promise<void> {
  await closeAll([...runtime.providers.values(), ...runtime.detectorResources, ...runtime.mcpUpstreams.values()]);
}

async function closeAll(items: readonly Closeable[]): Promise<void> {
  await Promise.allSettled(items.map((item) => item.close()));
}

/**
 * Holds the current runtime. A request reads `current` once at its start and keeps that runtime to the
 * end, so a swap never changes the rules in the middle of an exchange. The old runtime's pools close
 * after a grace period long enough for in-flight exchanges to finish.
 */
export class RuntimeHolder {
  constructor(
    private runtime: Runtime,
    private readonly drainMs = 120_000,
  ) {}

  get current(): Runtime {
    return this.runtime;
  }

  swap(next: Runtime): void {
    const previous = this.runtime;
    this.runtime = next;
    setTimeout(() => void closeRuntime(previous), this.drainMs).unref();
  }

  close(): Promise<void> {
    return closeRuntime(this.runtime);
  }
}
