import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApprovalDesk } from '../../../approvals/desk.js';
import type { Approver } from '../../../approvals/rules.js';
import { APPROVAL_STATES } from '../../../approvals/types.js';
import { approvalView } from '../../../approvals/views.js';
import { GatewayError } from '../../../core/errors.js';
import type { Principal } from '../../../identity/types.js';
import { adminHandler, type AdminTarget } from './admin-call.js';
import type { AdminDeps } from './admin-deps.js';
import { parseInput } from './admin-input.js';
import { ADMIN_PREFIX, GATEWAY_RESOURCE } from './identity-routes.js';

const decisionBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
const listQuery = z.strictObject({
  state: z.enum(APPROVAL_STATES).optional(),
  identity: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const APPROVAL_ID = /^apr_[0-9a-f]{32}$/;

/**
 * `/admin/v1/approvals`: list and show held calls, approve or deny them (docs/agents.md). Cedar decides
 * who reaches these endpoints (`approval.read`, `approval.decide`); the tool's rule then decides who may
 * decide this approval, and separation of duties keeps requesters off their own requests. Each call is
 * recorded like every admin call, and each decision is also a transition sealed into the audit chain.
 */
export function registerApprovalRoutes(app: FastifyInstance, deps: AdminDeps, desk: ApprovalDesk): void {
  app.get(
    `${ADMIN_PREFIX}/approvals`,
    adminHandler(deps, {
      action: 'approval.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: '*' }),
      async run(req) {
        const q = parseInput(listQuery, req.query);
        const listed = await desk.list({
          ...(q.state && { state: q.state }),
          ...(q.identity && { identityId: q.identity }),
          ...(q.limit && { limit: q.limit }),
        });
        return { body: { object: 'list', data: listed.map(approvalView) } };
      },
    }),
  );

  app.get(
    `${ADMIN_PREFIX}/approvals/:id`,
    adminHandler(deps, {
      action: 'approval.read',
      target: approvalTarget,
      async run(req) {
        const approval = await desk.get(approvalId(req));
        if (!approval) throw new GatewayError('approval_not_found', `No approval ${approvalId(req)}.`);
        return { body: approvalView(approval) };
      },
    }),
  );

  for (const verdict of ['approve', 'deny'] as const) {
    app.post(
      `${ADMIN_PREFIX}/approvals/:id/${verdict}`,
      adminHandler(deps, {
        action: 'approval.decide',
        target: approvalTarget,
        async run(req, caller) {
          const input = parseInput(decisionBody, req.body);
          const approval = await desk.decide(approvalId(req), approverOf(caller), verdict, input.reason);
          return { detail: `${verdict} state=${approval.state} reason=${input.reason}`, body: approvalView(approval) };
        },
      }),
    );
  }
}

/** The caller as an approver: its identity, roles, team and owner. */
export function approverOf(caller: Principal): Approver {
  const { identity } = caller;
  return { id: identity.id, roles: identity.roles, team: identity.team, owner: identity.owner };
}

function approvalTarget(req: FastifyRequest): AdminTarget {
  return { resource: GATEWAY_RESOURCE, label: approvalId(req) };
}

function approvalId(req: FastifyRequest): string {
  const id = (req.params as { id?: string }).id ?? '';
  if (!APPROVAL_ID.test(id)) throw new GatewayError('invalid_request', 'An approval id looks like apr_ followed by 32 hex digits.', { param: 'id' });
  return id;
}
