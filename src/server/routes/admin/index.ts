import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './admin-deps.js';
import { registerApprovalRoutes } from './approval-routes.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerCredentialRoutes } from './credential-routes.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { registerLimitsRoutes } from './limits-routes.js';

export type { AdminDeps, AuditSearchDeps, ControlDeps } from './admin-deps.js';
export { ADMIN_PREFIX } from './identity-routes.js';

/**
 * The admin API, `/admin/v1/...`: identities, secrets, API keys, tokens, signing keys, audit search and
 * the operator controls (model promotion and rollback, kill switches, incident mode; docs/controls.md).
 * Every call is authenticated (access tokens only), authorized as its admin action by the same Cedar
 * policies as inference, and recorded as an `admin` exchange, allowed or refused. docs/identity.md lists
 * the endpoints and the roles that may call them.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  registerIdentityRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  if (deps.audit) registerAuditRoutes(app, deps, deps.audit);
  if (deps.controls) registerControlRoutes(app, deps, deps.controls);
  if (deps.controls?.limits) registerLimitsRoutes(app, deps, deps.controls.limits);
  if (deps.approvals) registerApprovalRoutes(app, deps, deps.approvals);
}
