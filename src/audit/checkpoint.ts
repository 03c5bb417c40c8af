import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../core/canonical.js';

/**
 * A checkpoint signs, with Ed25519, the Merkle root over the entry hashes of one range of the chain
 * (from..to, inclusive) and links to the checkpoint before it. Exported checkpoints (JSON Lines) can be
 * anchored where the operator cannot rewrite them; an entry covered by an anchored checkpoint cannot be
 * changed or removed without the mismatch showing.
 */
export interface CheckpointPayload {
  v: 1;
  from: number;
  to: number;
  root: string;
  /** Hash of the chain's entry `to`: ties the checkpoint to the chain itself, not only to a tree. */
  head: string;
  /** ms since epoch. */
  at: number;
  keyId: string;
  /** Digest of the previous checkpoint's payload; null for the first. */
  prev: string | null;
}

export interface Checkpoint extends CheckpointPayload {
  /** base64url Ed25519 signature over the canonical payload. */
  signature: string;
}

export interface CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(payload: CheckpointPayload): Checkpoint;
}

/** The canonical payload of a checkpoint, without its signature. */
export function checkpointPayload(cp: CheckpointPayload): CheckpointPayload {
  return { v: 1, from: cp.from, to: cp.to, root: cp.root, head: cp.head, at: cp.at, keyId: cp.keyId, prev: cp.prev };
}

/** Digest a following checkpoint links to. */
export function checkpointDigest(cp: CheckpointPayload): string {
  return sha256Hex(canonicalJson(checkpointPayload(cp)));
}

export function createCheckpointSigner(privateKey: KeyObject, keyId: string): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('audit checkpoint keys must be Ed25519');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId,
    publicKey,
    sign(payload) {
      const body = checkpointPayload({ ...payload, keyId });
      return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), privateKey).toString('base64url') };
    },
  };
}

/** True when the signature over the payload verifies under `publicKey`. Never throws on malformed input. */
export function verifyCheckpointSignature(cp: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(checkpointPayload(cp))), publicKey, Buffer.from(cp.signature, 'base64url'));
  } catch {
    return false;
  }
}
