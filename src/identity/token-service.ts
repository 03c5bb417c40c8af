import { randomUUID, type JsonWebKey } from 'node:crypto';
import type { AuthConfig } from '../config/schema-identity.js';
import type { SecretResolver } from '../config/secrets.js';
import { GatewayError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import { MAX_TOKEN_TTL_SECONDS, createAccessTokenVerifier, signAccessToken, type AccessTokenClaims } from './access-token.js';
import { authFailure, identityStateRefusal, type AuthFailure } from './auth-failure.js';
import { createClientAssertionVerifier } from './client-assertion.js';
import { createClientCredentials, type ApiKeyInfo } from './client-credentials.js';
import { checkEndUser } from './end-user.js';
import { grantScopes } from './scopes.js';
import { createExternalIssuers, type ExternalSubject, type JwksFetcher } from './external-issuers.js';
import { derivePepperKeys } from './pepper-keys.js';
import type { IdentityRegistry } from './identity-storage.js';
import { createCredentialHasher } from './secrets.js';
import type { SigningKeyRing } from './signing-keys.js';
import { createStoredSigningKeys } from './stored-signing-keys.js';
import { createTokenRevocations } from './token-revocations.js';
import type { Identity } from './types.js';

export type { AuthFailure } from './auth-failure.js';
export type { JsonWebKey };
export type { ApiKeyInfo };

/** A verified, unrevoked access token of an active identity. Frozen: it may be shared through the cache. */
export type VerifiedToken = AccessTokenClaims;

export interface MintOptions {
  /** Each must be one the identity may hold (and in `scopeCeiling`, when given), or the mint is refused with invalid_scope. */
  scopes?: string[];
  /** Token exchange: the scopes of the token being exchanged, which the new one may not exceed. */
  scopeCeiling?: readonly string[];
  ttlSeconds?: number;
  /** The agent identity acting for `endUser` (RFC 8693 `act.sub`). */
  actor?: string | null;
  endUser?: string | null;
}

export interface MintedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  jti: string;
  scope: string;
}

export interface TokenService {
  /** JWKS of the gateway's signing keys (current + still-needed retired ones). */
  jwks(): { keys: JsonWebKey[] };
  rotateSigningKey(): Promise<{ kid: string }>;
  listSigningKeys(): Promise<Array<{ kid: string; alg: string; createdAt: number; retiredAt: number | null; current: boolean }>>;
  /** Throws GatewayError: identity_suspended / identity_retired, end_user_assertion_denied, invalid_scope, invalid_request (end user, lifetime). */
  mintAccessToken(identity: Identity, options?: MintOptions): Promise<MintedToken>;
  /** No store round trip: local keys, in-memory revocations, the registry's in-memory identities. */
  verifyAccessToken(token: string): Promise<VerifiedToken | AuthFailure>;
  /** Shown once. Throws GatewayError identity_not_found, or invalid_request when the identity already has one. */
  createClientSecret(identityId: string): Promise<{ clientSecret: string; secretId: string }>;
  /** The previous secrets keep working until previousValidUntil (auth.secretRotationOverlapSeconds). */
  rotateClientSecret(identityId: string): Promise<{ clientSecret: string; secretId: string; previousValidUntil: number }>;
  verifyClientSecret(identityId: string, secret: string): Promise<boolean>;
  /** For private_key_jwt. Public asymmetric keys only (throws GatewayError invalid_request otherwise). */
  setClientJwks(identityId: string, jwks: { keys: JsonWebKey[] }): Promise<void>;
  /** private_key_jwt (RFC 7523): the identity the assertion authenticates, or invalid_client. */
  verifyClientAssertion(assertion: string, clientId: string | undefined): Promise<{ ok: true; identityId: string } | AuthFailure>;
  /** Token exchange (RFC 8693): a subject token of a configured external issuer, or invalid_grant. */
  verifySubjectToken(token: string): Promise<ExternalSubject | AuthFailure>;
  /** Refuses (GatewayError static_key_not_allowed) unless the identity's environment is in auth.staticKeyEnvironments. */
  createApiKey(identityId: string): Promise<{ apiKey: string; keyId: string }>;
  /** An active identity's static key, still allowed for its environment. */
  verifyApiKey(apiKey: string): Promise<{ ok: true; identityId: string; keyId: string } | AuthFailure>;
  /** One key: refused (api_key_revoked) from the next request here, on other replicas within the refresh interval. `identityId`: only if it is that identity's. */
  revokeApiKey(keyId: string, by?: { actor: string; reason: string }, identityId?: string): Promise<boolean>;
  listApiKeys(identityId: string): Promise<ApiKeyInfo[]>;
  /** Synchronous, in memory: a key revoked here, or seen revoked in the store, since it authenticated. */
  isApiKeyRevoked(keyId: string): boolean;
  revokeToken(jti: string, reason: string): Promise<void>;
  /** Synchronous, in memory. */
  isRevoked(jti: string): boolean;
  /** Re-reads signing keys, revocations and API keys (changes made by other replicas). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface TokenServiceDeps {
  store: Store;
  registry: IdentityRegistry;
  auth: AuthConfig;
  resolveSecret: SecretResolver;
  logger: Logger;
  /** ms since epoch; tests move time with it. */
  now?: () => number;
  fetchJwks?: JwksFetcher;
  /** Verified access tokens cached by their text (default 10 000; 0 disables). */
  verifiedTokenCacheSize?: number;
}

