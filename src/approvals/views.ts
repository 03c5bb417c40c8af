import type { Approval } from './types.js';

/** How the admin API and the CLI show an approval: everything but the held content. */
export function approvalView(a: Approval): Record<string, unknown> {
  return {
    object: 'approval',
    id: a.id,
    kind: a.kind,
    state: a.state,
    subject: a.rule.subject,
    risk: a.rule.risk,
    call: a.summary,
    digest: a.digest,
    requester: a.requester,
    exchangeId: a.exchangeId,
    rule: a.rule,
    approvals: a.approvals,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    decidedBy: a.decidedBy,
    decisionReason: a.decisionReason,
    decidedAt: a.decidedAt,
    usedAt: a.usedAt,
  };
}

/** What the requester sees at GET /v1/approvals/{id}: where it stands, not who decided or why. */
export function requesterView(a: Approval, resultUrl: string): Record<string, unknown> {
  return {
    object: 'approval',
    id: a.id,
    state: a.state,
    subject: a.rule.subject,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    ...(a.state === 'approved' ? { result_url: resultUrl } : {}),
  };
}
