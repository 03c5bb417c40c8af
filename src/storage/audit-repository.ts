import { sql, type Kysely, type Transaction } from 'kysely';
import type { JWK } from 'jose';
import { EMPTY_HEAD, type AuditInput, type ChainHead, type SealedEntry, sealEntries } from '../core/audit-chain.js';
import type { Checkpoint } from '../audit/checkpoint.js';
import type { Database } from './database.js';
import { fromExchangeRow } from './exchange-row.js';
import type { Store } from './store.js';
import type { ExchangeRecord } from '../core/record.js';

/** A public key that signed checkpoints, as registered by the gateway that used it. */
export interface AuditKeyRecord {
  keyId: string;
  publicJwk: JWK;
  createdAt: number;
}

/** Reads and extends the audit chain. Appends happen inside `Store.insertExchanges`' transaction. */
export interface AuditRepository {
  head(): Promise<ChainHead>;
  /** Entries with seq > afterSeq, ascending, at most `limit`. */
  entries(afterSeq: number, limit: number): Promise<SealedEntry[]>;
  /** Every entry sealed for one record (a stream has its start and its final), ascending. */
  entriesFor(ref: string): Promise<SealedEntry[]>;
  /** Entry hashes of seq from..to inclusive, ascending. */
  hashes(from: number, to: number): Promise<string[]>;
  /** Every checkpoint, oldest first. */
  checkpoints(): Promise<Checkpoint[]>;
  lastCheckpoint(): Promise<Checkpoint | undefined>;
  /** Stores a checkpoint that continues the last one; false (and nothing stored) when another writer got there first. */
  appendCheckpoint(checkpoint: Checkpoint): Promise<boolean>;
  registerKey(key: AuditKeyRecord): Promise<void>;
  keys(): Promise<AuditKeyRecord[]>;
  /** The searchable rows for these ids, for comparing with the chain. */
  projection(ids: readonly string[]): Promise<Map<string, ExchangeRecord>>;
  /** For each id, the seq of its newest entry. */
  latestSeqs(ids: readonly string[]): Promise<Map<string, number>>;
  /** A searchable row that has no entry in the chain (forged, or written around the recorder), if any. */
  unchainedExchange(): Promise<string | undefined>;
}

/** A pg advisory-lock key: every writer of the chain takes it for its transaction. */
const CHAIN_LOCK = 0x6761_7465;

/** Audit entries for a batch of records: a stream's start is its own kind. */
export function auditInputs(records: readonly ExchangeRecord[]): AuditInput[] {
  return records.map((rec) => ({ kind: rec.outcome === 'in_progress' ? 'exchange.start' : 'exchange', ref: rec.id, at: rec.createdAt, body: rec }));
}

/** Reads the head inside a writer's transaction (Postgres: after taking the chain lock). */
export async function lockedHead(trx: Transaction<Database>, dialect: Store['dialect']): Promise<ChainHead> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const row = await trx.selectFrom('audit_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : EMPTY_HEAD;
}

/** Seals records onto the chain and inserts the entries (Kysely path; SQLite has a prepared twin). */
export async function appendEntries(trx: Transaction<Database>, dialect: Store['dialect'], records: readonly ExchangeRecord[]): Promise<void> {
  const sealed = sealEntries(await lockedHead(trx, dialect), auditInputs(records));
  for (let i = 0; i < sealed.length; i += 1000) {
    await trx
      .insertInto('audit_entries')
      .values(sealed.slice(i, i + 1000).map((e) => ({ seq: e.seq, kind: e.kind, ref: e.ref, created_at: e.at, entry: e.text, hash: e.hash })))
      .execute();
  }
}

function sealedEntry(r: { seq: number | string; kind: string; ref: string; created_at: number | string; entry: string; hash: string }): SealedEntry {
  return { seq: Number(r.seq), kind: r.kind as SealedEntry['kind'], ref: r.ref, at: Number(r.created_at), text: r.entry, hash: r.hash };
}

export function createAuditRepository(db: Kysely<Database>, dialect: Store['dialect']): AuditRepository {
  return { ...chainReads(db), ...checkpointQueries(db, dialect), ...chainCrossChecks(db) };
}

