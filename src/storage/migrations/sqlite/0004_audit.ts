import { sql, type Kysely } from 'kysely';
import { backfillAuditChain } from '../backfill-audit.js';

/**
 * The audit trail: one append-only hash chain (`audit_entries`, entry = the canonical text that was
 * hashed), signed checkpoints over ranges of it, and the public keys that signed them. The exchanges
 * table stays the searchable projection; `gatehouse audit verify` checks that it agrees with the chain.
 */
const statements = [
  `CREATE TABLE audit_entries (
    seq INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    entry TEXT NOT NULL,
    hash TEXT NOT NULL
  )`,
  'CREATE INDEX audit_entries_ref_idx ON audit_entries (ref, seq)',
  `CREATE TABLE audit_checkpoints (
    seq_to INTEGER PRIMARY KEY NOT NULL,
    seq_from INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  `CREATE TABLE audit_keys (
    key_id TEXT PRIMARY KEY NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
];

/** Creates the tables, then seals any records written before this migration into the chain. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  await backfillAuditChain(db);
}
