import type { JsonWebKey } from 'node:crypto';
import type { AuthConfig } from '../config/schema-identity.js';
import { GatewayError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { authFailure, identityStateRefusal, type AuthFailure } from './auth-failure.js';
import { validateClientJwks } from './client-assertion.js';
import type { ApiKeyRecord, CredentialRepository } from './credentials.js';
import type { IdentityRegistry } from './identity-storage.js';
import { API_KEY_PREFIX, CLIENT_SECRET_PREFIX, displayPrefix, generateCredential, isWellFormed, type CredentialHasher } from './secrets.js';
import type { Identity } from './types.js';

/** The long-lived credentials of identities: bootstrap client secrets, client JWKS, static API keys. */
export interface ClientCredentials {
  createClientSecret(identityId: string): Promise<{ clientSecret: string; secretId: string }>;
  rotateClientSecret(identityId: string): Promise<{ clientSecret: string; secretId: string; previousValidUntil: number }>;
  verifyClientSecret(identityId: string, secret: string): Promise<boolean>;
  setClientJwks(identityId: string, jwks: { keys: JsonWebKey[] }): Promise<void>;
  createApiKey(identityId: string): Promise<{ apiKey: string; keyId: string }>;
  verifyApiKey(apiKey: string): Promise<{ ok: true; identityId: string; keyId: string } | AuthFailure>;
  /** Revokes one key; false when the identity has no such unrevoked key. `by` names who and why, for the listing. */
  revokeApiKey(keyId: string, by?: { actor: string; reason: string }, identityId?: string): Promise<boolean>;
  /** Synchronous, in memory: whether a key that authenticated earlier has been revoked since (a stream asks per part). */
  isApiKeyRevoked(keyId: string): boolean;
  /** The identity's keys, revoked ones included: ids, prefixes and times, never a hash. */
  listApiKeys(identityId: string): Promise<ApiKeyInfo[]>;
  /** (Re)loads the in-memory API-key index from the store. */
  loadApiKeys(): Promise<void>;
}

/** What an admin sees of a static API key. */
export interface ApiKeyInfo {
  keyId: string;
  identityId: string;
  /** The first characters of the key (`ghk_AbCd`), so its holder can tell which one it is. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface ClientCredentialsDeps {
  credentials: CredentialRepository;
  registry: IdentityRegistry;
  auth: AuthConfig;
  hasher: CredentialHasher;
  now: () => number;
}

/**
 * Secrets and keys are shown once and stored only as keyed hashes. A client secret is checked against
 * the identity's unexpired hashes, each in constant time; an API key is looked up by its hash in memory,
 * falling back to the store so a key made on another replica works at once.
 */
export function createClientCredentials(deps: ClientCredentialsDeps): ClientCredentials {
  return { ...clientSecretMethods(deps), ...apiKeyMethods(deps) };
}

type ClientSecretMethods = Pick<ClientCredentials, 'createClientSecret' | 'rotateClientSecret' | 'verifyClientSecret' | 'setClientJwks'>;
type ApiKeyMethods = Omit<ClientCredentials, keyof ClientSecretMethods>;

/** An in-memory API-key entry, by key hash. */
interface ApiKeyEntry {
  id: string;
  identityId: string;
  revoked: boolean;
}

function knownIdentity(registry: IdentityRegistry, identityId: string): Identity {
  const identity = registry.get(identityId);
  if (!identity) throw new GatewayError('identity_not_found', `No identity '${identityId}'.`);
  return identity;
}

function staticKeyRefusal(auth: AuthConfig, identity: Identity): AuthFailure | undefined {
  if (auth.staticKeyEnvironments.includes(identity.environment)) return undefined;
  return authFailure(
    'static_key_not_allowed',
    `Static API keys are not allowed for ${identity.environment} identities; use short-lived access tokens.`,
    identity.id,
  );
}

function apiKeyInfo(k: ApiKeyRecord): ApiKeyInfo {
  return {
    keyId: k.id,
    identityId: k.identityId,
    prefix: k.prefix,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
    revokedBy: k.revokedBy ?? null,
    revokeReason: k.revokeReason ?? null,
  };
}

/** Bootstrap client secrets (one live secret, rotated with an overlap) and the client JWKS. */
function clientSecretMethods({ credentials, registry, auth, hasher, now }: ClientCredentialsDeps): ClientSecretMethods {
  function newSecret(identityId: string, at: number) {
    const clientSecret = generateCredential(CLIENT_SECRET_PREFIX);
    const record = {
      id: `cs_${newRequestId()}`,
      identityId,
      hash: hasher.hash(clientSecret),
      prefix: displayPrefix(clientSecret),
      createdAt: at,
      expiresAt: null,
    };
    return { clientSecret, record };
  }

  return {
    async createClientSecret(identityId) {
      knownIdentity(registry, identityId);
      const at = now();
      if ((await credentials.listClientSecrets(identityId, at)).length > 0) {
        throw new GatewayError('invalid_request', `Identity ${identityId} already has a client secret; rotate it instead.`);
      }
      const { clientSecret, record } = newSecret(identityId, at);
      await credentials.addClientSecret(record);
      await registry.update(identityId, { lastRotatedAt: at });
      return { clientSecret, secretId: record.id };
    },

    async rotateClientSecret(identityId) {
      knownIdentity(registry, identityId);
      const at = now();
      const previousValidUntil = at + auth.secretRotationOverlapSeconds * 1000;
      const { clientSecret, record } = newSecret(identityId, at);
      await credentials.rotateClientSecret(record, previousValidUntil);
      await credentials.purgeClientSecrets(at);
      await registry.update(identityId, { lastRotatedAt: at });
      return { clientSecret, secretId: record.id, previousValidUntil };
    },

    async verifyClientSecret(identityId, secret) {
      const candidates = await credentials.listClientSecrets(identityId, now());
      if (!isWellFormed(secret, CLIENT_SECRET_PREFIX)) return false;
      // Every candidate is compared (no early exit), each in constant time.
      let match = false;
      for (const candidate of candidates) match = hasher.matches(secret, candidate.hash) || match;
      return match;
    },

    async setClientJwks(identityId, jwks) {
      knownIdentity(registry, identityId);
      await credentials.setClientJwks({ identityId, jwks: validateClientJwks(jwks), updatedAt: now() });
    },
  };
}

/** What an instance knows of API keys without a store read. */
interface ApiKeyIndex {
  /** By key hash. A revoked entry stays (until the next reload) so its holder is told without a store read. */
  byHash: Map<string, ApiKeyEntry>;
  /** Ids of keys revoked here or found revoked in the store: a stream authenticated by one is cut. */
  revokedIds: Set<string>;
}

/** The in-memory entry, else the store's record (a key made or revoked on another replica), cached. */
async function indexedEntry(credentials: CredentialRepository, index: ApiKeyIndex, hash: string): Promise<ApiKeyEntry | undefined> {
  const cached = index.byHash.get(hash);
  if (cached) return cached;
  const record = await credentials.findApiKeyByHash(hash);
  if (!record) return undefined;
  const entry = { id: record.id, identityId: record.identityId, revoked: record.revokedAt !== null };
  index.byHash.set(hash, entry);
  if (entry.revoked) index.revokedIds.add(entry.id);
  return entry;
}

/** Replaces the index with the store's active keys. */
function reindex(index: ApiKeyIndex, active: readonly ApiKeyRecord[]): void {
  // Another replica's revocation: a key missing from this list is looked up again (and found revoked).
  const activeIds = new Set(active.map((r) => r.id));
  for (const entry of index.byHash.values()) if (!activeIds.has(entry.id)) index.revokedIds.add(entry.id);
  index.byHash.clear();
  for (const r of active) index.byHash.set(r.hash, { id: r.id, identityId: r.identityId, revoked: false });
}

/** Static API keys: an in-memory index by key hash, backed by the store. */
function apiKeyMethods({ credentials, registry, auth, hasher, now }: ClientCredentialsDeps): ApiKeyMethods {
  const index: ApiKeyIndex = { byHash: new Map(), revokedIds: new Set() };
  return {
    async createApiKey(identityId) {
      const refusal = staticKeyRefusal(auth, knownIdentity(registry, identityId));
      if (refusal) throw new GatewayError(refusal.reason, refusal.message);
      const apiKey = generateCredential(API_KEY_PREFIX);
      const keyId = `ak_${newRequestId()}`;
      const hash = hasher.hash(apiKey);
      await credentials.addApiKey({ id: keyId, identityId, hash, prefix: displayPrefix(apiKey), createdAt: now(), revokedAt: null });
      index.byHash.set(hash, { id: keyId, identityId, revoked: false });
      return { apiKey, keyId };
    },

    async verifyApiKey(apiKey) {
      if (!isWellFormed(apiKey, API_KEY_PREFIX)) return authFailure('invalid_token', 'The API key is not valid.');
      const entry = await indexedEntry(credentials, index, hasher.hash(apiKey));
      if (!entry) return authFailure('invalid_token', 'The API key is not valid.');
      if (entry.revoked) return authFailure('api_key_revoked', 'The API key was revoked.', entry.identityId);
      const identity = registry.get(entry.identityId);
      if (!identity) return authFailure('invalid_token', 'The API key is not valid.');
      // Checked on every use: an identity moved to production loses its static keys at once.
      return identityStateRefusal(identity) ?? staticKeyRefusal(auth, identity) ?? { ok: true, identityId: identity.id, keyId: entry.id };
    },

    async revokeApiKey(keyId, by, identityId) {
      if (identityId !== undefined && !(await credentials.listApiKeys(identityId)).some((k) => k.id === keyId)) return false;
      // In memory first: the next request on this instance is refused even if the store write fails.
      for (const entry of index.byHash.values()) if (entry.id === keyId) entry.revoked = true;
      index.revokedIds.add(keyId);
      return credentials.revokeApiKey(keyId, now(), by && { actor: by.actor.slice(0, 256), reason: by.reason.slice(0, 512) });
    },

    async listApiKeys(identityId) {
      return (await credentials.listApiKeys(identityId)).map(apiKeyInfo);
    },

    isApiKeyRevoked(keyId) {
      return index.revokedIds.has(keyId);
    },

    async loadApiKeys() {
      reindex(index, await credentials.listActiveApiKeys());
    },
  };
}
