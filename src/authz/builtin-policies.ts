import type { AdminRole } from '../identity/types.js';
import type { AdminAction } from './types.js';
import { ADMIN_ACTIONS, actionRef } from './schema.js';

/** One Cedar policy with the id decisions and traces name it by. */
export interface PolicySource {
  id: string;
  text: string;
  /** Where it came from: `builtin`, or the policy file as listed in `policies.files`. */
  origin: string;
}

/** Ids starting with this prefix are reserved for the policies below; a custom file may not use them. */
export const BUILTIN_PREFIX = 'gatehouse:';

export const ENVIRONMENT_ISOLATION_ID = 'gatehouse:environment-isolation';
export const IDENTITY_NOT_ACTIVE_ID = 'gatehouse:identity-not-active';
export const GATEWAY_USE_ID = 'gatehouse:grant:gateway-use';

/** Actions on the gateway itself, granted with any model grant (see builtinPolicies). */
const GATEWAY_ACTIONS = ['scan_content', 'list_models'] as const;

/**
 * What each admin role may do. `admin` may do everything; nobody administers without a role
 * (Cedar denies by default). Reaching the approvals API is not enough to decide one: the tool's rule names
 * its approvers and separation of duties applies (src/approvals/rules.ts).
 */
export const ROLE_ACTIONS: Readonly<Record<AdminRole, readonly AdminAction[]>> = {
  admin: ADMIN_ACTIONS,
  // Security may pull a kill switch or declare an incident; changing which model version serves is admin's.
  security: [
    'identity.read',
    'key.read',
    'identity.suspend',
    'identity.retire',
    'identity.reactivate',
    'token.revoke',
    'key.rotate',
    'audit.read',
    'model.read',
    'traffic.read',
    'traffic.stop',
    'traffic.resume',
    'incident.set',
    'approval.read',
    'approval.decide',
  ],
  approver: ['identity.read', 'approval.read', 'approval.decide'],
  auditor: ['identity.read', 'key.read', 'audit.read', 'model.read', 'traffic.read', 'approval.read'],
};

const GRANTS = [
  ['invoke_model', 'models'],
  ['use_tool', 'tools'],
  ['read_dataset', 'datasets'],
] as const;

/**
 * The policies every gateway runs, before any custom file. Grants are attribute-based: an identity's
 * `models` / `tools` / `datasets` (from gatehouse.yaml or the admin API) name what it may reach, `*`
 * meaning everything its environment may reach. The forbids win over any permit, custom ones included.
 */
export function builtinPolicies(): PolicySource[] {
  const policies: PolicySource[] = GRANTS.map(([action, list]) => ({
    id: `gatehouse:grant:${action}`,
    text: `permit (principal, action == ${actionRef(action)}, resource)
when { principal.${list}.contains(resource.name) || principal.${list}.contains("*") };`,
    origin: 'builtin',
  }));
  policies.push({
    id: GATEWAY_USE_ID,
    // Scanning and listing come with the model grants: an identity that may invoke some model may use the
    // gateway's detectors and see its own models; one granted nothing gets nothing. A custom forbid narrows it.
    text: `permit (principal, action in [${GATEWAY_ACTIONS.map(actionRef).join(', ')}], resource)
when { !principal.models.isEmpty() };`,
    origin: 'builtin',
  });
  policies.push({
    id: ENVIRONMENT_ISOLATION_ID,
    // A sandbox or pilot identity never reaches a production-only resource, whatever its grants say.
    text: `forbid (principal, action in [${GRANTS.map(([a]) => actionRef(a)).join(', ')}], resource)
when { !resource.environments.isEmpty() && !resource.environments.contains(principal.environment) };`,
    origin: 'builtin',
  });
  policies.push({
    id: IDENTITY_NOT_ACTIVE_ID,
    // Authentication already refuses suspended and retired identities; this is defence in depth.
    text: `forbid (principal, action, resource)
when { principal.state != "active" };`,
    origin: 'builtin',
  });
  for (const [role, actions] of Object.entries(ROLE_ACTIONS)) {
    policies.push({
      id: `gatehouse:role:${role}`,
      text: `permit (principal, action in [${actions.map(actionRef).join(', ')}], resource)
when { principal.roles.contains(${JSON.stringify(role)}) };`,
      origin: 'builtin',
    });
  }
  return policies.map((p) => ({ ...p, text: `@id(${JSON.stringify(p.id)})\n${p.text}` }));
}
