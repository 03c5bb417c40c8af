import { canonicalJson, sha256Hex } from './canonical.js';

/**
 * The audit trail is one hash chain: every entry names its sequence number and the hash of the entry
 * before it, and its own hash is SHA-256 over its canonical (RFC 8785) text. Changing, removing,
 * inserting or swapping any entry breaks the link to every entry after it.
 */

/** Kinds of entries: an exchange's final record, the durable start of a stream, an admin action. */
export type AuditKind = 'exchange' | 'exchange.start';

/** `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  /** Sequence number of the newest entry; 0 when the chain is empty. */
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/** What a writer appends: the chain assigns seq and prev. */
export interface AuditInput {
  kind: AuditKind;
  /** The exchange (request) id the entry is about. */
  ref: string;
  /** ms since epoch. */
  at: number;
  /** The record, as JSON. */
  body: unknown;
}

/** The hashed document. Field names are short because every entry stores them. */
export interface AuditDocument extends AuditInput {
  v: 1;
  seq: number;
  prev: string;
}

/** One stored entry: the canonical text is what was hashed, byte for byte. */
export interface SealedEntry {
  seq: number;
  kind: AuditKind;
  ref: string;
  at: number;
  /** Canonical JSON of the AuditDocument. */
  text: string;
  hash: string;
}

/** Seals inputs onto a chain head, in order. Pure: the caller stores them in one transaction. */
export function sealEntries(head: ChainHead, inputs: readonly AuditInput[]): SealedEntry[] {
  const sealed: SealedEntry[] = [];
  let { seq, hash } = head;
  for (const input of inputs) {
    seq += 1;
    const doc: AuditDocument = { v: 1, seq, prev: hash, kind: input.kind, ref: input.ref, at: input.at, body: input.body };
    const text = canonicalJson(doc);
    hash = sha256Hex(text);
    sealed.push({ seq, kind: input.kind, ref: input.ref, at: input.at, text, hash });
  }
  return sealed;
}

/** The head after a list of sealed entries (or `head` when the list is empty). */
export function headAfter(head: ChainHead, sealed: readonly SealedEntry[]): ChainHead {
  const last = sealed.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : head;
}
