import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { GatehouseConfig } from './config/schema.js';
import { createSecretResolver, type SecretResolver } from './config/secrets.js';
import { createLogger, type Logger } from './log/logger.js';
import { createAuthenticator, type Authenticator } from './identity/authenticator.js';
import { createIdentityRegistry, syncConfigIdentities } from './identity/identity-registry.js';
import type { IdentityRegistry } from './identity/registry.js';
import { createTokenService, type TokenService } from './identity/token-service.js';
import { checkpointFilePath, openCheckpointLog } from './audit/anchor-setup.js';
import { startCheckpointer } from './audit/checkpointer.js';
import { loadCheckpointSigner } from './audit/signer-setup.js';
import { loadContentPolicy } from './audit/content-setup.js';
import { recordAction, startPurgeJob } from './audit/retention.js';
import type { ContentPolicy } from './audit/content-policy.js';
import { canonicalJson, sha256Hex } from './audit/canonical.js';
import { buildApp } from './server/app.js';
import { createTelemetry } from './telemetry/index.js';
import { startSiem } from './siem/index.js';
import { registerSiemMetrics } from './siem/metrics.js';
import { registerRoutingMetrics } from './routing/metrics.js';
import { packageVersion } from './core/version.js';
import { RuntimeHolder, buildRuntime, classifierPoolSnapshot } from './server/runtime.js';
import { registerClassifierMetrics } from './guardrails/detectors/classifier/metrics.js';
import { openStore } from './storage/open-store.js';
import { startControlPlane, type ControlPlane } from './control/control-plane.js';
import { redisControlSignal } from './control/redis-signal.js';
import { openLimitBackend } from './limits/open.js';
import type { LimitBackend } from './limits/backend.js';
import { createDeploymentHealth, type DeploymentHealth } from './routing/health.js';
import { looseModes } from './storage/private-file.js';
import { Recorder } from './storage/recorder.js';
import type { Store } from './storage/store.js';

export interface GatewayOptions {
  config: GatehouseConfig;
  configHash?: string;
  /** Folder that relative secret-file references resolve against. */
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
  /** Builds a runtime from a new configuration and swaps it in; throws and keeps the old one on failure. */
  reload(config: GatehouseConfig, configHash: string): Promise<void>;
  /** Stops accepting, drains in-flight exchanges, flushes records, closes pools and the store. */
  close(): Promise<void>;
}

