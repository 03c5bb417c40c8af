import type { Principal } from './principal.js';

/** A tool call waiting on, or released by, a person: what the approval service is asked about. */
export interface ApprovalCall {
  /** The exchange that asked; the approval binds to this call's canonical form, not to the exchange. */
  exchangeId: string;
  principal: Principal | null;
  /** The namespaced tool (`shop/refund`, see mcp-names.ts). */
  tool: string;
  /** The arguments as they would be sent upstream (after the input guardrails' redactions). */
  args: Record<string, unknown>;
}

export type ApprovalDecision =
  /** Approved (and consumed for this exact call): the call goes on. */
  | { kind: 'allow'; approvalId: string }
  /** Waiting for a person: the agent is told the approval's id and where to follow it. */
  | { kind: 'held'; id: string; statusUrl: string }
  /** Denied, expired, already used, or refused for another reason the service names. */
  | { kind: 'refused'; reason: string };

/**
 * The seam between the MCP gateway and the approval service (issue 16: stored approvals, their admin API
 * and CLI, built elsewhere). The gateway asks only for calls whose tool policy requires approval; the
 * service decides whether this exact call is approved, held, or refused. Without a service the gateway
 * refuses such calls (fail closed).
 */
export interface ApprovalGate {
  check(call: ApprovalCall, signal: AbortSignal): Promise<ApprovalDecision>;
}

/** Headers a held refusal carries, so the edge can name the approval to the agent. */
export const APPROVAL_ID_HEADER = 'x-gatehouse-approval-id';
export const APPROVAL_STATUS_HEADER = 'x-gatehouse-approval-status-url';
