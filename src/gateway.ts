import type { FastifyInstance } from 'fastify';
import { resolveConfigPaths } from './config/paths.js';
import type { GatehouseConfig } from './config/schema.js';
import { createSecretResolver, type SecretResolver } from './config/secrets.js';
import { createLogger, type Logger } from './log/logger.js';
import { syncConfigIdentities } from './identity/identity-registry.js';
import { loadContentPolicy } from './audit/content-setup.js';
import type { ContentPolicy } from './audit/content-policy.js';
import { canonicalJson, sha256Hex } from './core/canonical.js';
import type { ExchangeRecord } from './core/record.js';
import { buildApp } from './server/app.js';
import { createTelemetry, type Metrics, type Telemetry } from './telemetry/index.js';
import type { Siem } from './siem/index.js';
import { registerSiemMetrics } from './siem/siem-metrics.js';
import { registerRoutingMetrics } from './routing/deployment-metrics.js';
import { RuntimeHolder, buildRuntime, classifierPoolSnapshot } from './server/runtime.js';
import { registerClassifierMetrics } from './guardrails/detectors/classifier/classifier-metrics.js';
import { openStore } from './storage/open-store.js';
import { startControlPlane, type ControlPlane } from './control/control-plane.js';
import type { ControlSignal } from './control/redis-signal.js';
import { openLimitBackend } from './limits/open-backend.js';
import type { LimitBackend } from './limits/backend.js';
import { createDeploymentHealth, type DeploymentHealth } from './routing/health.js';
import { Recorder } from './storage/recorder.js';
import type { Store } from './storage/store.js';
import { startParts, type Part } from './gateway-parts.js';
import { identityPart, type IdentityServices } from './gateway-identity.js';
import { openApprovalDesk } from './gateway-approvals.js';
import type { ApprovalDesk } from './approvals/desk.js';
import { checkpointerPart, prepareAudit, purgePart, recordConfigVersion, siemPart } from './gateway-once.js';

export type { IdentityServices } from './gateway-identity.js';

export interface GatewayOptions {
  config: GatehouseConfig;
  configHash?: string;
  /**
   * Folder that relative paths of `config` (config/paths.ts) and `file:` secret references resolve against:
   * the configuration file's. Default: the working directory.
   */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Overrides config.server.port (0 picks a free port). */
  port?: number;
  host?: string;
  /** For tests: an already-open store (e.g. PostgreSQL in an isolated schema). */
  store?: Store;
  /** Set in a worker of `serve --workers N` (src/cluster/worker.ts); absent, the gateway is one process and runs everything itself. */
  worker?: WorkerServices;
}

/**
 * What a worker of `serve --workers N` gets from the cluster primary instead of starting it. The primary
 * has migrated the store, made the keys and recorded the configuration's start before forking, and runs
 * what must run once (gateway-once.ts: checkpoints, content purge, SIEM export); the worker reaches the
 * state every worker must share through these.
 */
