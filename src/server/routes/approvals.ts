import type { FastifyInstance } from 'fastify';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * GET /v1/approvals/{id} and GET /v1/approvals/{id}/result: a requester asking where its held call
 * stands, and fetching the held answer once approved. Exchanges like every /v1 call, run by the same
 * stage list (authenticate, traffic-control, authorize, limits) with the approval terminals
 * (src/stages/approval-result); each leaves one record, refusals included.
 */
export function registerApprovalRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.get<{ Params: { id: string } }>('/v1/approvals/:id', function approvalStatus(req, reply) {
    return runExchange(req, reply, { operation: 'approvals.get', body: { approval: req.params.id } }, deps);
  });
  app.get<{ Params: { id: string } }>('/v1/approvals/:id/result', function approvalResult(req, reply) {
    return runExchange(req, reply, { operation: 'approvals.result', body: { approval: req.params.id } }, deps);
  });
}
