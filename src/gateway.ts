import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { resolveConfigPaths } from './config/paths.js';
import type { GatehouseConfig } from './config/schema.js';
import { createSecretResolver, type SecretResolver } from './config/secrets.js';
import { createLogger, type Logger } from './log/logger.js';
import { createAuthenticator, type Authenticator } from './identity/authenticator.js';
import { createIdentityRegistry, syncConfigIdentities } from './identity/identity-registry.js';
import type { IdentityRegistry } from './identity/identity-storage.js';
import { createTokenService, type TokenService } from './identity/token-service.js';
import { checkpointFilePath, openCheckpointLog } from './audit/anchor-setup.js';
import { startCheckpointer } from './audit/checkpointer.js';
import { loadCheckpointSigner } from './audit/signer-setup.js';
import type { CheckpointSigner } from './audit/checkpoint.js';
import type { CheckpointLog } from './audit/checkpoint-log.js';
import { loadContentPolicy } from './audit/content-setup.js';
import { recordAction, startPurgeJob } from './audit/retention.js';
import type { ContentPolicy } from './audit/content-policy.js';
import { canonicalJson, sha256Hex } from './core/canonical.js';
import { buildApp } from './server/app.js';
import { createTelemetry, type Telemetry } from './telemetry/index.js';
import { startSiem, type Siem } from './siem/index.js';
import { registerSiemMetrics } from './siem/siem-metrics.js';
import { registerRoutingMetrics } from './routing/deployment-metrics.js';
import { packageVersion } from './core/version.js';
import { RuntimeHolder, buildRuntime, classifierPoolSnapshot } from './server/runtime.js';
import { registerClassifierMetrics } from './guardrails/detectors/classifier/classifier-metrics.js';
import { openStore } from './storage/open-store.js';
import { startControlPlane, type ControlPlane } from './control/control-plane.js';
import { redisControlSignal } from './control/redis-signal.js';
import { openLimitBackend } from './limits/open-backend.js';
import type { LimitBackend } from './limits/backend.js';
import { createDeploymentHealth, type DeploymentHealth } from './routing/health.js';
import { looseModes } from './storage/private-file.js';
import { Recorder } from './storage/recorder.js';
import type { Store } from './storage/store.js';
import { startParts, type Part } from './gateway-parts.js';

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
}

/** Workload identity services, present when the config has an `auth` section. */
export interface IdentityServices {
  registry: IdentityRegistry;
  tokens: TokenService;
  authenticator: Authenticator;
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
  /** Signs checkpoints over the audit chain every `audit.checkpointIntervalSeconds`; `runNow` for tests and shutdown. */
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
  return startParts(logger, async (parts) => {
    const store = await parts.start(storePart(config, resolveSecret, options.store));
    await store.migrate();
    const { signer, checkpointLog, content } = await prepareAudit(config, configHash, store, resolveSecret, logger);
    const identity = config.auth ? await parts.start(identityPart(config, store, resolveSecret, logger)) : undefined;
    const authenticator = config.auth?.mode === 'required' ? identity?.authenticator : undefined;
    // Operator controls, limit counters and deployment health outlive configuration reloads.
    const limitBackend = await parts.start({
      name: 'limit backend',
      start: () => openLimitBackend(config.limits, resolveSecret, logger),
      close: (backend) => backend.close(),
    });
    const controls = await parts.start(controlsPart(config, store, resolveSecret, logger));
    const health = createDeploymentHealth();
    const runtimeDeps = { resolveSecret, baseDir, authenticator, controls, limitBackend, health, logger };
    const holder = await parts.start({
      name: 'runtime',
      start: () => new RuntimeHolder(buildRuntime(config, configHash, runtimeDeps)),
      close: (held) => held.close(),
    });
    await parts.start(purgePart(config, store, logger));
    const siem = await parts.start({
      name: 'SIEM export',
      start: () => startSiem(config.siem, { resolveSecret, logger, version: packageVersion() }),
      close: (started) => started.close(),
    });
    const telemetry = await parts.start(telemetryPart(config, holder, resolveSecret, logger));
    registerMetrics(telemetry, siem, health);
    const checkpointer = await parts.start(checkpointerPart(config, store, signer, checkpointLog, siem, logger));
    const recorder = await parts.start(recorderPart(config, store, telemetry, siem, logger));
    const app = await parts.start(appPart({ config, holder, identity, recorder, logger, content, store, controls, health, limitBackend, telemetry }));
    const url = await parts.start({
      name: 'HTTP listener',
      start: () => app.listen({ host: options.host ?? config.server.host, port: options.port ?? config.server.port }),
    });
    const reload = async (next: GatehouseConfig, hash: string) => {
      const runtime = buildRuntime(next, hash, runtimeDeps);
      await recordConfigVersion(store, hash, next, 'reload');
      if (identity) await syncConfigIdentities(identity.registry, next.identities, Date.now());
      holder.swap(runtime);
    };
    const services = { app, url, holder, store, recorder, resolveSecret, logger, identity, controls, limitBackend, health, content };
    return { ...services, checkpoints: checkpointer, reload, close: () => parts.close() };
  });
}

