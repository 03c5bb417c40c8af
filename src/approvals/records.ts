import type { TraceEntry } from '../core/exchange.js';
import { newRequestId } from '../core/ids.js';
import { newExchangeRecord, type ExchangeRecord } from '../core/record.js';
import type { Approval, ApprovalState } from './types.js';

/** What a transition did, as its audit record says: `approval.create`, `.approve`, `.deny`, `.expire`, `.use`. */
export type ApprovalAction = 'create' | 'approve' | 'deny' | 'expire' | 'use';

/**
 * The audit record of one transition: an exchange record of operation `approval`, sealed into the chain
 * in the transaction that makes the change. The trace note names the approval, the action, the new state,
 * the digest of what is held and the operator's reason; never the held content.
 */
export function transitionRecord(approval: Approval, action: ApprovalAction, actor: string, state: ApprovalState, at: number, reason?: string): ExchangeRecord {
  const note = [`approval.${action} ${approval.id}`, `state=${state}`, `subject=${approval.rule.subject}`, `digest=${approval.digest}`];
  if (reason) note.push(`reason=${reason}`);
  const entry: TraceEntry = { stage: 'approvals', phase: 'request', verdict: 'continue', durationUs: 0, note: note.join(' ').slice(0, 1024) };
  return newExchangeRecord({
    id: newRequestId(),
    createdAt: at,
    operation: 'approval',
    method: action.toUpperCase(),
    path: `/approvals/${approval.id}`,
    identityId: actor,
    endUser: approval.requester.endUser,
    conversationId: approval.requester.conversationId,
    status: 200,
    reason: 'ok',
    outcome: 'ok',
    trace: [entry],
  });
}
