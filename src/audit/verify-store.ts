import type { KeyObject } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { canonicalJson } from '../core/canonical.js';
import type { AuditDocument } from '../core/audit-chain.js';
import type { Checkpoint } from './checkpoint.js';
import type { ExternalCheckpoints } from './checkpoint-log.js';
import { publicKeyFromJwk } from './keys.js';
import { ChainVerifier, type AuditProblem, type VerifyReport } from './verify.js';

const PAGE = 2000;

/** What the trail is checked against besides itself. */
export interface VerifyAnchors {
  /**
   * Checkpoints kept outside the database (the checkpoint log, or an export). The chain is checked
   * against them, and each must also be in the database, unchanged.
   */
  external?: ExternalCheckpoints | undefined;
  /** The external file should hold every checkpoint (one host writes them all, as with SQLite). */
  externalComplete?: boolean;
  /** ms since epoch: a trail with no valid checkpoint whose first entry is older than this fails. */
  checkpointsRequiredBefore?: number | undefined;
}

/**
 * Verifies the whole trail in the store: the hash chain, every checkpoint, and that the searchable
 * exchanges table agrees with the newest sealed entry of every request and holds no row the chain does
 * not know. Checkpoints are checked against `trustedKeys`; without them, against the keys registered in
 * the database, which proves the trail self-consistent but not untampered (whoever writes the database
 * can register a key): `gatehouse audit verify` always passes keys it took from outside the database.
 */
export async function verifyStore(store: Store, trustedKeys?: ReadonlyMap<string, KeyObject>, anchors: VerifyAnchors = {}): Promise<VerifyReport> {
  const keys = trustedKeys ?? new Map((await store.audit.keys()).map((k) => [k.keyId, publicKeyFromJwk(k.publicJwk)]));
  const stored = await store.audit.checkpoints();
  const external = anchors.external;
  // The external copy wins where the two differ, so a rewrite is named by the range it broke.
  const byTo = new Map(stored.map((c) => [c.to, c]));
  for (const cp of external?.checkpoints ?? []) byTo.set(cp.to, cp);
  const verifier = new ChainVerifier([...byTo.values()], keys);
  const { firstAt, ...report } = await walk(store, verifier);
  const decorated: VerifyReport = external
    ? { ...report, external: { path: external.path, exists: external.exists, checkpoints: external.checkpoints.length } }
    : report;
  if (!report.ok) return decorated;
  const problem = externalProblem(stored, anchors) ?? missingCheckpoints(report, firstAt, anchors);
  const notes = externalNotes(stored, anchors);
  return { ...decorated, ok: problem === null, problem, ...(notes.length > 0 ? { notes } : {}) };
}

async function walk(store: Store, verifier: ChainVerifier): Promise<VerifyReport & { firstAt: number | null }> {
  let after = 0;
  let firstAt: number | null = null;
  for (;;) {
    const page = await store.audit.entries(after, PAGE);
    if (page.length === 0) break;
    firstAt ??= (page[0] as (typeof page)[number]).at;
    for (const entry of page) if (!verifier.entry(entry)) return { ...verifier.finish(), firstAt };
    after = (page.at(-1) as (typeof page)[number]).seq;
    await checkProjection(store, page, verifier);
    if (verifier.failed) return { ...verifier.finish(), firstAt };
  }
  const stray = await store.audit.unchainedExchange();
  if (stray !== undefined)
    verifier.fail({ kind: 'inserted', seq: null, ref: stray, detail: `exchange ${stray} is in the searchable table but was never sealed into the trail` });
  return { ...verifier.finish(), firstAt };
}