/** The store; one handed in by the caller (tests) stays open, it is the caller's to close. */
function storePart(config: GatehouseConfig, resolveSecret: SecretResolver, given: Store | undefined): Part<Store> {
  if (given) return { name: 'store (given)', start: () => given };
  return { name: 'store', start: () => openStore(config.storage, resolveSecret), close: (store) => store.close() };
}

/** Kill switches, incident mode and promotions, with the Redis change signal when limits share a Redis. */
function controlsPart(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Part<ControlPlane> {
  return {
    name: 'control plane',
    async start() {
      const signal = redisControlSignal(config.limits, resolveSecret, logger);
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

/**
 * The audit trail's start: the checkpoint signing key, the checkpoint log outside the database, the
 * configuration version (recorded as an admin action) and the content policy. Nothing here stays running.
 */
async function prepareAudit(config: GatehouseConfig, configHash: string, store: Store, resolveSecret: SecretResolver, logger: Logger) {
  const { signer, createdKeyFile } = await loadCheckpointSigner(config.audit, resolveSecret, store, process.cwd());
  if (createdKeyFile)
    logger.warn(
      { keyFile: createdKeyFile, keyId: signer.keyId },
      'created an audit checkpoint key file; set audit.checkpointKey to a secret reference in production',
    );
  const checkpointPath = checkpointFilePath(config);
  const checkpointLog = await openCheckpointLog(checkpointPath, store, signer);
  if (checkpointLog.created)
    logger.info(
      { checkpointFile: checkpointPath, adopted: checkpointLog.adopted },
      'created the audit checkpoint log outside the database; `audit verify` checks against it',
    );
  warnLooseModes(config, checkpointPath, logger);
  await recordConfigVersion(store, configHash, config, 'start');
  const content = await loadContentPolicy(config.audit, resolveSecret, store, process.cwd(), logger);
  return { signer, checkpointLog: checkpointLog.log, content };
}

/** Deletes stored content past retention: once now, then every purge interval. */
function purgePart(config: GatehouseConfig, store: Store, logger: Logger): Part<ReturnType<typeof startPurgeJob>> {
  return {
    name: 'content purge',
    start() {
      const purge = startPurgeJob(store, config.audit.retention.contentDays, config.audit.retention.purgeIntervalMinutes * 60_000, logger);
      void purge.runNow();
      return purge;
    },
    close: (purge) => purge.stop(),
  };
}

function telemetryPart(config: GatehouseConfig, holder: RuntimeHolder, resolveSecret: SecretResolver, logger: Logger): Part<Telemetry> {
  return {
    name: 'telemetry',
    start: () =>
      createTelemetry(config.telemetry, {
        models: () => holder.current.models.keys(),
        providerType: (id) => holder.current.config.providers[id]?.type,
        resolveSecret,
        logger,
      }),
    close: (telemetry) => telemetry.shutdown(),
  };
}

function registerMetrics(telemetry: Telemetry, siem: Siem, health: DeploymentHealth): void {
  if (!telemetry.metrics) return;
  registerSiemMetrics(telemetry.metrics.registry, siem);
  registerRoutingMetrics(telemetry.metrics.registry, health);
  registerClassifierMetrics(telemetry.metrics.registry, classifierPoolSnapshot);
}

/** Signs checkpoints every interval; at close, once more, so the last records of this process are anchored and reach the SIEM before it closes. */
function checkpointerPart(
  config: GatehouseConfig,
  store: Store,
  signer: CheckpointSigner,
  log: CheckpointLog,
  siem: Siem,
  logger: Logger,
): Part<ReturnType<typeof startCheckpointer>> {
  return {
    name: 'audit checkpointer',
    start: () => startCheckpointer(store, signer, config.audit.checkpointIntervalSeconds * 1000, logger, { log, onSigned: siem.checkpointListener }),
    async close(checkpointer) {
      await checkpointer.runNow();
      await checkpointer.stop();
    },
  };
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

const IDENTITY_REFRESH_MS = 5_000;

/**
 * Files the gateway keeps records and keys in, readable by others: said once at start, not changed
 * (an operator may have widened a mode on purpose; docs/audit.md says how to tighten it).
 */
function warnLooseModes(config: GatehouseConfig, checkpointPath: string, logger: Logger): void {
  const paths = [checkpointPath];
  const db = config.storage.driver === 'sqlite' && config.storage.sqlite.path !== ':memory:' ? resolve(config.storage.sqlite.path) : undefined;
  if (db) paths.push(db, `${db}-wal`, `${db}-shm`);
  if (config.audit.checkpointKey === undefined) paths.push(resolve(config.audit.keyFile));
  if (config.audit.content.key === undefined) paths.push(resolve(config.audit.content.keyFile));
  for (const loose of looseModes(paths)) logger.warn(loose, 'a Gatehouse data file is readable or writable by other users; chmod 600 it');
}

/**
 * Keeps the configuration by hash (what `replay --policy recorded` loads) and puts its loading in the
 * trail: a policy change is an admin action like any other.
 */
async function recordConfigVersion(store: Store, hash: string, config: GatehouseConfig, how: 'start' | 'reload'): Promise<void> {
  const t0 = performance.now();
  await store.configVersions.save(hash, config, Date.now());
  await recordAction(store, 'system:config', `config.${how}`, `policyVersion=${hash}`, t0);
}

async function refreshIdentity(identity: IdentityServices, logger: Logger): Promise<void> {
  try {
    await identity.registry.refresh();
    await identity.tokens.refresh();
  } catch (err) {
    logger.warn({ err: { name: (err as Error).name } }, 'identity refresh failed; keeping the current view');
  }
}

/** Loads identities (config ones synced), the token service (signing keys, revocations) and the authenticator. */
async function startIdentity(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Promise<IdentityServices> {
  const auth = config.auth as NonNullable<GatehouseConfig['auth']>;
  const registry = await createIdentityRegistry({ repository: store.identities, logger });
  try {
    await syncConfigIdentities(registry, config.identities, Date.now());
    const tokens = await createTokenService({ store, registry, auth, resolveSecret, logger });
    const authenticator = createAuthenticator({ tokens, registry, auth, store });
    return { registry, tokens, authenticator };
  } catch (err) {
    await registry.close();
    throw err;
  }
}

/**
 * Identity services, kept fresh: other replicas' identity changes, key rotations and revocations reach
 * this one within IDENTITY_REFRESH_MS; this replica's own changes apply on its very next request.
 */
function identityPart(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Part<IdentityServices> {
  let refresher: NodeJS.Timeout | undefined;
  return {
    name: 'identity',
    async start() {
      const identity = await startIdentity(config, store, resolveSecret, logger);
      refresher = setInterval(() => void refreshIdentity(identity, logger), IDENTITY_REFRESH_MS).unref();
      return identity;
    },
    async close(identity) {
      clearInterval(refresher);
      await identity.tokens.close();
      await identity.registry.close();
    },
  };
}
