import type { Logger } from '../log/logger.js';
import type { CredentialRepository } from './credentials.js';
import { SigningKeyRing, generateSigningKey, openSigningKey, type SigningAlgorithm, type SigningKey } from './signing-keys.js';

export interface StoredSigningKeysDeps {
  credentials: CredentialRepository;
  /** Seals private keys at rest (derived from auth.secretPepper). */
  sealKey: Buffer;
  /** How long a retired key keeps verifying: the longest token lifetime plus clock skew. */
  retentionMs: number;
  algorithm: SigningAlgorithm;
  now: () => number;
  logger: Logger;
}

/**
 * The gateway's signing keys as the store keeps them, opened into a ring: `load` re-reads them (other
 * replicas rotate too), `rotate` makes a new current key, and keys no token can still need are purged.
 */
export function createStoredSigningKeys(deps: StoredSigningKeysDeps) {
  const { credentials, sealKey, retentionMs, now } = deps;
  const ring = new SigningKeyRing(retentionMs);

  async function load(): Promise<void> {
    const at = now();
    await credentials.purgeSigningKeys(at - retentionMs);
    const records = (await credentials.listSigningKeys()).filter((r) => at <= ring.neededUntil(r));
    const opened: SigningKey[] = [];
    for (const record of records) {
      // kid is the public key's thumbprint: a kid already open is the same key, only its retiredAt may differ.
      const known = ring.find(record.kid);
      opened.push(known ? { ...known, retiredAt: record.retiredAt } : await openSigningKey(record, sealKey));
    }
    ring.load(opened, at);
  }

  async function rotate(): Promise<{ kid: string }> {
    const at = now();
    const { key, record } = await generateSigningKey(deps.algorithm, at, sealKey);
    await credentials.rotateSigningKey(record);
    ring.rotate(key, at);
    await credentials.purgeSigningKeys(at - retentionMs);
    deps.logger.info({ kid: key.kid, alg: key.alg }, 'signing key rotated');
    return { kid: key.kid };
  }

  return {
    ring,
    load,
    rotate,
    /** Rotates when there is no current key, or it is of another algorithm or older than `maxAgeMs`. */
    async rotateIfDue(maxAgeMs: number): Promise<void> {
      const current = ring.current;
      if (!current || current.alg !== deps.algorithm || now() - current.createdAt >= maxAgeMs) await rotate();
    },
    list() {
      const kid = ring.current?.kid;
      return ring.list(now()).map((k) => ({ kid: k.kid, alg: k.alg, createdAt: k.createdAt, retiredAt: k.retiredAt, current: k.kid === kid }));
    },
  };
}
