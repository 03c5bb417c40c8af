import { setTimeout as sleep } from 'node:timers/promises';
import type { ApprovalCall, ApprovalDecision, ApprovalGate } from '../core/approval-gate.js';
import { canonicalJson } from '../core/canonical.js';
import { GatewayError } from '../core/errors.js';
import { boundDigest, type ApprovalDesk } from './desk.js';
import { needsApproval, type ConditionEvaluator } from './rules.js';
import type { ToolPolicy } from './tool-policies.js';
import type { Approval, HeldRule } from './types.js';

/** The approval rule that applies to a call of `tool` with `args`, if any. */
export type CallRules = (tool: string, args: Record<string, unknown>) => HeldRule | undefined;

/** The rules of the `tools:` section: a tool's rule applies when its `when` holds for the arguments. */
export function callRules(policies: ReadonlyMap<string, ToolPolicy>, evaluate: ConditionEvaluator): CallRules {
  return function ruleFor(tool, args) {
    const policy = policies.get(tool);
    if (!policy?.rule) return undefined;
    return needsApproval(policy.rule.when, policy.risk, args, evaluate) ? policy.rule.held : undefined;
  };
}

/**
 * Approvals for tool calls the gateway executes itself (MCP `tools/call`). The agent does not carry an
 * approval id: it sends the same call again. The call (tool and arguments) is bound by its RFC 8785
 * digest, so the newest approval the caller has for exactly this call decides: approved, it is redeemed
 * (once, atomically) and the call goes on; pending, the agent is told the same approval again; denied,
 * the call is refused; expired, used or none, a new approval is held. A different argument is a different
 * digest, so it can never ride on someone else's approval.
 */
export function createCallGate(desk: ApprovalDesk, ruleFor: CallRules, waitMsFor: (tool: string) => number = () => 0): ApprovalGate {
  return {
    async check(call: ApprovalCall, signal: AbortSignal): Promise<ApprovalDecision> {
      const rule = ruleFor(call.tool, call.args);
      if (!rule) return { kind: 'refused', reason: 'no approval rule applies to this call' };
      const identityId = call.principal?.identity.id ?? 'anonymous';
      const bound = { tool: call.tool, arguments: call.args };
      const [newest] = await desk.list({ identityId, digest: boundDigest(bound), limit: 1 });
      if (newest?.state === 'approved') return redeem(desk, newest, identityId, bound);
      if (newest?.state === 'denied') return { kind: 'refused', reason: `approval ${newest.id} was denied` };
      const summary = canonicalJson(bound);
      const requester = { identityId, endUser: call.principal?.endUser ?? null, owner: call.principal?.identity.owner ?? null, conversationId: null };
      const pending =
        newest?.state === 'pending'
          ? newest
          : await desk.hold({ kind: 'tool.call', bound, summary, content: summary, requester, exchangeId: call.exchangeId, rule });
      const decided = await quickDecision(desk, pending, waitMsFor(call.tool), signal);
      if (decided?.state === 'approved') return redeem(desk, decided, identityId, bound);
      if (decided?.state === 'denied') return { kind: 'refused', reason: `approval ${decided.id} was denied` };
      return held(pending);
    },
  };
}

/** How often a waiting call reads its approval again. */
const POLL_MS = 200;

/**
 * Waits up to `waitMs` for a person to decide (mcp.servers.<name>.approvalWaitMs), reading the approval
 * from the store, so a decision taken through any worker or replica is seen. The approval as decided, or
 * undefined when the wait ran out (or the agent went away) with it still pending.
 */
async function quickDecision(desk: ApprovalDesk, approval: Approval, waitMs: number, signal: AbortSignal): Promise<Approval | undefined> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      await sleep(Math.min(POLL_MS, deadline - Date.now()), undefined, { signal });
    } catch {
      return undefined;
    }
    const now = await desk.get(approval.id);
    if (now && now.state !== 'pending') return now;
  }
  return undefined;
}

async function redeem(desk: ApprovalDesk, approval: Approval, identityId: string, bound: unknown): Promise<ApprovalDecision> {
  try {
    await desk.redeem(approval.id, { identityId, bound });
    return { kind: 'allow', approvalId: approval.id };
  } catch (err) {
    // A concurrent identical call redeemed it first (approval_used), or it expired meanwhile: refused, recorded.
    if (err instanceof GatewayError) return { kind: 'refused', reason: `${err.reason}: ${err.message}` };
    throw err;
  }
}

function held(approval: Approval): ApprovalDecision {
  return { kind: 'held', id: approval.id, statusUrl: `/v1/approvals/${approval.id}` };
}
