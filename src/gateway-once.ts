import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GatehouseConfig } from './config/schema.js';
import type { SecretResolver } from './config/secrets.js';
import type { Logger } from './log/logger.js';
import { checkpointFilePath, openCheckpointLog } from './audit/anchor-setup.js';
import { startCheckpointer } from './audit/checkpointer.js';
import { loadCheckpointSigner } from './audit/signer-setup.js';
import type { CheckpointSigner } from './audit/checkpoint.js';
import type { CheckpointLog } from './audit/checkpoint-log.js';
import { loadContentPolicy } from './audit/content-setup.js';
import { recordAction, startPurgeJob } from './audit/retention.js';
import { packageVersion } from './core/version.js';
import { startSiem, type Siem } from './siem/index.js';
import { looseModes } from './storage/private-file.js';
import type { Store } from './storage/store.js';
import type { Part } from './gateway-parts.js';

/**
 * The parts of a gateway that run once however many processes serve it (`serve --workers N`): the audit
 * trail's start (keys, the checkpoint log, the configuration version), the checkpointer that signs the
 * one chain every worker appends to, the content purge and the SIEM export with its single-writer spool.
 * One process runs them: the gateway itself, or the cluster primary (src/cluster/primary-services.ts).
 */

/**
 * The audit trail's start: the checkpoint signing key, the checkpoint log outside the database, the
 * configuration version (recorded as an admin action) and the content policy. Nothing here stays running.
 */
export async function prepareAudit(config: GatehouseConfig, configHash: string, store: Store, resolveSecret: SecretResolver, logger: Logger) {
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
export function purgePart(config: GatehouseConfig, store: Store, logger: Logger): Part<ReturnType<typeof startPurgeJob>> {
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

/** Delivers committed records and signed checkpoints to the configured SIEM sinks (each with its own disk spool). */
export function siemPart(config: GatehouseConfig, resolveSecret: SecretResolver, logger: Logger): Part<Siem> {
  return {
    name: 'SIEM export',
    start: () => startSiem(config.siem, { resolveSecret, logger, version: packageVersion() }),
    close: (started) => started.close(),
  };
}

/** Signs checkpoints every interval; at close, once more, so the last records of this process are anchored and reach the SIEM before it closes. */
export function checkpointerPart(
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
export async function recordConfigVersion(store: Store, hash: string, config: GatehouseConfig, how: 'start' | 'reload'): Promise<void> {
  const t0 = performance.now();
  await store.configVersions.save(hash, config, Date.now());
  await recordAction(store, 'system:config', `config.${how}`, `policyVersion=${hash}`, t0);
}