const DAY_MS = 86_400_000;

/**
 * Creates the token service. At start: derives the hash and sealing keys from auth.secretPepper, opens
 * the signing keys (creating the first, or rotating when the current one is older than
 * auth.keyRotationDays or of another algorithm than auth.signingAlgorithm), loads the revoked jtis not
 * yet expired and the active API keys.
 */
export async function createTokenService(deps: TokenServiceDeps): Promise<TokenService> {
  const { store, registry, auth, logger } = deps;
  const now = deps.now ?? Date.now;
  const credentials = store.credentials;
  const { hashKey, sealKey } = derivePepperKeys(deps.resolveSecret(auth.secretPepper));
  const skewMs = auth.clockSkewSeconds * 1000;
  // A retired key verifies until the last token it signed has expired, skew included.
  const retentionMs = MAX_TOKEN_TTL_SECONDS * 1000 + skewMs;
  const keys = createStoredSigningKeys({ credentials, sealKey, retentionMs, algorithm: auth.signingAlgorithm, now, logger });
  const verifier = createAccessTokenVerifier({
    ring: keys.ring,
    issuer: auth.issuer,
    audience: auth.audience,
    skewSeconds: auth.clockSkewSeconds,
    maxLifetimeSeconds: auth.maxTokenTtlSeconds,
    now,
    cacheSize: deps.verifiedTokenCacheSize ?? 10_000,
  });
  const assertions = createClientAssertionVerifier({ credentials, audiences: assertionAudiences(auth.issuer), skewSeconds: auth.clockSkewSeconds, now });
  const issuers = createExternalIssuers({ issuers: auth.externalIssuers, skewSeconds: auth.clockSkewSeconds, now, logger, fetchJwks: deps.fetchJwks });
  const revocations = createTokenRevocations({ credentials, skewMs, now });
  const { loadApiKeys, ...clientCredentials } = createClientCredentials({ credentials, registry, auth, hasher: createCredentialHasher(hashKey), now });
  const refreshOnMiss = identityRefreshOnMiss(registry, now);
  await keys.load();
  await keys.rotateIfDue(auth.keyRotationDays * DAY_MS);
  await revocations.load();
  await loadApiKeys();

  return {
    ...clientCredentials,
    jwks: () => keys.ring.jwks(now()),
    rotateSigningKey: keys.rotate,
    listSigningKeys: async () => keys.list(),
    mintAccessToken: (identity, options = {}) => mintAccessToken({ auth, registry, ring: keys.ring, now }, identity, options),

    async verifyAccessToken(token) {
      const claims = await verifier.verify(token);
      if (!claims.ok) return claims;
      if (revocations.has(claims.jti)) return authFailure('token_revoked', 'The access token was revoked.', claims.identityId);
      const identity = registry.get(claims.identityId) ?? (await refreshOnMiss(claims.identityId));
      if (!identity) return authFailure('invalid_token', 'The access token names an unknown identity.');
      return identityStateRefusal(identity) ?? claims;
    },

    verifyClientAssertion: (assertion, clientId) => assertions.verify(assertion, clientId),
    verifySubjectToken: (token) => issuers.verify(token),
    revokeToken: revocations.revoke,
    isRevoked: revocations.has,

    async refresh() {
      await keys.load();
      await revocations.load();
      await loadApiKeys();
    },

    // Nothing to release (no timers, no connections; the store is the caller's). Revocations stay in
    // memory on purpose: a late request must not verify a revoked token.
    async close() {},
  };
}

