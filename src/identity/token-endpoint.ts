import { GatewayError } from '../core/errors.js';
import type { AuthFailure } from './auth-failure.js';
import { CLIENT_ASSERTION_TYPE } from './client-assertion.js';
import { checkEndUser } from './end-user.js';
import type { IdentityRegistry } from './identity-storage.js';
import type { MintOptions, TokenService } from './token-service.js';
import type { Identity } from './types.js';

export const GRANT_CLIENT_CREDENTIALS = 'client_credentials';
export const GRANT_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE_JWT = 'urn:ietf:params:oauth:token-type:jwt';
export const TOKEN_TYPE_ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
export const TOKEN_TYPE_ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

/** RFC 6749 §5.2 error codes we answer with; each is also a reason code of the catalogue. */
export type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  /** RFC 8693 §2.2.1: present on token-exchange responses. */
  issued_token_type?: string;
}

export type TokenGrantResult =
  | { ok: true; identityId: string; endUser: string | null; body: TokenResponseBody; note: string }
  | {
      ok: false;
      error: OAuthError;
      /** Safe to send: no credential, claim value or end-user name. */
      description: string;
      /** The identity, once the client proved to be it (or the actor token did). */
      identityId: string | null;
      /** The precise cause, for the record's trace (e.g. identity_suspended). */
      note?: string;
      /** The client tried HTTP Basic: the 401 carries a Basic challenge (RFC 6749 §5.2). */
      basicChallenge?: boolean;
    };

export interface TokenRequest {
  /** Body parameters (form or JSON), each once. */
  params: Readonly<Record<string, string>>;
  authorization: string | undefined;
}

type Failure = Extract<TokenGrantResult, { ok: false }>;

function fail(error: OAuthError, description: string, extra: Partial<Omit<Failure, 'ok' | 'error' | 'description'>> = {}): Failure {
  return { ok: false, error, description, identityId: null, ...extra };
}

/** What the grants need: the token service, the identities and a clock. */
interface GrantContext {
  tokens: TokenService;
  registry: IdentityRegistry;
  now: () => number;
}

/**
 * POST /oauth/token without the HTTP: `client_credentials` (client_secret_basic, client_secret_post,
 * private_key_jwt) and RFC 8693 token exchange. A suspended or retired identity gets no token: the
 * answer is the grant's usual error (invalid_client, invalid_grant) and the precise cause goes in `note`.
 */
export function createTokenEndpoint(deps: {
  tokens: TokenService;
  registry: IdentityRegistry;
  now?: () => number;
}): (request: TokenRequest) => Promise<TokenGrantResult> {
  const context: GrantContext = { tokens: deps.tokens, registry: deps.registry, now: deps.now ?? Date.now };
  return async function grant(request) {
    const grantType = request.params.grant_type;
    if (grantType === undefined || grantType === '') return fail('invalid_request', 'grant_type is required.');
    if (grantType === GRANT_CLIENT_CREDENTIALS) return clientCredentials(context, request);
    if (grantType === GRANT_TOKEN_EXCHANGE) return tokenExchange(context, request);
    return fail('unsupported_grant_type', `grant_type must be ${GRANT_CLIENT_CREDENTIALS} or ${GRANT_TOKEN_EXCHANGE}.`);
  };
}

async function mint(
  { tokens, registry, now }: GrantContext,
  identity: Identity,
  options: MintOptions,
  onRefusal: OAuthError,
): Promise<TokenResponseBody | Failure> {
  try {
    const minted = await tokens.mintAccessToken(identity, options);
    registry.markUsed(identity.id, now());
    return { access_token: minted.access_token, token_type: 'Bearer', expires_in: minted.expires_in, scope: minted.scope };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    const error = err.reason === 'invalid_request' || err.reason === 'invalid_scope' ? err.reason : onRefusal;
    return fail(error, err.message, { identityId: identity.id, note: err.reason });
  }
}

