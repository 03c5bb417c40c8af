import type { KeyObject } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { AuditConfig } from '../config/schema-audit.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Store } from '../storage/store.js';
import { createCheckpointSigner, type CheckpointSigner } from './checkpoint.js';
import { describeKey, loadOrCreateKeyFile, parseAuditKey } from './keys.js';

/**
 * The checkpoint signer of this process: the configured key, else the key file (created on first
 * start). Its public key is registered in the store so `audit verify` can find it; operators who do not
 * trust the database pass their own copy of the public keys (`gatehouse audit keys` prints them).
 */
export async function loadCheckpointSigner(
  config: AuditConfig,
  resolveSecret: SecretResolver,
  store: Store,
  baseDir: string,
  now = Date.now(),
): Promise<{ signer: CheckpointSigner; createdKeyFile: string | null }> {
  let createdKeyFile: string | null = null;
  let privateKey: KeyObject;
  if (config.checkpointKey !== undefined) {
    privateKey = parseAuditKey(resolveSecret(config.checkpointKey));
  } else {
    const path = isAbsolute(config.keyFile) ? config.keyFile : resolve(baseDir, config.keyFile);
    const loaded = loadOrCreateKeyFile(path);
    privateKey = loaded.key;
    if (loaded.created) createdKeyFile = path;
  }
  const key = await describeKey(privateKey);
  await store.audit.registerKey({ keyId: key.keyId, publicJwk: key.publicJwk, createdAt: now });
  return { signer: createCheckpointSigner(key.privateKey, key.keyId), createdKeyFile };
}
