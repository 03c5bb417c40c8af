import type { ApprovalDesk } from '../../approvals/desk.js';
import type { HeldRule } from '../../approvals/types.js';
import { canonicalJson } from '../../core/canonical.js';
import type { ApprovalRef } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { respond, type Verdict } from '../../core/stage.js';
import type { GuardrailRefusal } from '../../guardrails/decision.js';
import type { CompiledProfile } from '../../guardrails/profile.js';

/** The verdict of a refusing decision: a require_approval one is held when there is a desk to hold it. */
export async function refuseOrHold(exchange: Exchange, profile: CompiledProfile, refusal: GuardrailRefusal, desk: ApprovalDesk | undefined): Promise<Verdict> {
  const where = { param: refusal.param, policyId: refusal.policyId };
  if (refusal.reason !== 'approval_required' || !desk) return respond(refusal.reason, refusal.message, where);
  const approval = await holdRequest(desk, exchange, profile, refusal);
  return respond(refusal.reason, heldRequestMessage(approval, refusal), { ...where, approval });
}

/**
 * Holds a request an input policy with action require_approval matched: the request body exactly as the
 * client sent it (before any redaction: nothing was rewritten, the hold comes first) is bound by its
 * RFC 8785 digest and stored sealed; GET /v1/approvals/{id}/result runs it once approved. Approvers see
 * the model and which rule matched where, never the prompt itself.
 */
export async function holdRequest(desk: ApprovalDesk, exchange: Exchange, profile: CompiledProfile, refusal: GuardrailRefusal): Promise<ApprovalRef> {
  const body = exchange.request.body;
  const principal = exchange.principal;
  const approval = await desk.hold({
    kind: 'request',
    bound: { operation: exchange.request.operation, body },
    summary: canonicalJson({ operation: exchange.request.operation, model: body.model ?? null, policy: refusal.policyId, path: refusal.param }),
    content: JSON.stringify({ operation: exchange.request.operation, body }),
    requester: {
      identityId: principal?.identity.id ?? 'anonymous',
      endUser: principal?.endUser ?? null,
      owner: principal?.identity.owner ?? null,
      conversationId: conversationOf(exchange.headers['x-gatehouse-conversation-id']),
    },
    exchangeId: exchange.id,
    rule: ruleOf(profile, refusal),
  });
  return { id: approval.id, status_url: `/v1/approvals/${approval.id}` };
}

function ruleOf(profile: CompiledProfile, refusal: GuardrailRefusal): HeldRule {
  const a = profile.approval;
  return {
    subject: `guardrail:${profile.name}`,
    risk: 'n/a',
    when: `policy: ${refusal.policyId}`,
    approvers: { roles: [...a.approvers.roles], identities: [...a.approvers.identities], teams: [...a.approvers.teams] },
    quorum: a.quorum,
    ttlSeconds: a.ttlSeconds,
    separationOfDuties: a.separationOfDuties,
  };
}

/** The client's conversation id, as the record keeps it: one header value, at most 128 characters. */
function conversationOf(value: string | string[] | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id === undefined || id === '' ? null : id.slice(0, 128);
}

/** The message of a held request: where it stands and where to fetch the answer once approved. */
function heldRequestMessage(ref: ApprovalRef, refusal: GuardrailRefusal): string {
  return `${refusal.message.replace(/\.$/, '')}. Approval ${ref.id} is pending; once approved, fetch the answer once at ${ref.status_url}/result.`;
}
