import type { IncomingHttpHeaders } from 'node:http';
import type { Exchange } from '../../core/exchange.js';
import { REASON_CODES } from '../../core/reason-codes.js';
import { CONTINUE, respond, type Respond, type Stage, type Verdict } from '../../core/stage.js';
import type { AuthFailure } from '../../identity/auth-failure.js';
import type { Authenticator } from '../../identity/authenticator.js';

/** RFC 6750 §3: a 401 tells the client which scheme to use, and whether its token was the problem. */
const CHALLENGE = 'Bearer realm="gatehouse"';
const INVALID_TOKEN_CHALLENGE = 'Bearer realm="gatehouse", error="invalid_token"';

/**
 * The refusal of a credential, with the RFC 6750 challenge of a 401: the authenticate stage's verdict, and the
 * MCP gateway's answer to a request refused before the protocol starts (src/server/routes/mcp-admission.ts).
 */
export function credentialRefusal(failure: AuthFailure): Respond {
  if (failure.reason === 'authentication_required') return respond(failure.reason, failure.message, { headers: { 'www-authenticate': CHALLENGE } });
  // RFC 9110 §15.5.2: every 401 carries a challenge (expired, revoked, a revoked static key: the token was the problem).
  if (REASON_CODES[failure.reason].status === 401)
    return respond(failure.reason, failure.message, { headers: { 'www-authenticate': INVALID_TOKEN_CHALLENGE } });
  return respond(failure.reason, failure.message);
}

type Authentication = Awaited<ReturnType<Authenticator['authenticate']>>;

/**
 * Authentications already made for an HTTP request, by its headers object: the MCP admission checks the
 * token of every HTTP request before the protocol (src/server/routes/mcp-admission.ts), and the calls that
 * request carries then pass this stage; they take the admission's verdict on the very same headers rather
 * than verify the token again. Only the admission adds entries, and an entry lives as long as its request.
 */
const admitted = new WeakMap<IncomingHttpHeaders, Authentication>();

/** Authenticates one HTTP request for the MCP admission, and keeps the verdict for this stage on its calls. */
export async function authenticateAdmission(authenticator: Authenticator, headers: IncomingHttpHeaders): Promise<Authentication> {
  const result = await authenticator.authenticate(headers);
  admitted.set(headers, result);
  return result;
}

/**
 * The first security stage: sets `exchange.principal`, `exchange.identity` and `exchange.endUser`, or
 * refuses with the authenticator's reason. Always enforced and fail closed: it has no shadow mode.
 * While a stream flows it checks, per part, that the caller still stands (see cutRevokedStream).
 * A caller identified but refused (suspended, static key not allowed, ...) is still named on the record.
 */
export function createAuthenticateStage(authenticator: Authenticator): Stage {
  return {
    name: 'authenticate',
    enforce: true,
    failOpen: false,
    onRequest: async function authenticate(exchange: Exchange): Promise<Verdict> {
      const result = admitted.get(exchange.headers) ?? (await authenticator.authenticate(exchange.headers));
      if (!result.ok) {
        if (result.identityId !== undefined) exchange.identity = { id: result.identityId, kind: 'workload' };
        return credentialRefusal(result);
      }
      const { principal } = result;
      exchange.principal = principal;
      exchange.identity = { id: principal.identity.id, kind: principal.identity.roles.length > 0 ? 'admin' : 'workload' };
      exchange.endUser = principal.endUser;
      return CONTINUE;
    },
    // A suspension, a retirement or a token revocation cuts a stream already flowing, at its next part, with
    // the reason a new request would get: two in-memory lookups per part.
    onStreamPart: function cutRevokedStream(exchange: Exchange): Respond | undefined {
      const principal = exchange.principal;
      if (!principal || !authenticator.revalidate) return undefined;
      const failure = authenticator.revalidate(principal);
      return failure ? respond(failure.reason, failure.message) : undefined;
    },
  };
}
