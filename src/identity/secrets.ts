import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Client secrets and API keys carry a prefix so a leaked one is recognisable (secret scanners, logs). */
export const CLIENT_SECRET_PREFIX = 'ghs_';
export const API_KEY_PREFIX = 'ghk_';

export type CredentialPrefix = typeof CLIENT_SECRET_PREFIX | typeof API_KEY_PREFIX;

/** 256 random bits, base64url: `ghs_` + 43 characters. */
export function generateCredential(prefix: CredentialPrefix): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The part of a credential safe to store and show: its type prefix and 4 characters (24 of 256 bits). */
export function displayPrefix(credential: string): string {
  return credential.slice(0, 8);
}

/** A credential of this kind is well formed: prefix + 43 base64url characters. */
export function isWellFormed(credential: string, prefix: CredentialPrefix): boolean {
  return credential.length === prefix.length + 43 && credential.startsWith(prefix) && /^[A-Za-z0-9_-]+$/.test(credential.slice(prefix.length));
}

/**
 * Keyed hashing of credentials: HMAC-SHA256 under a key derived from auth.secretPepper, so a copy of
 * the database alone cannot test guesses. The credentials are 256-bit random, so no slow hash is needed.
 */
export interface CredentialHasher {
  /** base64url HMAC of the credential: what is stored, and the API-key lookup key. */
  hash(credential: string): string;
  /** Constant-time comparison of a presented credential with a stored hash. */
  matches(credential: string, storedHash: string): boolean;
}

export function createCredentialHasher(hashKey: Buffer): CredentialHasher {
  function mac(credential: string): Buffer {
    return createHmac('sha256', hashKey).update(credential, 'utf8').digest();
  }
  return {
    hash(credential) {
      return mac(credential).toString('base64url');
    },
    matches(credential, storedHash) {
      const expected = Buffer.from(storedHash, 'base64url');
      const actual = mac(credential);
      // timingSafeEqual throws on a length mismatch; a stored hash always has 32 bytes.
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
