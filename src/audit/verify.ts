import type { KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../core/canonical.js';
import { GENESIS_HASH, type AuditDocument, type SealedEntry } from '../core/audit-chain.js';
import { checkpointDigest, verifyCheckpointSignature, type Checkpoint } from './checkpoint.js';
import { merkleRoot } from './merkle.js';

/** What went wrong first. `seq` and `ref` name the first bad entry (or the checkpoint's range). */
export interface AuditProblem {
  kind: 'modified' | 'deleted' | 'inserted' | 'reordered' | 'checkpoint' | 'projection';
  seq: number | null;
  ref: string | null;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** Newest entry covered by a valid checkpoint; 0 when none. */
  anchoredThrough: number;
  head: { seq: number; hash: string };
  problem: AuditProblem | null;
  /** The external checkpoint file checked against, when one was. */
  external?: { path: string; exists: boolean; checkpoints: number };
  /** Facts worth printing that are not failures (e.g. checkpoints only the database holds). */
  notes?: string[];
}

/**
 * Walks the chain in storage order and stops at the first problem. Feed entries with `entry()` in
 * ascending seq order (as stored), then call `finish()`. Checkpoints are checked as their ranges close.
 * Pure: the caller pages entries out of the store, so memory stays bounded by one checkpoint range.
 */
export class ChainVerifier {
  #expected = 1;
  #prev = GENESIS_HASH;
  #prevRef: string | null = null;
  #count = 0;
  #problem: AuditProblem | null = null;
  readonly #checkpoints: Checkpoint[];
  #cpIndex = 0;
  #cpHashes: string[] = [];
  #cpPrevDigest: string | null = null;
  #anchored = 0;
  readonly #keys: ReadonlyMap<string, KeyObject>;

  constructor(checkpoints: readonly Checkpoint[], trustedKeys: ReadonlyMap<string, KeyObject>) {
    this.#checkpoints = [...checkpoints].sort((a, b) => a.to - b.to);
    this.#keys = trustedKeys;
  }

  get failed(): boolean {
    return this.#problem !== null;
  }

  /** Feeds the next stored entry. Returns false once a problem was found (stop feeding). */
  entry(row: SealedEntry): boolean {
    if (this.#problem) return false;
    const fail = (kind: AuditProblem['kind'], detail: string, seq: number = row.seq): false => {
      this.#problem = { kind, seq, ref: row.ref, detail };
      return false;
    };
    if (row.seq > this.#expected) return fail('deleted', `entries ${this.#expected}..${row.seq - 1} are missing before entry ${row.seq}`, this.#expected);
    if (row.seq < this.#expected) return fail('inserted', `entry ${row.seq} appears again after entry ${this.#expected - 1}`);
    let doc: AuditDocument;
    try {
      doc = JSON.parse(row.text) as AuditDocument;
    } catch {
      return fail('modified', 'stored text is not JSON');
    }
    if (sha256Hex(row.text) !== row.hash) return fail('modified', 'content does not match its hash');
    if (canonicalJson(doc) !== row.text) return fail('modified', 'stored text is not in canonical form');
    if (doc.seq !== row.seq) return fail('reordered', `entry stored at position ${row.seq} was sealed as entry ${doc.seq}`);
    if (doc.kind !== row.kind || doc.ref !== row.ref || doc.at !== row.at) return fail('modified', 'indexed columns differ from the sealed entry');
    if (doc.prev !== this.#prev) {
      // Each entry checks out on its own, so the break is between them: the earlier one was replaced
      // by a self-consistent forgery, or this one was. The earlier one is the first that may be bad.
      if (row.seq === 1) return fail('modified', 'the first entry does not start from the genesis hash');
      this.#problem = {
        kind: 'modified',
        seq: row.seq - 1,
        ref: this.#prevRef,
        detail: `entry ${row.seq} does not link to entry ${row.seq - 1}: one of them was replaced`,
      };
      return false;
    }
    this.#prev = row.hash;
    this.#prevRef = row.ref;
    this.#expected = row.seq + 1;
    this.#count++;
    return this.#advanceCheckpoints(row);
  }

  /** Reports a problem found outside the chain (e.g. the search table disagrees with the trail). */
  fail(problem: AuditProblem): void {
    this.#problem ??= problem;
  }

  finish(): VerifyReport {
    if (!this.#problem && this.#cpIndex < this.#checkpoints.length) {
      const cp = this.#checkpoints[this.#cpIndex] as Checkpoint;
      this.#problem = {
        kind: 'deleted',
        seq: this.#expected,
        ref: null,
        detail: `checkpoint ${cp.from}..${cp.to} covers entries that are no longer in the trail (it ends at ${this.#expected - 1})`,
      };
    }
    return {
      ok: this.#problem === null,
      entries: this.#count,
      checkpoints: this.#cpIndex,
      anchoredThrough: this.#anchored,
      head: { seq: this.#expected - 1, hash: this.#prev },
      problem: this.#problem,
    };
  }

  #advanceCheckpoints(row: SealedEntry): boolean {
    const cp = this.#checkpoints[this.#cpIndex];
    if (!cp) return true;
    if (row.seq < cp.from) return true;
    this.#cpHashes.push(row.hash);
    if (row.seq < cp.to) return true;
    const expectedFrom = this.#anchored + 1;
    const problem = (detail: string): false => {
      this.#problem = { kind: 'checkpoint', seq: cp.from, ref: null, detail: `checkpoint ${cp.from}..${cp.to}: ${detail}` };
      return false;
    };
    if (cp.from !== expectedFrom) return problem(`does not start where the previous one ended (${expectedFrom})`);
    if (cp.prev !== this.#cpPrevDigest) return problem('does not link to the previous checkpoint');
    const key = this.#keys.get(cp.keyId);
    if (!key) return problem(`signed by key ${cp.keyId}, which is not trusted`);
    if (!verifyCheckpointSignature(cp, key)) return problem('signature does not verify');
    if (cp.head !== row.hash) return problem(`entry ${cp.to} differs from the one that was signed (modified or rewritten since)`);
    if (merkleRoot(this.#cpHashes) !== cp.root) return problem('entries in this range differ from the ones that were signed (modified or rewritten since)');
    this.#anchored = cp.to;
    this.#cpPrevDigest = checkpointDigest(cp);
    this.#cpHashes = [];
    this.#cpIndex++;
    return true;
  }
}
