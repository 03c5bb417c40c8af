import type { KeyObject } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { canonicalJson } from './canonical.js';
import type { AuditDocument } from './chain.js';
import { publicKeyFromJwk } from './keys.js';
import { ChainVerifier, type VerifyReport } from './verify.js';

const PAGE = 2000;

/**
 * Verifies the whole trail in the store: the hash chain, every checkpoint (against `trustedKeys`, or the
 * keys the gateways registered when none are given), and that the searchable exchanges table agrees with
 * the newest sealed entry of every request and holds no row the chain does not know.
 */
export async function verifyStore(store: Store, trustedKeys?: ReadonlyMap<string, KeyObject>): Promise<VerifyReport> {
  const keys = trustedKeys ?? new Map((await store.audit.keys()).map((k) => [k.keyId, publicKeyFromJwk(k.publicJwk)]));
  const verifier = new ChainVerifier(await store.audit.checkpoints(), keys);
  let after = 0;
  for (;;) {
    const page = await store.audit.entries(after, PAGE);
    if (page.length === 0) break;
    for (const entry of page) if (!verifier.entry(entry)) return verifier.finish();
    after = (page.at(-1) as (typeof page)[number]).seq;
    await checkProjection(store, page, verifier);
    if (verifier.failed) return verifier.finish();
  }
  const stray = await store.audit.unchainedExchange();
  if (stray !== undefined) verifier.fail({ kind: 'inserted', seq: null, ref: stray, detail: `exchange ${stray} is in the searchable table but was never sealed into the trail` });
  return verifier.finish();
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
async function checkProjection(store: Store, page: ReadonlyArray<{ seq: number; ref: string; text: string; kind: string }>, verifier: ChainVerifier): Promise<void> {
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
      verifier.fail({ kind: 'modified', seq: entry.seq, ref: entry.ref, detail: `exchange ${entry.ref} in the searchable table differs from its sealed record` });
      return;
    }
  }
}