/** Every external checkpoint must still be in the database as it was signed; with a complete file, the reverse too. */
function externalProblem(stored: readonly Checkpoint[], anchors: VerifyAnchors): AuditProblem | null {
  const external = anchors.external;
  if (!external) return null;
  const inDb = new Map(stored.map((c) => [c.to, c]));
  for (const cp of external.checkpoints) {
    const own = inDb.get(cp.to);
    if (!own)
      return {
        kind: 'deleted',
        seq: cp.from,
        ref: null,
        detail: `checkpoint ${cp.from}..${cp.to} is in ${external.path} but not in the database: it was deleted`,
      };
    if (canonicalJson(own) !== canonicalJson(cp))
      return {
        kind: 'checkpoint',
        seq: cp.from,
        ref: null,
        detail: `checkpoint ${cp.from}..${cp.to} in the database differs from the one in ${external.path}: it was replaced`,
      };
  }
  if (!anchors.externalComplete) return null;
  const known = new Set(external.checkpoints.map((c) => c.to));
  const missing = stored.filter((c) => !known.has(c.to));
  if (missing.length === 0) return null;
  const first = missing[0] as Checkpoint;
  const where = external.exists ? `${external.path} does not hold them` : `${external.path} does not exist`;
  return {
    kind: 'checkpoint',
    seq: first.from,
    ref: null,
    detail: `${missing.length} checkpoint(s) from ${first.from}..${first.to} on are in the database but ${where}: the file was truncated, or they were signed around the gateway`,
  };
}

/** A trail old enough to have been checkpointed that has no checkpoint at all had its checkpoints removed. */
function missingCheckpoints(report: VerifyReport, firstAt: number | null, anchors: VerifyAnchors): AuditProblem | null {
  const before = anchors.checkpointsRequiredBefore;
  if (before === undefined || report.checkpoints > 0 || firstAt === null || firstAt >= before) return null;
  const where = anchors.external ? `in the database or in ${anchors.external.path}` : 'in the database';
  return {
    kind: 'checkpoint',
    seq: 1,
    ref: null,
    detail: `no signed checkpoint ${where}, yet the first entry dates from ${new Date(firstAt).toISOString()}, older than the checkpoint interval plus grace: checkpoints were deleted (a gateway that never ran long enough to sign one: --allow-missing-checkpoints)`,
  };
}

function externalNotes(stored: readonly Checkpoint[], anchors: VerifyAnchors): string[] {
  const external = anchors.external;
  if (!external || anchors.externalComplete) return [];
  const known = new Set(external.checkpoints.map((c) => c.to));
  const only = stored.filter((c) => !known.has(c.to)).length;
  return only === 0 ? [] : [`${only} checkpoint(s) are in the database only (signed by other replicas); they were checked against the trusted keys`];
}

/**
 * The row equals the sealed record. Records sealed before a field existed lack its key: there the row must
 * hold the empty value the migration gave it (null, or [] for findings).
 */
function sameRecord(row: Record<string, unknown>, sealed: Record<string, unknown>): boolean {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (Object.hasOwn(sealed, key)) view[key] = value;
    else if (!(value === null || (Array.isArray(value) && value.length === 0))) return false;
  }
  return canonicalJson(view) === canonicalJson(sealed);
}

/** For each request whose newest entry is in this page, the searchable row must equal the sealed body. */
async function checkProjection(
  store: Store,
  page: ReadonlyArray<{ seq: number; ref: string; text: string; kind: string }>,
  verifier: ChainVerifier,
): Promise<void> {
  const refs = [...new Set(page.map((e) => e.ref))];
  const latest = await store.audit.latestSeqs(refs);
  const rows = await store.audit.projection(refs);
  for (const entry of page) {
    if (latest.get(entry.ref) !== entry.seq) continue;
    const row = rows.get(entry.ref);
    if (!row) {
      verifier.fail({ kind: 'deleted', seq: entry.seq, ref: entry.ref, detail: `exchange ${entry.ref} was deleted from the searchable table` });
      return;
    }
    const sealed = (JSON.parse(entry.text) as AuditDocument).body as Record<string, unknown>;
    if (!sameRecord(row as unknown as Record<string, unknown>, sealed)) {
      verifier.fail({
        kind: 'modified',
        seq: entry.seq,
        ref: entry.ref,
        detail: `exchange ${entry.ref} in the searchable table differs from its sealed record`,
      });
      return;
    }
  }
}
