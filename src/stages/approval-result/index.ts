import type { ApprovalDesk } from '../../approvals/desk.js';
import { requesterView } from '../../approvals/views.js';
import { GatewayError } from '../../core/errors.js';
import type { ApprovalQuery, Exchange } from '../../core/exchange.js';
import type { LocalTerminal } from '../../core/stage.js';
import { runReleased, type HeldRunner } from './release.js';

export type { HeldRunner } from './release.js';

/**
 * The terminals of GET /v1/approvals/{id} (where a held call stands) and GET /v1/approvals/{id}/result
 * (the held answer, once, byte for byte as it would have been sent). Only the identity that asked sees
 * either; anyone else, and any id when approvals are not configured, is told the approval does not
 * exist. Every refusal (pending, denied, expired, used, another identity) is this exchange's record.
 * A held request (an input guardrail's hold) is run once through `runHeld` instead (release.ts).
 */
export function createApprovalTerminals(desk: ApprovalDesk | undefined, runHeld?: HeldRunner): { get: LocalTerminal; result: LocalTerminal } {
  return {
    get: {
      name: 'approval-status',
      answer: async function approvalStatus(exchange: Exchange): Promise<Record<string, unknown>> {
        const id = approvalOf(exchange);
        const approval = desk && (await desk.get(id));
        if (!approval || approval.requester.identityId !== callerOf(exchange)) throw notFound(id);
        return requesterView(approval, `/v1/approvals/${id}/result`);
      },
    },
    result: {
      name: 'approval-result',
      answer: async function approvalResult(exchange: Exchange): Promise<Record<string, unknown>> {
        const id = approvalOf(exchange);
        if (!desk) throw notFound(id);
        const { approval, content } = await desk.redeem(id, { identityId: callerOf(exchange) });
        if (approval.kind === 'request') {
          if (!runHeld) throw new GatewayError('internal_error', 'Held requests cannot be run here.');
          return runReleased(runHeld, exchange, id, content);
        }
        // Stored as JSON.stringify wrote it, so serialising the parsed value gives the same bytes back.
        return JSON.parse(content) as Record<string, unknown>;
      },
    },
  };
}

function approvalOf(exchange: Exchange): string {
  return (exchange.request.body as ApprovalQuery).approval;
}

function callerOf(exchange: Exchange): string {
  return exchange.principal?.identity.id ?? 'anonymous';
}

function notFound(id: string): GatewayError {
  return new GatewayError('approval_not_found', `No approval ${id}.`);
}
