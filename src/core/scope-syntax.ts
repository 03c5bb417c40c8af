/**
 * How a scope is spelled: shared by the configuration schema (identities' allowedScopes) and the token
 * service (scopes asked for at /oauth/token), so both refuse the same lists.
 */

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`; at most 128 here. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;
/** Most scopes one identity may hold or one token may carry. */
export const MAX_SCOPES = 32;

/**
 * Why a declared scope list is not acceptable, or undefined. `*` is refused rather than read as "every
 * scope": a scope is a permission a policy names, and a wildcard would grant ones not yet invented.
 */
export function scopeListProblem(scopes: readonly string[]): string | undefined {
  if (scopes.length > MAX_SCOPES) return `at most ${MAX_SCOPES} scopes`;
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope)) return `scope "${scope.slice(0, 40)}" must be 1 to 128 printable ASCII characters without space, " or \\`;
    if (scope === '*') return 'scope "*" is not a wildcard: list each scope the identity may hold';
  }
  return undefined;
}
