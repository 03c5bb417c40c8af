import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { Approval, ApprovalRepository, ApprovalState, HeldKind, HeldRule, NewApproval, ApproverVote } from '../approvals/types.js';
import type { ExchangeRecord } from '../core/record.js';
import { appendEntries } from './audit-repository.js';
import type { Database } from './database.js';
import { toExchangeRow } from './exchange-row.js';
import type { Store } from './store.js';

/** BIGINT (Postgres, returned as a string) / INTEGER (SQLite). */
type Int64 = ColumnType<number | string, number, number>;
type NullableInt64 = ColumnType<number | string | null, number | null, number | null>;

// A type alias, not an interface: withTables needs the implicit index signature only aliases have.
type ApprovalTables = {
  approvals: {
    id: string;
    kind: string;
    digest: string;
    summary: string;
    identity_id: string;
    end_user: string | null;
    owner: string | null;
    conversation_id: string | null;
    exchange_id: string;
    rule: string;
    approvals: string;
    state: string;
    created_at: Int64;
    expires_at: Int64;
    decided_by: string | null;
    decision_reason: string | null;
    decided_at: NullableInt64;
    used_at: NullableInt64;
    version: Int64;
    wrapped_key: string;
    content: string;
  };
};

type Row = ApprovalTables['approvals'];
type Selected = { [K in keyof Row]: Row[K] extends ColumnType<infer S, unknown, unknown> ? S : Row[K] };

const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'digest',
  'summary',
  'identity_id',
  'end_user',
  'owner',
  'conversation_id',
  'exchange_id',
  'rule',
  'approvals',
  'state',
  'created_at',
  'expires_at',
  'decided_by',
  'decision_reason',
  'decided_at',
  'used_at',
  'version',
] as const;

/**
 * Approvals on either store. Every write is one transaction that also seals the transition's audit
 * record into the chain (and its searchable row), so a change and its record commit together or not at
 * all. A transition's first statement is the conditional update itself: on SQLite it takes the write lock
 * before anything is read, on PostgreSQL the row lock; a concurrent transition that read the same version
 * then updates no row and loses.
 */
export function createApprovalRepository(base: Kysely<Database>, dialect: Store['dialect']): ApprovalRepository {
  const db = base.withTables<ApprovalTables>();
  return {
    async create(approval, record) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('approvals').values(rowOf(approval)).execute();
        await sealRecord(trx as unknown as Transaction<Database>, dialect, record);
      });
      return (await this.get(approval.id)) as Approval;
    },

    async get(id) {
      const row = await db.selectFrom('approvals').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && approvalOf(row as Selected);
    },

    async content(id) {
      const row = await db.selectFrom('approvals').select(['wrapped_key', 'content']).where('id', '=', id).executeTakeFirst();
      return row && { wrappedKey: row.wrapped_key, sealed: row.content };
    },

    async list(query = {}) {
      let select = db.selectFrom('approvals').select(SUMMARY_COLUMNS);
      if (query.state !== undefined) select = select.where('state', '=', query.state);
      if (query.identityId !== undefined) select = select.where('identity_id', '=', query.identityId);
      if (query.digest !== undefined) select = select.where('digest', '=', query.digest);
      const limit = Math.min(1000, Math.max(1, query.limit ?? 100));
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => approvalOf(r as Selected));
    },

    async transition(change) {
      return db.transaction().execute(async (trx) => {
        const to = change.to;
        const result = await trx
          .updateTable('approvals')
          .set({
            state: to.state,
            approvals: JSON.stringify(to.approvals),
            decided_by: to.decidedBy,
            decision_reason: to.decisionReason,
            decided_at: to.decidedAt,
            used_at: to.usedAt,
            version: change.fromVersion + 1,
          })
          .where('id', '=', change.id)
          .where('version', '=', change.fromVersion)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await sealRecord(trx as unknown as Transaction<Database>, dialect, change.record);
        return true;
      });
    },
  };
}

/** Seals one record into the chain and writes its searchable row, inside the caller's transaction. */
async function sealRecord(trx: Transaction<Database>, dialect: Store['dialect'], record: ExchangeRecord): Promise<void> {
  await appendEntries(trx, dialect, [record]);
  await trx.insertInto('exchanges').values(toExchangeRow(record, dialect)).execute();
}

function rowOf(a: NewApproval) {
  return {
    id: a.id,
    kind: a.kind,
    digest: a.digest,
    summary: a.summary,
    identity_id: a.requester.identityId,
    end_user: a.requester.endUser,
    owner: a.requester.owner,
    conversation_id: a.requester.conversationId,
    exchange_id: a.exchangeId,
    rule: JSON.stringify(a.rule),
    approvals: '[]',
    state: 'pending',
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    decided_by: null,
    decision_reason: null,
    decided_at: null,
    used_at: null,
    version: 0,
    wrapped_key: a.content.wrappedKey,
    content: a.content.sealed,
  };
}

function approvalOf(r: Omit<Selected, 'wrapped_key' | 'content'>): Approval {
  return {
    id: r.id,
    kind: r.kind as HeldKind,
    digest: r.digest,
    summary: r.summary,
    requester: { identityId: r.identity_id, endUser: r.end_user, owner: r.owner, conversationId: r.conversation_id },
    exchangeId: r.exchange_id,
    rule: JSON.parse(r.rule) as HeldRule,
    approvals: JSON.parse(r.approvals) as ApproverVote[],
    state: r.state as ApprovalState,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    usedAt: r.used_at === null ? null : Number(r.used_at),
    version: Number(r.version),
  };
}
