import type { JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { SigningKeyRecord } from './credentials.js';
import { seal, unseal } from './pepper-keys.js';

export type SigningAlgorithm = SigningKeyRecord['alg'];

/** One gateway signing key, opened: usable for signing (current) and verifying. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** What /.well-known/jwks.json publishes: kty, crv, x (y), kid, alg, use. */
  readonly publicJwk: JsonWebKey;
  readonly publicKey: CryptoKey;
  readonly privateKey: CryptoKey;
  readonly createdAt: number;
  readonly retiredAt: number | null;
}

/** Creates a key pair (Ed25519 for EdDSA, P-256 for ES256) and its sealed record. kid is the RFC 7638 thumbprint. */
export async function generateSigningKey(alg: SigningAlgorithm, createdAt: number, sealKey: Buffer): Promise<{ key: SigningKey; record: SigningKeyRecord }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const bare = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(bare, 'sha256');
  const publicJwk = { ...bare, kid, alg, use: 'sig' } as JsonWebKey;
  const privateKeyCiphertext = seal(JSON.stringify(privateJwk), sealKey, kid);
  const record: SigningKeyRecord = { kid, alg, publicJwk, privateKeyCiphertext, createdAt, retiredAt: null };
  // The extractable private key is dropped here: the one kept in memory is re-imported non-extractable.
  return { key: await openSigningKey(record, sealKey), record };
}

/**
 * Decrypts a stored key and checks it is what its row says: the kid is the thumbprint of the public
 * key, and the private key belongs to that public key. Throws otherwise (wrong pepper, tampered row).
 */
export async function openSigningKey(record: SigningKeyRecord, sealKey: Buffer): Promise<SigningKey> {
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(unseal(record.privateKeyCiphertext, sealKey, record.kid)) as JWK;
  } catch {
    throw new Error(`signing key ${record.kid} cannot be decrypted: is auth.secretPepper the one it was created with?`);
  }
  const pub = record.publicJwk as JWK;
  const thumbprint = await calculateJwkThumbprint(pub, 'sha256');
  if (thumbprint !== record.kid || privateJwk.x !== pub.x || privateJwk.y !== pub.y || privateJwk.crv !== pub.crv) {
    throw new Error(`signing key ${record.kid} does not match its stored public key`);
  }
  const [privateKey, publicKey] = await Promise.all([importJWK(privateJwk, record.alg), importJWK(pub, record.alg)]);
  return {
    kid: record.kid,
    alg: record.alg,
    publicJwk: record.publicJwk,
    privateKey: privateKey as CryptoKey,
    publicKey: publicKey as CryptoKey,
    createdAt: record.createdAt,
    retiredAt: record.retiredAt,
  };
}

/**
 * The keys that sign and verify access tokens: the current one, and retired ones until every token they
 * signed has expired (`retentionMs` after retirement: the longest token lifetime plus the clock skew).
 * So a rotation never breaks a token that is still valid.
 */
export class SigningKeyRing {
  readonly #keys = new Map<string, SigningKey>();
  readonly #retentionMs: number;
  #current: SigningKey | undefined;
  #jwks: { keys: JsonWebKey[] } = { keys: [] };
  /** The earliest time a retired key falls out of the ring. */
  #nextExpiry = Infinity;

  constructor(retentionMs: number) {
    this.#retentionMs = retentionMs;
  }

  /** Replaces the ring's content; the newest unretired key becomes current. */
  load(keys: readonly SigningKey[], now: number): void {
    this.#keys.clear();
    for (const key of keys) this.#keys.set(key.kid, key);
    this.#current = undefined;
    for (const key of keys) {
      if (key.retiredAt === null && (!this.#current || key.createdAt >= this.#current.createdAt)) this.#current = key;
    }
    this.#rebuild(now);
  }

  /** Makes `next` current; the previous current key is retired at `next.createdAt` and stays for verification. */
  rotate(next: SigningKey, now: number): void {
    for (const [kid, key] of this.#keys) {
      if (key.retiredAt === null) this.#keys.set(kid, { ...key, retiredAt: next.createdAt });
    }
    this.#keys.set(next.kid, next);
    this.#current = next;
    this.#rebuild(now);
  }

  get current(): SigningKey | undefined {
    return this.#current;
  }

  /** A key that may verify tokens now. */
  find(kid: string): SigningKey | undefined {
    return this.#keys.get(kid);
  }

  list(now: number): SigningKey[] {
    this.#prune(now);
    return [...this.#keys.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  jwks(now: number): { keys: JsonWebKey[] } {
    this.#prune(now);
    return this.#jwks;
  }

  /** A retired key is still needed until this time. */
  neededUntil(key: Pick<SigningKey, 'retiredAt'>): number {
    return key.retiredAt === null ? Infinity : key.retiredAt + this.#retentionMs;
  }

  #prune(now: number): void {
    if (now < this.#nextExpiry) return;
    this.#rebuild(now);
  }

  #rebuild(now: number): void {
    let nextExpiry = Infinity;
    for (const [kid, key] of this.#keys) {
      const until = this.neededUntil(key);
      if (now > until) this.#keys.delete(kid);
      else nextExpiry = Math.min(nextExpiry, until + 1);
    }
    this.#nextExpiry = nextExpiry;
    this.#jwks = Object.freeze({ keys: Object.freeze([...this.#keys.values()].map((key) => key.publicJwk)) }) as { keys: JsonWebKey[] };
  }
}