/** At most one store read per this interval for tokens naming identities this process does not know. */
const MISS_REFRESH_MS = 1_000;

/**
 * A token we signed names an identity this process has not loaded yet: one created by the CLI, another
 * replica or another worker of this gateway since the last refresh (`auth.refreshMs`). Reload the
 * identities once and look again, instead of refusing a valid token for up to that long. Refreshes are
 * shared and spaced, so tokens of an identity that is really gone cannot make every request read the store.
 */
function identityRefreshOnMiss(registry: IdentityRegistry, now: () => number): (id: string) => Promise<Identity | undefined> {
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  return async (id) => {
    if (!running && now() - last >= MISS_REFRESH_MS) {
      last = now();
      running = registry.refresh().finally(() => (running = undefined));
    }
    await running?.catch(() => undefined);
    return registry.get(id);
  };
}

/**
 * Signs an access token for an active identity with the current key, after checking the lifetime, the
 * scopes it may hold and whether it may act for end users (and that the actor and end user are valid).
 */
async function mintAccessToken(
  deps: { auth: AuthConfig; registry: IdentityRegistry; ring: SigningKeyRing; now: () => number },
  identity: Identity,
  options: MintOptions,
): Promise<MintedToken> {
  const { auth, registry } = deps;
  const refusal = identityStateRefusal(identity);
  if (refusal) throw new GatewayError(refusal.reason, refusal.message);
  const ttlSeconds = Math.min(options.ttlSeconds ?? auth.tokenTtlSeconds, auth.maxTokenTtlSeconds);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
    throw new GatewayError('invalid_request', 'The token lifetime must be a whole number of seconds, at least 1.');
  const scopes = grantScopes(identity, options.scopes ?? [], options.scopeCeiling);
  const actor = options.actor ?? null;
  const endUser = options.endUser ?? null;
  if ((actor !== null || endUser !== null) && !identity.mayAssertEndUsers) {
    throw new GatewayError('end_user_assertion_denied', `Identity ${identity.id} may not act for end users.`);
  }
  if (actor !== null && !registry.get(actor)) throw new GatewayError('invalid_request', 'The actor is not a known identity.');
  if (endUser !== null && !checkEndUser(endUser)) throw new GatewayError('invalid_request', 'The end user must be 1 to 256 printable characters.');
  const key = deps.ring.current;
  if (!key) throw new Error('no current signing key: rotate one with `gatehouse keys rotate`');
  const jti = randomUUID();
  const access_token = await signAccessToken(key, {
    issuer: auth.issuer,
    audience: auth.audience,
    identity,
    jti,
    scopes,
    actor,
    endUser,
    issuedAt: Math.floor(deps.now() / 1000),
    ttlSeconds,
  });
  return { access_token, token_type: 'Bearer', expires_in: ttlSeconds, jti, scope: scopes.join(' ') };
}

/** Client assertions may name the issuer or, when the issuer is a URL, its token endpoint (RFC 7523 §3). */
function assertionAudiences(issuer: string): string[] {
  if (!/^https?:\/\//i.test(issuer)) return [issuer];
  return [issuer, `${issuer.replace(/\/+$/, '')}/oauth/token`];
}
