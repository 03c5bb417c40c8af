/**
 * Workload identity: every service, environment and agent path is its own identity with an owner.
 * The types are core's (core/principal.ts: the exchange carries a principal); the registry (store), the
 * token service, the authenticate and authorize stages and the admin API take them from here.
 */

export {
  ADMIN_ROLES,
  type AdminRole,
  type CredentialKind,
  ENVIRONMENTS,
  type Environment,
  type Identity,
  type IdentityState,
  type Principal,
} from '../core/principal.js';
