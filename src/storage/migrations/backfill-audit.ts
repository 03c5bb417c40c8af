import type { Kysely } from 'kysely';
import { EMPTY_HEAD, headAfter, sealEntries } from '../../core/audit-chain.js';
import { auditInputs } from '../audit-repository.js';
import type { Database, ExchangeRow } from '../database.js';
import { fromExchangeRow } from '../exchange-row.js';

/**
 * Seals the records written before the audit chain existed, oldest first, so that an upgraded database
 * has no unchained rows (which `audit verify` would report as forged).
 */
export async function backfillAuditChain(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<Database>;
  let head = EMPTY_HEAD;
  let after: { createdAt: number; id: string } | undefined;
  for (;;) {
    let query = db.selectFrom('exchanges').selectAll();
    if (after) {
      const { createdAt, id } = after;
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(createdAt, id)));
    }
    const rows: ExchangeRow[] = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(1000).execute();
    if (rows.length === 0) return;
    const sealed = sealEntries(head, auditInputs(rows.map(fromExchangeRow)));
    await db
      .insertInto('audit_entries')
      .values(sealed.map((e) => ({ seq: e.seq, kind: e.kind, ref: e.ref, created_at: e.at, entry: e.text, hash: e.hash })))
      .execute();
    head = headAfter(head, sealed);
    const last = rows.at(-1) as ExchangeRow;
    after = { createdAt: Number(last.created_at), id: last.id };
  }
}
