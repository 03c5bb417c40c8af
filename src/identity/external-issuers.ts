import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/schema-identity.js';
import type { Logger } from '../log/logger.js';
import { authFailure, type AuthFailure } from './auth-failure.js';

/** Builds the key source of one issuer's JWKS URL. Tests may inject one; the default fetches with a timeout. */
export type JwksFetcher = (url: URL) => JWTVerifyGetKey;

export const JWKS_FETCH_TIMEOUT_MS = 5_000;

/** Fetches over HTTP(S), caches for 10 minutes, refetches at most every 30 s when an unknown kid shows up. */
export const fetchRemoteJwks: JwksFetcher = (url) =>
  createRemoteJWKSet(url, { timeoutDuration: JWKS_FETCH_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 600_000 });

/** A verified external token: which configured issuer, its subject, and the identity a rule maps it to. */
export interface ExternalSubject {
  ok: true;
  issuerId: string;
  subject: string;
  /** null when no rule of the issuer matches (the subject may still be an end user, see token exchange). */
  identityId: string | null;
}

export interface ExternalIssuers {
  verify(token: string): Promise<ExternalSubject | AuthFailure>;
}

export interface ExternalIssuersOptions {
  issuers: AuthConfig['externalIssuers'];
  skewSeconds: number;
  now: () => number;
  logger: Logger;
  fetchJwks?: JwksFetcher;
}

/**
 * RFC 8693 subject tokens from configured issuers (OIDC providers, Kubernetes service-account tokens):
 * the unverified `iss` only picks the issuer entry; then signature (that issuer's JWKS and algorithms),
 * `iss`, `aud`, `exp` are checked. Rules match top-level string claims, all listed claims equal.
 * Every failure is invalid_grant.
 */
export function createExternalIssuers(options: ExternalIssuersOptions): ExternalIssuers {
  const { skewSeconds, now, logger } = options;
  const fetchJwks = options.fetchJwks ?? fetchRemoteJwks;
  const entries = Object.entries(options.issuers).map(([id, config]) => ({ id, config, keys: fetchJwks(new URL(config.jwksUrl)) }));
  const refused = (message: string) => authFailure('invalid_grant', message);
  return {
    async verify(token) {
      let iss: unknown;
      try {
        iss = decodeJwt(token).iss;
      } catch {
        return refused('The subject token is not a well-formed JWT.');
      }
      const entry = entries.find((e) => e.config.issuer === iss);
      if (!entry) return refused('The subject token was issued by an issuer this gateway does not trust.');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, entry.keys, {
          algorithms: entry.config.algorithms,
          issuer: entry.config.issuer,
          audience: entry.config.audiences,
          clockTolerance: skewSeconds,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        return classify(err, entry.id, logger);
      }
      const rule = entry.config.rules.find((r) => Object.entries(r.claims).every(([claim, value]) => payload[claim] === value));
      return { ok: true, issuerId: entry.id, subject: payload.sub as string, identityId: rule?.identity ?? null };
    },
  };
}

function classify(err: unknown, issuerId: string, logger: Logger): AuthFailure {
  if (err instanceof errors.JWTExpired) return authFailure('invalid_grant', 'The subject token has expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return authFailure('invalid_grant', 'The subject token is meant for another audience.');
    return authFailure('invalid_grant', 'The subject token is missing a claim or carries an invalid one.');
  }
  if (err instanceof errors.JWKSTimeout || (err instanceof errors.JOSEError && err.code === 'ERR_JWKS_INVALID') || !(err instanceof errors.JOSEError)) {
    // The issuer's key endpoint failed: ours to look into, so logged (issuer id and error kind, never the token).
    logger.warn({ issuer: issuerId, err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'external issuer JWKS unavailable');
    return authFailure('invalid_grant', "The subject token could not be verified: the issuer's keys are unavailable.");
  }
  return authFailure('invalid_grant', 'The subject token could not be verified.');
}
