import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { AuditConfig } from '../config/schema-audit.js';
import type { GatehouseConfig } from '../config/schema.js';
import type { Store } from '../storage/store.js';
import type { CheckpointSigner } from './checkpoint.js';
import { CheckpointLog } from './checkpoint-log.js';

/**
 * Where the external checkpoint log lives: `audit.checkpointFile`, else beside the SQLite database
 * (`<database>.checkpoints.jsonl`), else (PostgreSQL, or an in-memory database) beside the checkpoint
 * key file (`audit-checkpoints.jsonl`). Relative paths resolve against `cwd`.
 */
export function checkpointFilePath(config: Pick<GatehouseConfig, 'audit' | 'storage'>, cwd: string = process.cwd()): string {
  const audit: AuditConfig = config.audit;
  if (audit.checkpointFile !== undefined) return resolve(cwd, audit.checkpointFile);
  const storage = config.storage;
  if (storage.driver === 'sqlite' && storage.sqlite.path !== ':memory:' && storage.sqlite.path !== '')
    return `${resolve(cwd, storage.sqlite.path)}.checkpoints.jsonl`;
  const keyFile = isAbsolute(audit.keyFile) ? audit.keyFile : resolve(cwd, audit.keyFile);
  return join(dirname(keyFile), 'audit-checkpoints.jsonl');
}

/**
 * Opens the external checkpoint log for `signer`. A log created now (first start, or first start after
 * an upgrade) takes in the checkpoints the database already holds, so the ones signed before it existed
 * stay anchored; `adopted` says how many, for the start-up log line.
 */
export async function openCheckpointLog(
  path: string,
  store: Store,
  signer: CheckpointSigner,
): Promise<{ log: CheckpointLog; created: boolean; adopted: number }> {
  const { log, created } = CheckpointLog.open(path, signer);
  if (!created) return { log, created, adopted: 0 };
  const existing = await store.audit.checkpoints();
  log.append(existing);
  return { log, created, adopted: existing.length };
}
