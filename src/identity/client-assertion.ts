import type { JsonWebKey } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { GatewayError } from '../core/errors.js';
import { authFailure, type AuthFailure } from './auth-failure.js';
import type { CredentialRepository } from './credentials.js';

/** RFC 7523 client authentication (`private_key_jwt`). */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Asymmetric algorithms only: an HMAC "assertion" would need a shared secret, and `none` proves nothing. */
export const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** An assertion is a one-shot proof: its exp may be at most this far ahead (plus the clock skew). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_CLIENT_KEYS = 10;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

export interface ClientAssertionVerifierOptions {
  credentials: CredentialRepository;
  /** Accepted `aud` values: the gateway issuer and its token endpoint URL. */
  audiences: string[];
  skewSeconds: number;
  now: () => number;
}

export interface ClientAssertionVerifier {
  /** The identity the assertion authenticates, or invalid_client. `clientId` is the request's client_id, if sent. */
  verify(assertion: string, clientId: string | undefined): Promise<{ ok: true; identityId: string } | AuthFailure>;
}

/**
 * Verifies client assertions against the identity's registered JWKS: iss = sub = client_id, aud one of
 * ours, exp required and short, and each jti accepted once. Seen jtis stay in memory until their
 * assertion expires (a replay on another replica is not caught; the short exp bounds the window).
 */
export function createClientAssertionVerifier(options: ClientAssertionVerifierOptions): ClientAssertionVerifier {
  const { credentials, audiences, skewSeconds, now } = options;
  const seen = new Map<string, number>();
  let lastSweep = -Infinity;
  const refused = (message: string) => authFailure('invalid_client', message);
  return {
    async verify(assertion, clientId) {
      let subject: unknown;
      try {
        subject = decodeJwt(assertion).sub;
      } catch {
        return refused('The client assertion is malformed.');
      }
      if (typeof subject !== 'string' || (clientId !== undefined && clientId !== subject)) return refused('The client assertion does not name this client.');
      const registered = await credentials.getClientJwks(subject);
      if (!registered) return refused('The client assertion could not be verified.');
      const nowMs = now();
      let exp: number;
      let jti: string;
      try {
        const { payload } = await jwtVerify(assertion, createLocalJWKSet(registered.jwks as JSONWebKeySet), {
          algorithms: ASSERTION_ALGORITHMS,
          issuer: subject,
          subject,
          audience: audiences,
          clockTolerance: skewSeconds,
          currentDate: new Date(nowMs),
          requiredClaims: ['exp', 'jti'],
        });
        exp = payload.exp as number;
        jti = String(payload.jti);
      } catch (err) {
        if (err instanceof errors.JWTExpired) return refused('The client assertion has expired.');
        return refused('The client assertion could not be verified.');
      }
      if (exp * 1000 > nowMs + (MAX_ASSERTION_LIFETIME_SECONDS + skewSeconds) * 1000) {
        return refused(`The client assertion must expire within ${MAX_ASSERTION_LIFETIME_SECONDS} seconds.`);
      }
      if (nowMs - lastSweep >= 1000) {
        lastSweep = nowMs;
        for (const [key, until] of seen) if (until < nowMs) seen.delete(key);
      }
      const key = `${subject}\u0000${jti}`;
      if (seen.has(key)) return refused('The client assertion was already used.');
      seen.set(key, (exp + skewSeconds) * 1000);
      return { ok: true, identityId: subject };
    },
  };
}

/** Refuses anything but a small set of public asymmetric keys (throws GatewayError invalid_request). */
export function validateClientJwks(jwks: unknown): { keys: JsonWebKey[] } {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_CLIENT_KEYS) {
    throw new GatewayError('invalid_request', `A client JWKS must hold 1 to ${MAX_CLIENT_KEYS} keys.`);
  }
  for (const key of keys as Array<Record<string, unknown>>) {
    if (typeof key !== 'object' || key === null || !['RSA', 'EC', 'OKP'].includes(key.kty as string)) {
      throw new GatewayError('invalid_request', 'Client JWKS keys must be RSA, EC or OKP public keys.');
    }
    if (PRIVATE_MEMBERS.some((member) => member in key)) {
      throw new GatewayError('invalid_request', 'A client JWKS must hold public keys only; never send a private key.');
    }
  }
  return { keys: keys as JsonWebKey[] };
}
