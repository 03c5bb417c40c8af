import type { ReasonCode } from '../core/reason-codes.js';
import type { Identity } from './types.js';

/**
 * A refused credential. `message` is safe to show the client: it never holds the credential, a claim
 * value or an end-user name. `identityId` is set when the caller was identified but still refused
 * (suspended, retired, static key not allowed, end-user assertion denied), so the record names it.
 */
export interface AuthFailure {
  ok: false;
  reason: ReasonCode;
  message: string;
  identityId?: string;
}

/** Builds an AuthFailure. */
export function authFailure(reason: ReasonCode, message: string, identityId?: string): AuthFailure {
  return identityId === undefined ? { ok: false, reason, message } : { ok: false, reason, message, identityId };
}

/** Suspended and retired identities are refused everywhere, on the very next request. */
export function identityStateRefusal(identity: Identity): AuthFailure | undefined {
  if (identity.state === 'suspended') return authFailure('identity_suspended', `Identity ${identity.id} is suspended.`, identity.id);
  if (identity.state === 'retired') return authFailure('identity_retired', `Identity ${identity.id} is retired.`, identity.id);
  return undefined;
}