/** The chain's entries: its head, a range, one record's, their hashes. */
function chainReads(db: Kysely<Database>): Pick<AuditRepository, 'head' | 'entries' | 'entriesFor' | 'hashes'> {
  return {
    async head() {
      const row = await db.selectFrom('audit_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      return row ? { seq: Number(row.seq), hash: row.hash } : EMPTY_HEAD;
    },
    async entries(afterSeq, limit) {
      const rows = await db.selectFrom('audit_entries').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
      return rows.map(sealedEntry);
    },
    async entriesFor(ref) {
      const rows = await db.selectFrom('audit_entries').selectAll().where('ref', '=', ref).orderBy('seq', 'asc').execute();
      return rows.map(sealedEntry);
    },
    async hashes(from, to) {
      const rows = await db.selectFrom('audit_entries').select('hash').where('seq', '>=', from).where('seq', '<=', to).orderBy('seq', 'asc').execute();
      return rows.map((r) => r.hash);
    },
  };
}

/** Signed checkpoints over the chain and the public keys that signed them. */
function checkpointQueries(
  db: Kysely<Database>,
  dialect: Store['dialect'],
): Pick<AuditRepository, 'checkpoints' | 'lastCheckpoint' | 'appendCheckpoint' | 'registerKey' | 'keys'> {
  return {
    async checkpoints() {
      const rows = await db.selectFrom('audit_checkpoints').select('checkpoint').orderBy('seq_to', 'asc').execute();
      return rows.map((r) => JSON.parse(r.checkpoint) as Checkpoint);
    },
    async lastCheckpoint() {
      const row = await db.selectFrom('audit_checkpoints').select('checkpoint').orderBy('seq_to', 'desc').limit(1).executeTakeFirst();
      return row ? (JSON.parse(row.checkpoint) as Checkpoint) : undefined;
    },
    async appendCheckpoint(cp) {
      return db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK + 1})`.execute(trx);
        const last = await trx.selectFrom('audit_checkpoints').select('seq_to').orderBy('seq_to', 'desc').limit(1).executeTakeFirst();
        if ((last ? Number(last.seq_to) : 0) !== cp.from - 1) return false;
        await trx
          .insertInto('audit_checkpoints')
          .values({ seq_to: cp.to, seq_from: cp.from, checkpoint: JSON.stringify(cp), created_at: cp.at })
          .execute();
        return true;
      });
    },
    async registerKey(key) {
      await db
        .insertInto('audit_keys')
        .values({ key_id: key.keyId, public_jwk: JSON.stringify(key.publicJwk), created_at: key.createdAt })
        .onConflict((oc) => oc.column('key_id').doNothing())
        .execute();
    },
    async keys() {
      const rows = await db.selectFrom('audit_keys').selectAll().orderBy('created_at', 'asc').execute();
      return rows.map((r) => ({ keyId: r.key_id, publicJwk: JSON.parse(r.public_jwk) as JWK, createdAt: Number(r.created_at) }));
    },
  };
}

/** What verification compares the chain with: the searchable rows. */
function chainCrossChecks(db: Kysely<Database>): Pick<AuditRepository, 'projection' | 'latestSeqs' | 'unchainedExchange'> {
  return {
    async projection(ids) {
      const out = new Map<string, ExchangeRecord>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('exchanges')
          .selectAll()
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const row of rows) out.set(row.id, fromExchangeRow(row));
      }
      return out;
    },
    async latestSeqs(ids) {
      const out = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('audit_entries')
          .select(['ref', (eb) => eb.fn.max('seq').as('seq')])
          .where('ref', 'in', ids.slice(i, i + 500))
          .groupBy('ref')
          .execute();
        for (const row of rows) out.set(row.ref, Number(row.seq));
      }
      return out;
    },
    async unchainedExchange() {
      const row = await db
        .selectFrom('exchanges')
        .select('id')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_entries').select('seq').whereRef('audit_entries.ref', '=', 'exchanges.id'))))
        .limit(1)
        .executeTakeFirst();
      return row?.id;
    },
  };
}