async function clientCredentials(context: GrantContext, request: TokenRequest): Promise<TokenGrantResult> {
  const client = await authenticateClient(request, context.tokens, context.registry);
  if (!client.ok) return client;
  const identity = context.registry.get(client.identityId);
  if (!identity) return fail('invalid_client', 'Client authentication failed.');
  if (identity.state !== 'active') {
    return fail('invalid_client', `The client is ${identity.state}.`, { identityId: identity.id, note: `identity_${identity.state}` });
  }
  const body = await mint(context, identity, { scopes: scopesOf(request.params) }, 'invalid_client');
  return 'ok' in body ? body : { ok: true, identityId: identity.id, endUser: null, body, note: client.method };
}

async function tokenExchange(context: GrantContext, request: TokenRequest): Promise<TokenGrantResult> {
  const p = request.params;
  if (!p.subject_token || !p.subject_token_type) return fail('invalid_request', 'subject_token and subject_token_type are required.');
  if (p.subject_token_type !== TOKEN_TYPE_JWT && p.subject_token_type !== TOKEN_TYPE_ID_TOKEN) {
    return fail('invalid_request', `subject_token_type must be ${TOKEN_TYPE_JWT}.`);
  }
  if (p.requested_token_type !== undefined && p.requested_token_type !== TOKEN_TYPE_ACCESS_TOKEN) {
    return fail('invalid_request', `requested_token_type must be ${TOKEN_TYPE_ACCESS_TOKEN}.`);
  }
  if ((p.actor_token === undefined) !== (p.actor_token_type === undefined)) return fail('invalid_request', 'actor_token and actor_token_type go together.');
  const scopes = scopesOf(p);
  const result =
    p.actor_token === undefined
      ? await forWorkload(context, p.subject_token, scopes)
      : await forEndUser(context, p.subject_token, p.actor_token, p.actor_token_type as string, scopes);
  if (result.ok) result.body.issued_token_type = TOKEN_TYPE_ACCESS_TOKEN;
  return result;
}

/** The subject token is a workload's (a Kubernetes service account, say): the issuer's rules name its identity. */
async function forWorkload(context: GrantContext, subjectToken: string, scopes: string[]): Promise<TokenGrantResult> {
  const subject = await context.tokens.verifySubjectToken(subjectToken);
  if (!subject.ok) return grantRefused(subject);
  if (subject.identityId === null)
    return fail('invalid_grant', `No rule of issuer ${subject.issuerId} maps this subject to an identity.`, { note: 'unmapped_subject' });
  const identity = context.registry.get(subject.identityId);
  if (!identity) return fail('invalid_grant', 'The identity this subject maps to does not exist.', { note: 'unknown_identity' });
  if (identity.state !== 'active') {
    return fail('invalid_grant', `Identity ${identity.id} is ${identity.state}.`, { identityId: identity.id, note: `identity_${identity.state}` });
  }
  const body = await mint(context, identity, { scopes }, 'invalid_grant');
  return 'ok' in body ? body : { ok: true, identityId: identity.id, endUser: null, body, note: `token_exchange ${subject.issuerId}` };
}

/**
 * An agent acting for a user: the actor token is the agent's own gateway access token, the subject token
 * the user's token from a configured issuer. The new token's `sub` stays the agent (the identity whose
 * grants apply), with `act.sub` = the agent and `end_user` = the user's `sub`.
 */
