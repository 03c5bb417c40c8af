import type { JsonWebKey } from 'node:crypto';

export type { JsonWebKey };

/**
 * Durable credential material, as the token service sees it. Secrets and API keys are stored only as
 * keyed hashes (HMAC-SHA256 under a key derived from auth.secretPepper); signing private keys only
 * encrypted (AES-256-GCM under another key derived from it). Nothing here holds a usable secret.
 * Times are ms since epoch.
 */

/** A client secret of one identity. Several may be valid at once during a rotation's overlap. */
export interface ClientSecretRecord {
  id: string;
  identityId: string;
  /** base64url HMAC-SHA256 of the secret. */
  hash: string;
  /** The first characters of the secret (`ghs_AbCd`), so an admin can tell secrets apart. */
  prefix: string;
  createdAt: number;
  /** null: valid until rotated. Set on rotation to the end of the overlap. */
  expiresAt: number | null;
}

/** A long-lived static API key (sandbox identities only, by default). */
export interface ApiKeyRecord {
  id: string;
  identityId: string;
  /** base64url HMAC-SHA256 of the key: the lookup key. */
  hash: string;
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
  /** Who revoked it (an identity id, or `cli:<os user>`), and why; null while it is valid. */
  revokedBy?: string | null;
  revokeReason?: string | null;
}

/** Public keys an identity signs its client assertions with (private_key_jwt, RFC 7523). */
export interface ClientJwksRecord {
  identityId: string;
  jwks: { keys: JsonWebKey[] };
  updatedAt: number;
}

/** One gateway signing key. The private key is never stored in clear. */
export interface SigningKeyRecord {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  alg: 'EdDSA' | 'ES256';
  publicJwk: JsonWebKey;
  /** `v1.<iv>.<ciphertext>.<tag>` (base64url): the private JWK sealed with AES-256-GCM, kid as AAD. */
  privateKeyCiphertext: string;
  createdAt: number;
  /** null: the current key. Set when a newer key replaces it; it still verifies for a while after. */
  retiredAt: number | null;
}

/** A revoked access token, kept until every copy of it has expired. */
export interface RevokedTokenRecord {
  jti: string;
  reason: string;
  revokedAt: number;
  expiresAt: number;
}

/**
 * Storage of credentials (a set of tables in the Store). One Kysely implementation serves SQLite and
 * PostgreSQL; src/storage/credential-repository.test.ts is its contract.
 */
export interface CredentialRepository {
  addClientSecret(secret: ClientSecretRecord): Promise<void>;
  /**
   * Rotation in one transaction: every secret of the identity still valid after `previousValidUntil`
   * now expires then, and `next` is added.
   */
  rotateClientSecret(next: ClientSecretRecord, previousValidUntil: number): Promise<void>;
  /** Secrets of an identity not expired at `at` (expiresAt null or later than `at`), oldest first. */
  listClientSecrets(identityId: string, at: number): Promise<ClientSecretRecord[]>;
  /** Deletes secrets that expired before `before`; returns how many. */
  purgeClientSecrets(before: number): Promise<number>;

  addApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Keys not revoked, oldest first (loaded into memory at start). */
  listActiveApiKeys(): Promise<ApiKeyRecord[]>;
  /** Every key of one identity, revoked ones included, oldest first. */
  listApiKeys(identityId: string): Promise<ApiKeyRecord[]>;
  /** Returns false when no such unrevoked key exists. */
  revokeApiKey(id: string, at: number, by?: { actor: string; reason: string }): Promise<boolean>;

  /** Insert or replace the identity's client JWKS. */
  setClientJwks(record: ClientJwksRecord): Promise<void>;
  getClientJwks(identityId: string): Promise<ClientJwksRecord | undefined>;

  addSigningKey(key: SigningKeyRecord): Promise<void>;
  /** In one transaction: every key not yet retired is retired at `next.createdAt`, and `next` is added. */
  rotateSigningKey(next: SigningKeyRecord): Promise<void>;
  /** Oldest first. */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /** Deletes keys retired before `before` (their tokens have all expired); returns how many. */
  purgeSigningKeys(retiredBefore: number): Promise<number>;

  /** Idempotent: revoking a revoked jti keeps the first record. */
  revokeToken(record: RevokedTokenRecord): Promise<void>;
  /** Revocations whose token has not expired at `at`. */
  listRevokedTokens(at: number): Promise<RevokedTokenRecord[]>;
  /** Deletes revocations of tokens that expired before `before`; returns how many. */
  purgeRevokedTokens(before: number): Promise<number>;
}
