import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { JWK } from 'jose';
import type { GatehouseConfig } from '../config/schema.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Store } from '../storage/store.js';
import { checkpointFilePath } from './anchor-setup.js';
import { EMPTY_HEAD } from '../core/audit-chain.js';
import { CheckpointLogError, readCheckpointLog, type ExternalCheckpoints } from './checkpoint-log.js';
import { describeKey, parseAuditKey, publicKeyFromJwk } from './keys.js';
import { verifyStore } from './verify-store.js';
import type { VerifyReport } from './verify.js';

export interface AnchoredVerifyOptions {
  /** A JWKS file: trust only these keys (`--keys`). */
  keysFile?: string | undefined;
  /** Checkpoints kept elsewhere (`--checkpoints`), instead of the configured checkpoint log. */
  checkpointsFile?: string | undefined;
  /** A brand-new gateway: no checkpoint yet, and no checkpoint log yet, is not a failure. */
  allowMissingCheckpoints?: boolean;
  now?: number;
}

/**
 * `gatehouse audit verify`: the trail checked against what lies outside the database. Checkpoints are
 * checked under keys that do not come from the database (the configured signing key, keys named in the
 * checkpoint log, or `--keys` alone), the chain against the checkpoint log (or `--checkpoints`), and a
 * trail older than the checkpoint interval plus grace must have a checkpoint.
 */
export async function verifyAnchored(
  store: Store,
  config: Pick<GatehouseConfig, 'audit' | 'storage'>,
  resolveSecret: SecretResolver,
  cwd: string,
  options: AnchoredVerifyOptions = {},
): Promise<VerifyReport> {
  const explicit = options.checkpointsFile !== undefined;
  const path = explicit ? resolve(cwd, options.checkpointsFile as string) : checkpointFilePath(config, cwd);
  let external: ExternalCheckpoints;
  try {
    external = await readCheckpointLog(path);
  } catch (err) {
    // An edited or cut checkpoint log is evidence, not an operational error: the trail fails.
    if (!(err instanceof CheckpointLogError)) throw err;
    return {
      ok: false,
      entries: 0,
      checkpoints: 0,
      anchoredThrough: 0,
      head: { ...EMPTY_HEAD },
      problem: { kind: 'checkpoint', seq: null, ref: null, detail: err.message },
      external: { path, exists: true, checkpoints: 0 },
    };
  }
  if (explicit && !external.exists) throw new Error(`${path}: no such checkpoint file`);
  const notes: string[] = [];
  let keys: Map<string, KeyObject>;
  if (options.keysFile !== undefined) {
    keys = readJwks(resolve(cwd, options.keysFile));
  } else {
    keys = new Map(external.keys);
    const own = await configuredKey(config, resolveSecret, cwd);
    if (own.key) keys.set(own.key.keyId, own.key.publicKey);
    else if (own.note) notes.push(own.note);
  }
  const allowMissing = options.allowMissingCheckpoints === true;
  const now = options.now ?? Date.now();
  const report = await verifyStore(store, keys, {
    external: allowMissing && !external.exists ? undefined : external,
    // One host writes every checkpoint of a SQLite trail, so its log must hold them all.
    externalComplete: !explicit && config.storage.driver === 'sqlite',
    checkpointsRequiredBefore: allowMissing ? undefined : now - (config.audit.checkpointIntervalSeconds + config.audit.checkpointGraceSeconds) * 1000,
  });
  return notes.length === 0 ? report : { ...report, notes: [...notes, ...(report.notes ?? [])] };
}

/** The public half of the key this configuration signs with, without creating a key file. */
async function configuredKey(
  config: Pick<GatehouseConfig, 'audit'>,
  resolveSecret: SecretResolver,
  cwd: string,
): Promise<{ key?: { keyId: string; publicKey: KeyObject }; note?: string }> {
  try {
    let pem: string;
    if (config.audit.checkpointKey !== undefined) {
      pem = resolveSecret(config.audit.checkpointKey);
    } else {
      const path = isAbsolute(config.audit.keyFile) ? config.audit.keyFile : resolve(cwd, config.audit.keyFile);
      if (!existsSync(path)) return { note: `no checkpoint key at ${path}: only keys in the checkpoint log are trusted` };
      pem = readFileSync(path, 'utf8');
    }
    const described = await describeKey(parseAuditKey(pem));
    return { key: { keyId: described.keyId, publicKey: createPublicKey(described.privateKey) } };
  } catch (err) {
    return { note: `the configured checkpoint key could not be read (${(err as Error).message}): only keys in the checkpoint log are trusted` };
  }
}

/** Keys of a JWKS file (`gatehouse audit keys` output), by `kid`. */
export function readJwks(path: string): Map<string, KeyObject> {
  const jwks = JSON.parse(readFileSync(path, 'utf8')) as { keys?: Array<JWK & { kid?: string }> };
  if (!Array.isArray(jwks.keys)) throw new Error(`${path}: not a JWKS (no "keys" array)`);
  return new Map(jwks.keys.map((k) => [String(k.kid), publicKeyFromJwk({ kty: k.kty, crv: k.crv, x: k.x } as JWK)]));
}
