import type { IncomingHttpHeaders } from 'node:http';
import type { AuthConfig } from '../config/schema-identity.js';
import type { Store } from '../storage/store.js';
import { authFailure, identityStateRefusal, type AuthFailure } from './auth-failure.js';
import { checkEndUser, endUserHeader } from './end-user.js';
import type { IdentityRegistry } from './identity-storage.js';
import { currentScopes } from './scopes.js';
import { API_KEY_PREFIX } from './secrets.js';
import type { TokenService } from './token-service.js';
import type { CredentialKind, Identity, Principal } from './types.js';

export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<{ ok: true; principal: Principal } | AuthFailure>;
  /**
   * Whether a principal authenticated earlier still stands: its identity not suspended, retired or gone,
   * its access token or static API key not revoked. Synchronous and in memory (a stream asks on every part); undefined: yes.
   */
  revalidate?(principal: Principal): AuthFailure | undefined;
}

export interface AuthenticatorDeps {
  tokens: TokenService;
  registry: IdentityRegistry;
  /**
   * Not read: the static-key environments are enforced by `tokens.verifyApiKey`, which owns the API-key
   * index (and its store fallback). Accepted so the wiring can hand over the whole identity bundle.
   */
  auth?: AuthConfig;
  /** Not read, as `auth`. */
  store?: Store;
  /** ms since epoch, for last-use marks. */
  now?: () => number;
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Who is calling: `Authorization: Bearer <access token>` (a JWT of this gateway) or `Bearer ghk_...` (a
 * static API key, for the environments auth.staticKeyEnvironments allows). Then the end user: named by the
 * token's `end_user` claim and/or the x-gatehouse-end-user header, only by identities allowed to; any
 * other attempt is refused (end_user_assertion_denied) without echoing the name.
 * Runs on every request with no store round trip, except a first use of an API key made on another replica.
 */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { tokens, registry } = deps;
  const now = deps.now ?? Date.now;
  return {
    async authenticate(headers) {
      const header = headers.authorization || apiKeyAsBearer(headers['x-api-key']);
      if (header === undefined || header === '') {
        return authFailure('authentication_required', 'Send an access token as "Authorization: Bearer <token>" (or "x-api-key: <token>").');
      }
      const credential = BEARER.exec(header)?.[1];
      if (credential === undefined) return authFailure('invalid_token', 'The Authorization header must be "Bearer <token>".');
      const verified = await verifyCredential(tokens, credential);
      if (!verified.ok) return verified;
      const identity = registry.get(verified.identityId);
      if (!identity) return authFailure('invalid_token', 'The credential names an unknown identity.');
      // What the identity may hold now, not when the token was minted: a shrunk grant applies at once.
      const scopes = currentScopes(verified.scopes, identity);
      const endUser = endUserOf(identity, headers, verified.endUser);
      if (typeof endUser === 'object' && endUser !== null) return endUser;
      registry.markUsed(identity.id, now());
      const { kind, tokenId, apiKeyId, actor } = verified;
      return { ok: true, principal: { identity, credential: kind, tokenId, apiKeyId, scopes, endUser, actor } };
    },

    revalidate(principal) {
      return revalidate(tokens, registry, principal);
    },
  };
}

/**
 * Anthropic's SDKs send the key as `x-api-key`: the same gateway credential (an access token or a static
 * key, never a provider's key), taken only when no Authorization header is sent, so one request cannot
 * carry two credentials that disagree about who is calling.
 */
function apiKeyAsBearer(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? `Bearer ${value}` : undefined;
}

/** What a verified bearer credential says, before the identity is looked up. */
interface VerifiedCredential {
  ok: true;
  identityId: string;
  kind: CredentialKind;
  tokenId: string | null;
  apiKeyId: string | null;
  scopes: string[];
  actor: string | null;
  /** The access token's `end_user` claim. */
  endUser: string | null;
}

/** A static API key (`ghk_...`) or this gateway's access token. */
async function verifyCredential(tokens: TokenService, credential: string): Promise<VerifiedCredential | AuthFailure> {
  if (credential.startsWith(API_KEY_PREFIX)) {
    const key = await tokens.verifyApiKey(credential);
    if (!key.ok) return key;
    return { ok: true, identityId: key.identityId, kind: 'api_key', tokenId: null, apiKeyId: key.keyId, scopes: [], actor: null, endUser: null };
  }
  const token = await tokens.verifyAccessToken(credential);
  if (!token.ok) return token;
  const { identityId, jti, scopes, actor, endUser } = token;
  return { ok: true, identityId, kind: 'access_token', tokenId: jti, apiKeyId: null, scopes, actor, endUser };
}

/** The end user the request acts for (token claim and/or header), or the refusal of naming one. */
function endUserOf(identity: Identity, headers: IncomingHttpHeaders, tokenEndUser: string | null): string | null | AuthFailure {
  const asserted = endUserHeader(headers);
  if (asserted === undefined && tokenEndUser === null) return null;
  if (!identity.mayAssertEndUsers) return authFailure('end_user_assertion_denied', `Identity ${identity.id} may not name end users.`, identity.id);
  if (asserted === undefined) return tokenEndUser;
  if (!checkEndUser(asserted))
    return authFailure('invalid_request', 'x-gatehouse-end-user must be 1 to 256 characters without control characters.', identity.id);
  // A token issued for one user cannot be pointed at another by a header.
  if (tokenEndUser !== null && asserted !== tokenEndUser) {
    return authFailure('end_user_assertion_denied', 'x-gatehouse-end-user differs from the end user the access token was issued for.', identity.id);
  }
  return asserted;
}

function revalidate(tokens: TokenService, registry: IdentityRegistry, principal: Principal): AuthFailure | undefined {
  const id = principal.identity.id;
  const current = registry.get(id);
  if (!current) return authFailure('invalid_token', 'The credential names an unknown identity.', id);
  const refusal = identityStateRefusal(current);
  if (refusal) return refusal;
  if (principal.tokenId !== null && tokens.isRevoked(principal.tokenId)) return authFailure('token_revoked', 'The access token was revoked.', id);
  if (principal.apiKeyId != null && tokens.isApiKeyRevoked(principal.apiKeyId)) return authFailure('api_key_revoked', 'The API key was revoked.', id);
  return undefined;
}
