import { sql, type Kysely } from 'kysely';
import { backfillAuditChain } from '../backfill-audit.js';

/**
 * The audit trail: one append-only hash chain (`audit_entries`, entry = the canonical text that was
 * hashed, kept as text, not jsonb, so the bytes survive), signed checkpoints over ranges of it, and the
 * public keys that signed them. Writers serialise on a transaction-level advisory lock.
 */
const statements = [
  `CREATE TABLE audit_entries (
    seq bigint PRIMARY KEY,
    kind text NOT NULL,
    ref text COLLATE "C" NOT NULL,
    created_at bigint NOT NULL,
    entry text NOT NULL,
    hash text NOT NULL
  )`,
  'CREATE INDEX audit_entries_ref_idx ON audit_entries (ref, seq)',
  `CREATE TABLE audit_checkpoints (
    seq_to bigint PRIMARY KEY,
    seq_from bigint NOT NULL,
    checkpoint text NOT NULL,
    created_at bigint NOT NULL
  )`,
  `CREATE TABLE audit_keys (
    key_id text PRIMARY KEY,
    public_jwk text NOT NULL,
    created_at bigint NOT NULL
  )`,
];

/** Creates the tables, then seals any records written before this migration into the chain. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  await backfillAuditChain(db);
}
