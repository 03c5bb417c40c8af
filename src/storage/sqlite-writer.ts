import type BetterSqlite3 from 'better-sqlite3';
import { EMPTY_HEAD, sealEntries } from '../core/audit-chain.js';
import { auditInputs } from './audit-repository.js';
import type { ContentRow } from './content-repository.js';
import { toExchangeRow } from './exchange-row.js';
import type { ExchangeRecord } from '../core/record.js';

/** Pragmas every connection to a Gatehouse SQLite file uses, the main one and the writer thread's. */
export function configureConnection(handle: BetterSqlite3.Database): void {
  // WAL lets readers (the admin API, `gatehouse` CLI) run beside the recorder's writes; NORMAL is
  // durable across application crashes under WAL and only risks the last commits on power loss.
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
}

const COLUMNS = [
  'id',
  'created_at',
  'operation',
  'method',
  'path',
  'identity_id',
  'end_user',
  'model_requested',
  'provider_id',
  'upstream_model',
  'streamed',
  'status',
  'reason',
  'outcome',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'latency_ms',
  'ttfb_ms',
  'trace',
  'conversation_id',
  'environment',
  'policy_version',
  'findings',
  'cost_usd',
  'content_mode',
  'content_digest',
  'deployment_id',
  'model_version',
] as const;

type InsertAll = ((records: readonly ExchangeRecord[], contents: readonly ContentRow[]) => void) & {
  immediate(records: readonly ExchangeRecord[], contents: readonly ContentRow[]): void;
};

/**
 * The recorder's write path on SQLite: prepared single-row INSERTs, reused for every row of a batch
 * inside one IMMEDIATE transaction (the write lock is taken before the chain head is read, so another
 * process, such as the CLI, cannot append in between). Building and preparing a multi-row statement per
 * batch (the Kysely path) cost several times more CPU on the gateway's event loop. Statements are
 * prepared lazily (after migrations) and dropped on error so a schema change is picked up on the retry.
 */
export function preparedBulkInsert(handle: BetterSqlite3.Database): (records: readonly ExchangeRecord[], contents: readonly ContentRow[]) => void {
  let insertAll: InsertAll | undefined;
  return function bulkInsert(records, contents) {
    if (!insertAll) {
      const head = handle.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
      const entry = handle.prepare('INSERT INTO audit_entries (seq, kind, ref, created_at, entry, hash) VALUES (?, ?, ?, ?, ?, ?)');
      // Only a stream's start row may be replaced (by its final record); any other repeated id fails the batch.
      const row = handle.prepare(
        `INSERT INTO exchanges (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}) ` +
          `ON CONFLICT(id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id')
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')} WHERE exchanges.outcome = 'in_progress'`,
      );
      const content = handle.prepare('INSERT INTO exchange_content (id, subject, created_at, mode, sealed) VALUES (?, ?, ?, ?, ?)');
      insertAll = handle.transaction((batch: readonly ExchangeRecord[], contentRows: readonly ContentRow[]) => {
        for (const e of sealEntries(head.get() ?? EMPTY_HEAD, auditInputs(batch))) entry.run(e.seq, e.kind, e.ref, e.at, e.text, e.hash);
        for (const rec of batch) {
          if (row.run(toExchangeRow(rec, 'sqlite')).changes !== 1) throw new Error(`duplicate exchange id ${rec.id}`);
        }
        for (const c of contentRows) content.run(c.id, c.subject, c.createdAt, c.mode, c.sealed);
      }) as unknown as InsertAll;
    }
    try {
      insertAll.immediate(records, contents);
    } catch (err) {
      insertAll = undefined;
      throw err;
    }
  };
}