export interface WorkerServices {
  /** The primary's in-memory limit counters, used when limits.backend is memory (Redis is shared already). */
  limitBackend(): LimitBackend;
  /** Makes a control change apply in every worker before the admin call answers; used when no Redis signal is configured. */
  controlSignal(): ControlSignal;
  /** Makes an identity change (a revocation, a suspension, a key rotation) apply in every worker before the admin call answers. */
  identitySignal(): ControlSignal;
  /** Where committed records go for the primary's SIEM export. */
  siemListener(records: readonly ExchangeRecord[]): void;
  /** /metrics with the totals of every worker. */
  metrics(local: Metrics): { metrics: Metrics; close(): void };
  /** How many workers share the machine's cores (decides storage.sqlite.writerThread: auto). */
  processes: number;
  /** Whether this worker records configuration reloads in the trail: one worker does, so one reload is one record. */
  recordsReloads: boolean;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly holder: RuntimeHolder;
  readonly store: Store;
  readonly recorder: Recorder;
  readonly resolveSecret: SecretResolver;
  readonly logger: Logger;
  readonly identity: IdentityServices | undefined;
  /** Kill switches, incident mode and promoted versions (store-backed, refreshed every controls.refreshMs). */
  readonly controls: ControlPlane;
  /** The limit counters (memory or Redis); a reload keeps them. */
  readonly limitBackend: LimitBackend;
  /** Circuit breakers and latency per deployment; a reload keeps them. */
  readonly health: DeploymentHealth;
  /** Signs checkpoints over the audit chain every `audit.checkpointIntervalSeconds`; `runNow` for tests and shutdown. A worker's does nothing: its primary signs. */
  readonly checkpoints: { runNow(): Promise<void> };
  /** The data policy for prompts and answers; undefined when every mode is `none`. */
  readonly content: ContentPolicy | undefined;
  /**
   * Builds a runtime from a new configuration and swaps it in; throws and keeps the old one on failure. What
   * it reads (policy files, classifier folders) resolves against baseDir; `serve` passes loaded configurations,
   * whose other paths are absolute already.
   */
  reload(config: GatehouseConfig, configHash: string): Promise<void>;
  /**
   * Stops accepting, drains in-flight exchanges, flushes records, closes pools and the store: every part
   * started, in reverse. A part that fails to close is logged and the rest still close; calling it again
   * returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens the store, applies migrations, builds the runtime and listens. Each long-lived service is a part
 * (gateway-parts.ts) started in the order below; `close`, and a failure at any step of the start (a port
 * in use, an unreachable database, a bad secret reference), close the started ones in reverse. So the
 * shutdown order is this list read upwards: stop accepting, flush records, sign the last checkpoint,
 * deliver to telemetry and the SIEM, then the pools, controls, limits, identity and, last, the store.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  // Records carry this as their policy version; a configuration given without one is hashed here.
  const configHash = options.configHash ?? sha256Hex(canonicalJson(options.config));
  const baseDir = options.baseDir ?? process.cwd();
  const config = resolveConfigPaths(options.config, baseDir);
  const logger = options.logger ?? createLogger(config.logging.level);
  const resolveSecret = createSecretResolver(options.env ?? process.env, baseDir);
  const { worker } = options;
  return startParts(logger, async (parts) => {
    const store = await parts.start(storePart(config, resolveSecret, options.store, worker?.processes ?? 1));
    await store.migrate();
    // A worker's primary has prepared the trail (keys, checkpoint log, the start's record); the worker only reads the content key.
    const audit = worker ? undefined : await prepareAudit(config, configHash, store, resolveSecret, logger);
    const content = audit ? audit.content : await loadContentPolicy(config.audit, resolveSecret, store, process.cwd(), logger);
    const identity = config.auth ? await parts.start(identityPart(config, store, resolveSecret, logger, worker?.identitySignal())) : undefined;
    const authenticator = config.auth?.mode === 'required' ? identity?.authenticator : undefined;
    // Operator controls, limit counters and deployment health outlive configuration reloads.
    const limitBackend = await parts.start(limitsPart(config, resolveSecret, logger, worker));
    const controls = await parts.start(controlsPart(config, store, resolveSecret, logger, worker));
    const health = createDeploymentHealth();
    // Approvals live in the store: every worker and replica holds, decides and releases the same ones.
    const approvals = openApprovalDesk(config, store, resolveSecret, logger, true);
    const runtimeDeps = { resolveSecret, baseDir, authenticator, controls, limitBackend, health, logger, approvals };
    const holder = await parts.start({
      name: 'runtime',
      start: async () => new RuntimeHolder(await buildRuntime(config, configHash, runtimeDeps)),
      close: (held) => held.close(),
    });
    if (audit) await parts.start(purgePart(config, store, logger));
    const siem = audit ? await parts.start(siemPart(config, resolveSecret, logger)) : forwardingSiem(worker as WorkerServices);
    const telemetry = await parts.start(telemetryPart(config, holder, resolveSecret, logger, worker));
    registerMetrics(telemetry, audit ? siem : undefined, health);
    const checkpointer = audit ? await parts.start(checkpointerPart(config, store, audit.signer, audit.checkpointLog, siem, logger)) : NO_CHECKPOINTER;
    const recorder = await parts.start(recorderPart(config, store, telemetry, siem, logger));
    const app = await parts.start(
      appPart({ config, holder, identity, recorder, logger, content, store, controls, health, limitBackend, telemetry, approvals }),
    );
    const url = await parts.start({
      name: 'HTTP listener',
      start: () => app.listen({ host: options.host ?? config.server.host, port: options.port ?? config.server.port }),
    });
    const reload = async (next: GatehouseConfig, hash: string) => {
      const runtime = await buildRuntime(next, hash, runtimeDeps);
      if (worker?.recordsReloads === false) await store.configVersions.save(hash, next, Date.now());
      else await recordConfigVersion(store, hash, next, 'reload');
      if (identity) await syncConfigIdentities(identity.registry, next.identities, Date.now());
      holder.swap(runtime);
    };
    const services = { app, url, holder, store, recorder, resolveSecret, logger, identity, controls, limitBackend, health, content };
    return { ...services, checkpoints: checkpointer, reload, close: () => parts.close() };
  });
}

/** A worker signs no checkpoints: its primary does, over the records of every worker. */
const NO_CHECKPOINTER = { runNow: async () => undefined };

/** A worker's SIEM: committed records go to the primary's export, which alone writes the sinks' spools. */
function forwardingSiem(worker: WorkerServices): Siem {
  return {
    listener: (records) => worker.siemListener(records),
    checkpointListener: () => undefined,
    stats: () => ({}),
    close: async () => undefined,
  };
}

/** The limit counters: memory or Redis as configured; in a worker with memory limits, the primary's over IPC. */
function limitsPart(config: GatehouseConfig, resolveSecret: SecretResolver, logger: Logger, worker: WorkerServices | undefined): Part<LimitBackend> {
  const shared = worker && (config.limits.backend === 'memory' || !config.limits.redis);
  return {
    name: 'limit backend',
    start: () => (shared ? worker.limitBackend() : openLimitBackend(config.limits, resolveSecret, logger)),
    close: (backend) => backend.close(),
  };
}

/** The store; one handed in by the caller (tests) stays open, it is the caller's to close. `processes`: the gateway's workers (writerThread: auto). */
function storePart(config: GatehouseConfig, resolveSecret: SecretResolver, given: Store | undefined, processes: number): Part<Store> {
  if (given) return { name: 'store (given)', start: () => given };
  return { name: 'store', start: () => openStore(config.storage, resolveSecret, { processes }), close: (store) => store.close() };
}

/**
 * Kill switches, incident mode and promotions, with the Redis change signal when limits share a Redis,
 * else, in a worker, the IPC signal through the primary.
 */
function controlsPart(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger, worker?: WorkerServices): Part<ControlPlane> {
  return {
    name: 'control plane',
    async start() {
      const signal = (await redisSignal(config, resolveSecret, logger)) ?? worker?.controlSignal();
      try {
        return await startControlPlane({ store, refreshMs: config.controls.refreshMs, logger, signal });
      } catch (err) {
        await signal?.close();
        throw err;
      }
    },
    close: (controls) => controls.close(),
  };
}

/** The Redis change signal, imported only when limits share a Redis: ioredis is not loaded at every start. */
async function redisSignal(config: GatehouseConfig, resolveSecret: SecretResolver, logger: Logger): Promise<ControlSignal | undefined> {
  if (config.limits.backend !== 'redis') return undefined;
  const { redisControlSignal } = await import('./control/redis-signal.js');
  return redisControlSignal(config.limits, resolveSecret, logger);
}

/** Metrics and tracing; in a worker, /metrics answers with every worker's totals (telemetry/cluster-metrics.ts). */
function telemetryPart(
  config: GatehouseConfig,
  holder: RuntimeHolder,
  resolveSecret: SecretResolver,
  logger: Logger,
  worker: WorkerServices | undefined,
): Part<Telemetry & { closeShared?(): void }> {
  return {
    name: 'telemetry',
    async start() {
      const telemetry = await createTelemetry(config.telemetry, {
        models: () => holder.current.models.keys(),
        providerType: (id) => holder.current.config.providers[id]?.type,
        resolveSecret,
        logger,
      });
      if (!worker || !telemetry.metrics) return telemetry;
      const shared = worker.metrics(telemetry.metrics);
      return { ...telemetry, metrics: shared.metrics, closeShared: shared.close };
    },
    async close(telemetry) {
      telemetry.closeShared?.();
      await telemetry.shutdown();
    },
  };
}

/** Series read at scrape time; a worker has no SIEM series (its primary delivers, and shows them). */
function registerMetrics(telemetry: Telemetry, siem: Siem | undefined, health: DeploymentHealth): void {
  if (!telemetry.metrics) return;
  if (siem) registerSiemMetrics(telemetry.metrics.registry, siem);
  registerRoutingMetrics(telemetry.metrics.registry, health);
  registerClassifierMetrics(telemetry.metrics.registry, classifierPoolSnapshot);
}

/** Writes exchange records in batches; each committed batch goes to telemetry and the SIEM. */
function recorderPart(config: GatehouseConfig, store: Store, telemetry: Telemetry, siem: Siem, logger: Logger): Part<Recorder> {
  return {
    name: 'recorder',
    start() {
      const recorder = new Recorder(store, { batchSize: config.storage.batchSize, flushIntervalMs: config.storage.flushIntervalMs, logger });
      recorder.onCommitted(telemetry.listener);
      recorder.onCommitted(siem.listener);
      return recorder;
    },
    close: (recorder) => recorder.close(),
  };
}

interface AppDeps {
  config: GatehouseConfig;
  holder: RuntimeHolder;
  identity: IdentityServices | undefined;
  recorder: Recorder;
  logger: Logger;
  content: ContentPolicy | undefined;
  store: Store;
  controls: ControlPlane;
  health: DeploymentHealth;
  limitBackend: LimitBackend;
  telemetry: Telemetry;
  approvals: ApprovalDesk;
}

/** The HTTP app (not yet listening). Closing it stops accepting, fails readiness and waits for in-flight requests. */
function appPart(deps: AppDeps): Part<FastifyInstance> {
  const { config, identity, store, telemetry } = deps;
  let closing = false;
  return {
    name: 'HTTP app',
    start: () =>
      buildApp({
        holder: deps.holder,
        identity: identity && config.auth ? { ...identity, auth: config.auth } : undefined,
        sink: deps.recorder,
        logger: deps.logger,
        bodyLimitBytes: config.server.bodyLimitBytes,
        keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
        requestTimeoutMs: config.server.requestTimeoutMs,
        maxConnections: config.server.maxConnections,
        logExchanges: config.logging.exchanges,
        content: deps.content,
        store,
        controls: deps.controls,
        health: deps.health,
        limitBackend: deps.limitBackend,
        approvals: deps.approvals,
        metrics: { metrics: telemetry.metrics, path: config.telemetry.metrics.path },
        isReady: async () => {
          if (closing) throw new Error('closing');
          await store.ping();
        },
      }),
    async close(app) {
      closing = true;
      await app.close();
    },
  };
}
