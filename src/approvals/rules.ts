import type { ReasonCode } from '../core/reason-codes.js';
import type { Approval, HeldRule } from './types.js';

const RISK_RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** When a tool's rule holds a call: the parsed form of `tools.<name>.approval.when`. */
export type HoldWhen = 'always' | { riskAtLeast: string } | { condition: string };

/** Evaluates a Cedar condition over a call's arguments; true holds. Throws when it cannot be evaluated. */
export type ConditionEvaluator = (condition: string, args: Record<string, unknown>) => boolean;

/**
 * Whether a call must be held. A condition that cannot be evaluated (a missing argument, a type error)
 * holds the call: an approval rule fails closed.
 */
export function needsApproval(when: HoldWhen, risk: string, args: Record<string, unknown>, evaluate: ConditionEvaluator): boolean {
  if (when === 'always') return true;
  if ('riskAtLeast' in when) return (RISK_RANK[risk] ?? 0) >= (RISK_RANK[when.riskAtLeast] ?? 0);
  try {
    return evaluate(when.condition, args);
  } catch {
    return true;
  }
}

/** The human-readable form of a rule's `when`, kept on the approval. */
export function describeWhen(when: HoldWhen): string {
  if (when === 'always') return 'always';
  if ('riskAtLeast' in when) return `risk>=${when.riskAtLeast}`;
  return `condition: ${when.condition}`;
}

/** Who is acting on an approval: an identity (its roles, team and owner), or an operator at the CLI. */
export interface Approver {
  id: string;
  roles: readonly string[];
  team: string | null;
  /** The approver identity's own owner contact: a person approving through their own identity is still that person. */
  owner: string | null;
}

/**
 * Why `approver` may not approve or deny `approval`, or undefined when it may. Separation of duties
 * (on by default) keeps the requester, its acting end user and its owner, whichever identity they use,
 * from deciding their own request; with it off, only the requesting identity itself is excluded.
 */
export function approverRefusal(approver: Approver, approval: Pick<Approval, 'requester' | 'rule'>): ReasonCode | undefined {
  const { requester, rule } = approval;
  if (approver.id === requester.identityId) return 'approval_self';
  if (rule.separationOfDuties && conflicted(approver, approval.requester)) return 'approval_self';
  return eligible(approver, rule) ? undefined : 'approval_not_eligible';
}

function conflicted(approver: Approver, requester: Approval['requester']): boolean {
  const theirs = new Set([requester.identityId, requester.endUser, requester.owner].filter((v): v is string => v !== null));
  return theirs.has(approver.id) || (approver.owner !== null && theirs.has(approver.owner));
}

function eligible(approver: Approver, rule: HeldRule): boolean {
  const { roles, identities, teams } = rule.approvers;
  if (identities.includes(approver.id)) return true;
  if (approver.roles.some((r) => roles.includes(r))) return true;
  return approver.team !== null && teams.includes(approver.team);
}
