import { GatewayError } from '../core/errors.js';
import type { Identity } from './types.js';
import { MAX_SCOPES, SCOPE_TOKEN } from '../core/scope-syntax.js';

/**
 * The scopes a new token for `identity` may carry when `requested` are asked for: all of them, or a
 * GatewayError invalid_scope naming the ones it may not hold (RFC 6749 §5.2: the request is refused,
 * never silently narrowed, so the client learns at once). Nothing requested grants nothing: a token
 * carries only the permissions its client asked for by name.
 */
export function grantScopes(identity: Identity, requested: readonly string[], ceiling?: readonly string[]): string[] {
  if (requested.length > MAX_SCOPES || !requested.every((s) => SCOPE_TOKEN.test(s))) {
    throw new GatewayError('invalid_scope', `scope must be at most ${MAX_SCOPES} space-separated tokens of printable ASCII.`, { param: 'scope' });
  }
  const unique = [...new Set(requested)];
  const refused = unique.filter((s) => !identity.allowedScopes.includes(s) || (ceiling !== undefined && !ceiling.includes(s)));
  if (refused.length > 0) {
    const names = refused
      .slice(0, 5)
      .map((s) => s.slice(0, 64))
      .join(' ');
    const whose = ceiling === undefined ? `identity ${identity.id} may hold` : `the actor token carries`;
    throw new GatewayError('invalid_scope', `Scope not granted: ${names}${refused.length > 5 ? ' ...' : ''}. Ask only for scopes ${whose}.`, {
      param: 'scope',
    });
  }
  return unique;
}

/**
 * A verified token's scopes cut to what its identity may hold now. Returns the token's own (frozen)
 * array when nothing is cut, which is the usual case, so a request allocates nothing here.
 */
export function currentScopes(tokenScopes: readonly string[], identity: Identity): string[] {
  if (tokenScopes.length === 0) return tokenScopes as string[];
  const allowed = identity.allowedScopes;
  for (const scope of tokenScopes) {
    if (!allowed.includes(scope)) return tokenScopes.filter((s) => allowed.includes(s));
  }
  return tokenScopes as string[];
}
