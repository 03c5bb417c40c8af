import { resolveConfigPaths } from '../config/paths.js';
import type { GatehouseConfig } from '../config/schema.js';
import { createSecretResolver, type SecretResolver } from '../config/secrets.js';
import type { Logger } from '../log/logger.js';
import { createMemoryLimitBackend } from '../limits/memory-backend.js';
import type { LimitBackend } from '../limits/backend.js';
import type { Siem } from '../siem/index.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { startParts } from '../gateway-parts.js';
import { startIdentity } from '../gateway-identity.js';
import { checkpointerPart, prepareAudit, purgePart, siemPart } from '../gateway-once.js';

export interface PrimaryServicesOptions {
  config: GatehouseConfig;
  configHash: string;
  baseDir: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

/** What the primary of `serve --workers N` runs once for all its workers. */
export interface PrimaryServices {
  /** The one set of in-memory limit counters every worker calls over IPC (unused with limits.backend: redis). */
  readonly limits: LimitBackend;
  /** The SIEM export: workers forward their committed records to it; checkpoints reach it from here. */
  readonly siem: Siem;
  /** Signs a checkpoint now (the last one at shutdown covers every worker's records). */
  readonly checkpoints: { runNow(): Promise<void> };
  readonly store: Store;
  /** Last, after every worker has exited: a final checkpoint, the SIEM's delivery or spool, then the store. */
  close(): Promise<void>;
}

/**
 * Starts, before any worker is forked, what must happen or run once per gateway rather than once per
 * worker: the migrations; the audit trail's keys, checkpoint log and start record (gateway-once.ts);
 * the identity signing key and the configuration's identities (so workers starting together do not each
 * rotate a key); then the content purge, the SIEM export (one writer per spool) and the checkpointer
 * (one signer of the one chain). Workers then find all of it made and only read it.
 */
export async function startPrimaryServices(options: PrimaryServicesOptions): Promise<PrimaryServices> {
  const { logger } = options;
  const config = resolveConfigPaths(options.config, options.baseDir);
  const resolveSecret = createSecretResolver(options.env ?? process.env, options.baseDir);
  return startParts(logger, async (parts) => {
    // The primary writes few records (purges, the start); its store never needs a writer thread.
    const store = await parts.start({
      name: 'store',
      start: () => openStore({ ...config.storage, sqlite: { ...config.storage.sqlite, writerThread: false } }, resolveSecret),
      close: (s) => s.close(),
    });
    await store.migrate();
    const audit = await prepareAudit(config, options.configHash, store, resolveSecret, logger);
    if (config.auth) await prepareIdentity(config, store, resolveSecret, logger);
    const limits = await parts.start({ name: 'limit counters', start: () => createMemoryLimitBackend(), close: (b) => b.close() });
    await parts.start(purgePart(config, store, logger));
    const siem = await parts.start(siemPart(config, resolveSecret, logger));
    const checkpoints = await parts.start(checkpointerPart(config, store, audit.signer, audit.checkpointLog, siem, logger));
    return { limits, siem, checkpoints, store, close: () => parts.close() };
  });
}

/** Creates the first signing key (or the due rotation) and syncs the configuration's identities, once. */
async function prepareIdentity(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Promise<void> {
  const identity = await startIdentity(config, store, resolveSecret, logger);
  await identity.tokens.close();
  await identity.registry.close();
}
