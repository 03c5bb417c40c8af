import type { ExchangeRecord } from '../core/record.js';

/**
 * An approval: one held thing (a model's proposed tool call with its answer, an MCP tool call, a request
 * an input guardrail held), who asked, the rule that held it and where it stands. Stored by both stores
 * (src/storage/approval-repository.ts); every transition is sealed into the audit chain in the same
 * transaction as the change itself.
 */

export const APPROVAL_STATES = ['pending', 'approved', 'denied', 'expired', 'used'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** What is held: a chat answer that proposes a tool call, a tool call through the MCP gateway, a whole request. */
export type HeldKind = 'chat.answer' | 'tool.call' | 'request';

/** Who asked: the identity, the end user it acted for, its owner, the conversation. */
export interface Requester {
  identityId: string;
  endUser: string | null;
  /** The identity's owner contact (a person or team): never an approver when separation of duties is on. */
  owner: string | null;
  conversationId: string | null;
}

/** The rule an approval was held under, as it was when held (a later config change does not move it). */
export interface HeldRule {
  /** The tool (or `guardrail:<profile>` for an input guardrail hold). */
  subject: string;
  risk: string;
  /** Human-readable: `always`, `risk>=high`, `condition: context.args.amount > 1000`. */
  when: string;
  approvers: { roles: string[]; identities: string[]; teams: string[] };
  quorum: number;
  ttlSeconds: number;
  separationOfDuties: boolean;
}

export interface ApproverVote {
  approver: string;
  at: number;
  reason: string;
}

export interface Approval {
  id: string;
  kind: HeldKind;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of what is held: the binding a release is checked against. */
  digest: string;
  /** The tool call shown to approvers: tool name and arguments as canonical JSON (never the full answer). */
  summary: string;
  requester: Requester;
  /** The exchange (request id) that was held. */
  exchangeId: string;
  rule: HeldRule;
  approvals: ApproverVote[];
  state: ApprovalState;
  createdAt: number;
  expiresAt: number;
  /** Who decided last (the approver whose vote made quorum, the denier, `system` for an expiry) and why. */
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: number | null;
  usedAt: number | null;
  /** Optimistic-concurrency counter: every transition bumps it, and a transition names the version it read. */
  version: number;
}

/** The held content, sealed: the wrapped per-approval key and the AES-GCM envelope (src/approvals/content.ts). */
export interface SealedHeld {
  wrappedKey: string;
  sealed: string;
}

export interface NewApproval {
  id: string;
  kind: HeldKind;
  digest: string;
  summary: string;
  requester: Requester;
  exchangeId: string;
  rule: HeldRule;
  createdAt: number;
  expiresAt: number;
  content: SealedHeld;
}

/**
 * A transition the repository applies atomically: the row moves only if it is still at `fromVersion`,
 * and the audit record is sealed into the chain in the same transaction. false: someone else moved it
 * first (the caller reads again and decides anew).
 */
export interface Transition {
  id: string;
  fromVersion: number;
  to: Pick<Approval, 'state' | 'approvals' | 'decidedBy' | 'decisionReason' | 'decidedAt' | 'usedAt'>;
  record: ExchangeRecord;
}

export interface ApprovalQuery {
  state?: ApprovalState;
  identityId?: string;
  /** Only approvals of exactly this call (its RFC 8785 digest): how a re-sent MCP call finds its approval. */
  digest?: string;
  limit?: number;
}

export interface ApprovalRepository {
  /** Stores a new pending approval and seals its creation record, in one transaction. */
  create(approval: NewApproval, record: ExchangeRecord): Promise<Approval>;
  get(id: string): Promise<Approval | undefined>;
  /** The sealed held content; undefined when the approval does not exist. */
  content(id: string): Promise<SealedHeld | undefined>;
  /** Newest first. */
  list(query?: ApprovalQuery): Promise<Approval[]>;
  transition(change: Transition): Promise<boolean>;
}
