import { canonicalJson, sha256Hex } from '../core/canonical.js';
import { GatewayError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import type { ReasonCode } from '../core/reason-codes.js';
import { transitionRecord } from './records.js';
import { approverRefusal, type Approver } from './rules.js';
import type { Approval, ApprovalRepository, HeldKind, HeldRule, Requester, SealedHeld, Transition } from './types.js';

/** Seals held content under the content master key; the approval id is the associated data. */
export interface HeldSealer {
  seal(id: string, text: string): SealedHeld;
  open(id: string, held: SealedHeld): string;
}

/** What a caller holds: the exact thing to bind, the text to release, who asked and under which rule. */
export interface HoldRequest {
  kind: HeldKind;
  /** The exact call (or request) the approval releases; its RFC 8785 digest is the binding. */
  bound: unknown;
  /** Shown to approvers: the tool call, never a whole answer. */
  summary: string;
  /** Released, byte for byte, once approved: a held answer, the request to run. */
  content: string;
  requester: Requester;
  exchangeId: string;
  rule: HeldRule;
}

/** Who redeems: the identity must be the requester, and `bound` (when given) must be what was approved. */
export interface RedeemClaim {
  identityId: string;
  bound?: unknown;
}

export interface DeskOptions {
  sealer: HeldSealer;
  /** Told of every new pending approval (the webhook); never awaited, never allowed to fail a hold. */
  onPending?: (approval: Approval) => void;
  now?: () => number;
}

/** How many times a transition that lost a race reads again before giving up (each loss means progress elsewhere). */
const MAX_RETRIES = 8;

/** The RFC 8785 SHA-256 digest an approval is bound to. */
export function boundDigest(bound: unknown): string {
  return sha256Hex(canonicalJson(bound));
}

/**
 * The approvals service every caller uses: the chat hold stage, the result route, the admin API, the CLI
 * and the MCP gateway. All state lives in the store, so any worker of any replica can hold, decide or
 * release; every transition is a conditional write that exactly one concurrent caller wins. Refusals are
 * thrown as GatewayError with an approval_* reason code, for the caller's own record to carry.
 */
export class ApprovalDesk {
  readonly #repo: ApprovalRepository;
  readonly #sealer: HeldSealer;
  readonly #onPending: ((approval: Approval) => void) | undefined;
  readonly #now: () => number;

  constructor(repo: ApprovalRepository, options: DeskOptions) {
    this.#repo = repo;
    this.#sealer = options.sealer;
    this.#onPending = options.onPending;
    this.#now = options.now ?? Date.now;
  }

  /** Holds `request`: stores it pending (sealed, with its creation record) and announces it. */
  async hold(request: HoldRequest): Promise<Approval> {
    const id = `apr_${newRequestId().replaceAll('-', '')}`;
    const createdAt = this.#now();
    const digest = boundDigest(request.bound);
    const fresh = {
      id,
      kind: request.kind,
      digest,
      summary: request.summary,
      requester: request.requester,
      exchangeId: request.exchangeId,
      rule: request.rule,
      createdAt,
      expiresAt: createdAt + request.rule.ttlSeconds * 1000,
      content: this.#sealer.seal(id, request.content),
    };
    const preview: Approval = { ...fresh, approvals: [], state: 'pending', decidedBy: null, decisionReason: null, decidedAt: null, usedAt: null, version: 0 };
    const approval = await this.#repo.create(fresh, transitionRecord(preview, 'create', request.requester.identityId, 'pending', createdAt));
    try {
      this.#onPending?.(approval);
    } catch {
      // A notifier fault must never undo or fail a hold: the approval is stored and listed either way.
    }
    return approval;
  }

  /** The approval as it stands now: a pending or approved one past its TTL is expired first (and recorded). */
  async get(id: string): Promise<Approval | undefined> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const approval = await this.#repo.get(id);
      if (!approval || !this.#overdue(approval)) return approval;
      const at = this.#now();
      const expired = await this.#apply(approval, { state: 'expired', decidedBy: 'system', decisionReason: 'ttl', decidedAt: at }, 'expire', 'system', at);
      if (expired) return expired;
    }
    throw new GatewayError('internal_error', 'The approval kept changing while it was read.');
  }

  async list(query: Parameters<ApprovalRepository['list']>[0] = {}): Promise<Approval[]> {
    const now = this.#now();
    const listed = await this.#repo.list(query);
    return listed.map((a) => (this.#overdue(a, now) ? { ...a, state: 'expired' as const } : a));
  }

  /** Approves (a vote toward the quorum) or denies; returns the approval after the change. */
  async decide(id: string, approver: Approver, verdict: 'approve' | 'deny', reason: string): Promise<Approval> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const approval = await this.get(id);
      if (!approval) throw refusal('approval_not_found', `No approval ${id}.`);
      if (approval.state !== 'pending')
        throw refusal(approval.state === 'expired' ? 'approval_expired' : 'approval_decided', `Approval ${id} is ${approval.state}.`);
      const refused = approverRefusal(approver, approval);
      if (refused === 'approval_self')
        throw refusal(refused, 'Separation of duties: the requester, its end user and its owner may not decide their own request.');
      if (refused) throw refusal(refused, `${approver.id} is not an approver of ${approval.rule.subject}.`);
      if (approval.approvals.some((v) => v.approver === approver.id)) throw refusal('approval_decided', `${approver.id} already approved ${id}.`);
      const at = this.#now();
      const changed =
        verdict === 'deny'
          ? await this.#apply(approval, { state: 'denied', decidedBy: approver.id, decisionReason: reason, decidedAt: at }, 'deny', approver.id, at, reason)
          : await this.#vote(approval, approver.id, reason, at);
      if (changed) return changed;
    }
    throw refusal('approval_decided', `Approval ${id} kept changing; read it again.`);
  }

  /**
   * Releases the held content once: only to the identity that asked, only when approved and within its
   * TTL, only for exactly what was approved. The winner of concurrent redeemers gets the content; the
   * others see approval_used.
   */
  async redeem(id: string, claim: RedeemClaim): Promise<{ approval: Approval; content: string }> {
    for (let i = 0; i < MAX_RETRIES; i++) {
      const approval = await this.get(id);
      // Another identity is told the approval does not exist: ids are not probes into someone else's work.
      if (!approval || approval.requester.identityId !== claim.identityId) throw refusal('approval_not_found', `No approval ${id}.`);
      const blocked = stateRefusal(approval);
      if (blocked) throw refusal(blocked, `Approval ${id} is ${approval.state}.`);
      if (claim.bound !== undefined && boundDigest(claim.bound) !== approval.digest)
        throw refusal('approval_mismatch', `The call differs from the one approval ${id} was granted for.`);
      const held = await this.#repo.content(id);
      if (!held) throw refusal('approval_not_found', `No approval ${id}.`);
      const at = this.#now();
      const used = await this.#apply(approval, { state: 'used', usedAt: at }, 'use', claim.identityId, at);
      if (used) return { approval: used, content: this.#sealer.open(id, held) };
    }
    throw refusal('approval_used', `Approval ${id} was used.`);
  }

  async #vote(approval: Approval, approver: string, reason: string, at: number): Promise<Approval | undefined> {
    const approvals = [...approval.approvals, { approver, at, reason }];
    const done = approvals.length >= approval.rule.quorum;
    const to = done ? { state: 'approved' as const, approvals, decidedBy: approver, decisionReason: reason, decidedAt: at } : { approvals };
    return this.#apply(approval, to, 'approve', approver, at, reason);
  }

  async #apply(
    approval: Approval,
    change: Partial<Transition['to']>,
    action: Parameters<typeof transitionRecord>[1],
    actor: string,
    at: number,
    reason?: string,
  ): Promise<Approval | undefined> {
    const { state, approvals, decidedBy, decisionReason, decidedAt, usedAt } = approval;
    const to: Transition['to'] = { state, approvals, decidedBy, decisionReason, decidedAt, usedAt, ...change };
    const record = transitionRecord(approval, action, actor, to.state, at, reason);
    const won = await this.#repo.transition({ id: approval.id, fromVersion: approval.version, to, record });
    return won ? { ...approval, ...to, version: approval.version + 1 } : undefined;
  }

  #overdue(approval: Approval, now = this.#now()): boolean {
    return (approval.state === 'pending' || approval.state === 'approved') && now >= approval.expiresAt;
  }
}

function stateRefusal(approval: Approval): ReasonCode | undefined {
  switch (approval.state) {
    case 'approved':
      return undefined;
    case 'pending':
      return 'approval_pending';
    case 'denied':
      return 'approval_denied';
    case 'expired':
      return 'approval_expired';
    case 'used':
      return 'approval_used';
  }
}

function refusal(reason: ReasonCode, message: string): GatewayError {
  return new GatewayError(reason, message);
}
