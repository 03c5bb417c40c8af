import { GatewayError } from '../core/errors.js';
import type { CredentialRepository } from './credentials.js';
import { MAX_TOKEN_TTL_SECONDS } from './access-token.js';

/**
 * Revoked access tokens (by jti), held in memory so verifying needs no store round trip, and in the store
 * so every replica learns of them on its next `load`. An entry is forgotten once no token carrying its jti
 * can still verify.
 */
export function createTokenRevocations(deps: { credentials: CredentialRepository; skewMs: number; now: () => number }) {
  const { credentials, skewMs, now } = deps;
  /** jti -> when the revocation may be forgotten. */
  const revoked = new Map<string, number>();

  return {
    async load(): Promise<void> {
      const at = now();
      // Merged, not replaced: a local revocation whose store write failed still applies here.
      for (const r of await credentials.listRevokedTokens(at)) revoked.set(r.jti, r.expiresAt);
      for (const [jti, until] of revoked) if (until < at) revoked.delete(jti);
    },

    async revoke(jti: string, reason: string): Promise<void> {
      if (jti.length === 0 || jti.length > 256) throw new GatewayError('invalid_request', 'A token id (jti) is 1 to 256 characters.');
      const at = now();
      // Any token carrying this jti was minted before now (by a clock at most one skew ahead), so it
      // expires within the longest lifetime plus that skew, and verifies at most one more skew after.
      const expiresAt = at + MAX_TOKEN_TTL_SECONDS * 1000 + 2 * skewMs;
      // In memory first: the revocation applies to the next request even if the store write fails.
      revoked.set(jti, expiresAt);
      await credentials.revokeToken({ jti, reason: reason.slice(0, 512), revokedAt: at, expiresAt });
      for (const [id, until] of revoked) if (until < at) revoked.delete(id);
    },

    has: (jti: string): boolean => revoked.has(jti),
  };
}