/** Opens the store, applies migrations, builds the runtime and listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  // Records carry this as their policy version; a configuration given without one is hashed here.
  const configHash = options.configHash ?? sha256Hex(canonicalJson(config));
  const logger = options.logger ?? createLogger(config.logging.level);
  const baseDir = options.baseDir ?? process.cwd();
  const resolveSecret = createSecretResolver(options.env ?? process.env, baseDir);
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(config.storage, resolveSecret));
  await store.migrate();
  const { signer, createdKeyFile } = await loadCheckpointSigner(config.audit, resolveSecret, store, process.cwd());
  if (createdKeyFile) logger.warn({ keyFile: createdKeyFile, keyId: signer.keyId }, 'created an audit checkpoint key file; set audit.checkpointKey to a secret reference in production');
  const checkpointPath = checkpointFilePath(config);
  const checkpointLog = await openCheckpointLog(checkpointPath, store, signer);
  if (checkpointLog.created) logger.info({ checkpointFile: checkpointPath, adopted: checkpointLog.adopted }, 'created the audit checkpoint log outside the database; `audit verify` checks against it');
  warnLooseModes(config, checkpointPath, logger);
  await recordConfigVersion(store, configHash, config, 'start');
  const content = await loadContentPolicy(config.audit, resolveSecret, store, process.cwd(), logger);
  const purge = startPurgeJob(store, config.audit.retention.contentDays, config.audit.retention.purgeIntervalMinutes * 60_000, logger);
  void purge.runNow();
  const identity = config.auth ? await startIdentity(config, store, resolveSecret, logger) : undefined;
  const authenticator = config.auth?.mode === 'required' ? identity?.authenticator : undefined;
  // Operator controls, limit counters and deployment health outlive configuration reloads.
  const controls = await startControlPlane({ store, refreshMs: config.controls.refreshMs, logger, signal: redisControlSignal(config.limits, resolveSecret, logger) });
  const limitBackend = await openLimitBackend(config.limits, resolveSecret, logger);
  const health = createDeploymentHealth();
  const runtimeDeps = { resolveSecret, baseDir, authenticator, controls, limitBackend, health, logger };
  const holder = new RuntimeHolder(buildRuntime(config, configHash, runtimeDeps));
  // Other replicas' identity changes, key rotations and revocations reach this one within this interval;
  // this replica's own changes apply on its very next request.
  const refresher = identity ? setInterval(() => void refreshIdentity(identity, logger), IDENTITY_REFRESH_MS).unref() : undefined;
  const recorder = new Recorder(store, { batchSize: config.storage.batchSize, flushIntervalMs: config.storage.flushIntervalMs, logger });
  const telemetry = createTelemetry(config.telemetry, {
    models: () => holder.current.models.keys(),
    providerType: (id) => holder.current.config.providers[id]?.type,
    resolveSecret,
    logger,
  });
  recorder.onCommitted(telemetry.listener);
  const siem = await startSiem(config.siem, { resolveSecret, logger, version: packageVersion() });
  recorder.onCommitted(siem.listener);
  const checkpointer = startCheckpointer(store, signer, config.audit.checkpointIntervalSeconds * 1000, logger, { log: checkpointLog.log, onSigned: siem.checkpointListener });
  if (telemetry.metrics) registerSiemMetrics(telemetry.metrics.registry, siem);
  if (telemetry.metrics) registerRoutingMetrics(telemetry.metrics.registry, health);
  if (telemetry.metrics) registerClassifierMetrics(telemetry.metrics.registry, classifierPoolSnapshot);
  let closing = false;
  const app = buildApp({
    holder,
    identity: identity && config.auth ? { ...identity, auth: config.auth } : undefined,
    sink: recorder,
    logger,
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    requestTimeoutMs: config.server.requestTimeoutMs,
    maxConnections: config.server.maxConnections,
    logExchanges: config.logging.exchanges,
    content,
    store,
    controls,
    health,
    limitBackend,
    metrics: telemetry.metrics && { metrics: telemetry.metrics, path: config.telemetry.metrics.path },
    isReady: async () => {
      if (closing) throw new Error('closing');
      await store.ping();
    },
  });
  const url = await app.listen({ host: options.host ?? config.server.host, port: options.port ?? config.server.port });

  return {
    app,
    url,
    holder,
    store,
    recorder,
    resolveSecret,
    logger,
    identity,
    controls,
    limitBackend,
    health,
    checkpoints: checkpointer,
    content,
    async reload(next: GatehouseConfig, hash: string) {
      const runtime = buildRuntime(next, hash, runtimeDeps);
      await recordConfigVersion(store, hash, next, 'reload');
      if (identity) await syncConfigIdentities(identity.registry, next.identities, Date.now());
      holder.swap(runtime);
    },
    async close() {
      closing = true;
      await app.close();
      await recorder.close();
      // The last records of this process are anchored before it goes, and reach the SIEM before it closes.
      await checkpointer.runNow();
      await checkpointer.stop();
      await telemetry.shutdown();
      await siem.close();
      purge.stop();
      await holder.close();
      await controls.close();
      await limitBackend.close();
      if (refresher) clearInterval(refresher);
      await identity?.tokens.close();
      await identity?.registry.close();
      if (ownsStore) await store.close();
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
  await syncConfigIdentities(registry, config.identities, Date.now());
  const tokens = await createTokenService({ store, registry, auth, resolveSecret, logger });
  const authenticator = createAuthenticator({ tokens, registry, auth, store });
  return { registry, tokens, authenticator };
}