async function forEndUser(
  context: GrantContext,
  subjectToken: string,
  actorToken: string,
  actorTokenType: string,
  scopes: string[],
): Promise<TokenGrantResult> {
  if (actorTokenType !== TOKEN_TYPE_ACCESS_TOKEN && actorTokenType !== TOKEN_TYPE_JWT) {
    return fail('invalid_request', `actor_token_type must be ${TOKEN_TYPE_ACCESS_TOKEN}.`);
  }
  const actor = await context.tokens.verifyAccessToken(actorToken);
  if (!actor.ok) return fail('invalid_grant', 'The actor token is not valid.', { identityId: actor.identityId ?? null, note: actor.reason });
  const agent = context.registry.get(actor.identityId);
  if (!agent) return fail('invalid_grant', 'The actor token is not valid.', { note: 'unknown_identity' });
  if (actor.actor !== null || actor.endUser !== null) {
    return fail('invalid_grant', "The actor token already acts for an end user; exchange the agent's own token.", { identityId: agent.id });
  }
  if (!agent.mayAssertEndUsers) {
    return fail('invalid_grant', `Identity ${agent.id} may not act for end users.`, { identityId: agent.id, note: 'end_user_assertion_denied' });
  }
  const subject = await context.tokens.verifySubjectToken(subjectToken);
  if (!subject.ok) return grantRefused(subject, agent.id);
  if (!checkEndUser(subject.subject)) return fail('invalid_grant', "The subject token's sub cannot name an end user.", { identityId: agent.id });
  // The delegated token never carries more than the agent's own token it was exchanged with.
  const body = await mint(context, agent, { scopes, scopeCeiling: actor.scopes, actor: agent.id, endUser: subject.subject }, 'invalid_grant');
  return 'ok' in body ? body : { ok: true, identityId: agent.id, endUser: subject.subject, body, note: `token_exchange ${subject.issuerId} act` };
}

function grantRefused(failure: AuthFailure, identityId?: string): Failure {
  return fail('invalid_grant', failure.message, { identityId: identityId ?? null, note: failure.reason });
}

function scopesOf(params: TokenRequest['params']): string[] {
  return (params.scope ?? '').split(' ').filter((s) => s !== '');
}

type ClientAuthentication = { ok: true; identityId: string; method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' } | Failure;

/** RFC 6749 §2.3: exactly one client authentication method per request. */
async function authenticateClient(request: TokenRequest, tokens: TokenService, registry: IdentityRegistry): Promise<ClientAuthentication> {
  const p = request.params;
  const basic = request.authorization === undefined ? undefined : parseBasic(request.authorization);
  const methods = Number(request.authorization !== undefined) + Number(p.client_secret !== undefined) + Number(p.client_assertion !== undefined);
  if (methods > 1) return fail('invalid_request', 'Use exactly one client authentication method.');
  if (methods === 0) return fail('invalid_client', 'Client authentication is required.', { basicChallenge: true });
  if (basic === null) return fail('invalid_client', 'The Authorization header must be HTTP Basic client credentials.', { basicChallenge: true });

  if (p.client_assertion !== undefined) {
    if (p.client_assertion_type !== CLIENT_ASSERTION_TYPE) return fail('invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`);
    const verified = await tokens.verifyClientAssertion(p.client_assertion, p.client_id);
    if (!verified.ok) return fail('invalid_client', verified.message);
    return { ok: true, identityId: verified.identityId, method: 'private_key_jwt' };
  }
  const clientId = basic?.clientId ?? p.client_id;
  const secret = basic?.secret ?? p.client_secret;
  if (clientId === undefined || clientId === '' || secret === undefined) return fail('invalid_request', 'client_id and client_secret are required.');
  if (basic && p.client_id !== undefined && p.client_id !== basic.clientId) return fail('invalid_request', 'client_id differs from the Basic credentials.');
  // The secret is checked even for an unknown client id, so the answer time does not tell which ids exist.
  const valid = await tokens.verifyClientSecret(clientId, secret);
  // A valid secret of an identity this instance does not know yet was made elsewhere (the CLI, another replica)
  // since the last periodic refresh: read the identities now, so `identity create` works at once. Only a caller
  // holding a valid secret can cause the read.
  if (valid && !registry.get(clientId)) await registry.refresh();
  if (!valid || !registry.get(clientId)) return fail('invalid_client', 'Client authentication failed.', { basicChallenge: basic !== undefined });
  return { ok: true, identityId: clientId, method: basic ? 'client_secret_basic' : 'client_secret_post' };
}

/** `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1); null when malformed. */
function parseBasic(header: string): { clientId: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
