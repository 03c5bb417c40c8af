import { createHash, generateKeyPairSync } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../core/canonical.js';
import { EMPTY_HEAD, headAfter, sealEntries, type AuditInput, type SealedEntry } from '../core/audit-chain.js';
import { checkpointDigest, createCheckpointSigner, verifyCheckpointSignature, type Checkpoint } from './checkpoint.js';
import { describeKey } from './keys.js';
import { merkleRoot } from './merkle.js';
import { ChainVerifier } from './verify.js';

const input = (i: number): AuditInput => ({
  kind: 'exchange',
  ref: `req-${i}`,
  at: 1_700_000_000_000 + i,
  body: { id: `req-${i}`, status: 200, trace: [{ stage: 'route', durationUs: i }] },
});

function chain(n: number): SealedEntry[] {
  return sealEntries(
    EMPTY_HEAD,
    Array.from({ length: n }, (_, i) => input(i + 1)),
  );
}

async function signerAndKeys() {
  const key = await describeKey(generateKeyPairSync('ed25519').privateKey);
  const signer = createCheckpointSigner(key.privateKey, key.keyId);
  return { signer, keys: new Map([[key.keyId, signer.publicKey]]) };
}

function checkpoints(entries: SealedEntry[], ranges: Array<[number, number]>, signer: ReturnType<typeof createCheckpointSigner>): Checkpoint[] {
  const out: Checkpoint[] = [];
  for (const [from, to] of ranges) {
    const slice = entries.filter((e) => e.seq >= from && e.seq <= to);
    const prev = out.at(-1);
    out.push(
      signer.sign({
        v: 1,
        from,
        to,
        root: merkleRoot(slice.map((e) => e.hash)),
        head: (slice.at(-1) as SealedEntry).hash,
        at: 1,
        keyId: signer.keyId,
        prev: prev ? checkpointDigest(prev) : null,
      }),
    );
  }
  return out;
}

function verify(entries: SealedEntry[], cps: Checkpoint[] = [], keys = new Map()) {
  const v = new ChainVerifier(cps, keys);
  for (const e of entries) if (!v.entry(e)) break;
  return v.finish();
}

/** Re-seals an entry's document after editing it, keeping the chain self-consistent from there on. */
function rewriteFrom(entries: SealedEntry[], index: number, edit: (body: Record<string, unknown>) => void): SealedEntry[] {
  const inputs = entries.slice(index).map((e) => {
    const doc = JSON.parse(e.text) as AuditInput;
    return { kind: doc.kind, ref: doc.ref, at: doc.at, body: structuredClone(doc.body) } as AuditInput;
  });
  edit(inputs[0]?.body as Record<string, unknown>);
  const head = index === 0 ? EMPTY_HEAD : { seq: entries[index - 1]!.seq, hash: entries[index - 1]!.hash };
  return [...entries.slice(0, index), ...sealEntries(head, inputs)];
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops whitespace and formats numbers like ECMAScript', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1e21, y: 0.1, x: -0 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"x":0,"y":0.1,"z":1e+21}}');
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, a: 3 })).toBe('{"\\r":2,"a":3,"€":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ s: 'a\ud800' })).toThrow();
  });

  it('matches the reference implementation (canonicalize, by the RFC author) on 5,000 random values', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const strings = ['', 'a', 'é', '€', '\u0000', '\u001f', '"', '\\', '\u2028', '😀', '\r\n', 'Z', 'aa', 'b'];
    // biome-ignore lint/correctness/noPrecisionLoss: the literal is the point: canonical JSON must print the double it rounds to
    const numbers = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789.123, 2 ** 53, -1.5e-300, 5e-324, 333333333.33333329];
    const value = (d: number): unknown => {
      const k = Math.floor(rnd() * (d > 3 ? 5 : 7));
      if (k === 0) return strings[Math.floor(rnd() * strings.length)];
      if (k === 1) return numbers[Math.floor(rnd() * numbers.length)]! * (rnd() < 0.5 ? 1 : 3.7);
      if (k === 2) return rnd() < 0.5;
      if (k === 3) return null;
      if (k === 4) return Math.floor(rnd() * 1e6);
      if (k === 5) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(d + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rnd() * 5) }, () => [
          strings[Math.floor(rnd() * strings.length)]! + String(Math.floor(rnd() * 3)),
          rnd() < 0.1 ? undefined : value(d + 1),
        ]),
      );
    };
    for (let i = 0; i < 5000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });
});

describe('hash chain', () => {
  it('links each entry to the one before and hashes its canonical text', () => {
    const entries = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(JSON.parse(entries[0]!.text).prev).toBe('0'.repeat(64));
    expect(JSON.parse(entries[2]!.text).prev).toBe(entries[1]!.hash);
    expect(entries[1]!.hash).toBe(createHash('sha256').update(entries[1]!.text).digest('hex'));
    const more = sealEntries(headAfter(EMPTY_HEAD, entries), [input(4)]);
    expect(JSON.parse(more[0]!.text)).toMatchObject({ seq: 4, prev: entries[2]!.hash });
    expect(verify([...entries, ...more])).toMatchObject({ ok: true, entries: 4, head: { seq: 4, hash: more[0]!.hash } });
  });

  it('names the first modified, deleted, inserted or reordered entry', () => {
    const entries = chain(6);
    const modified = entries.map((e) => (e.seq === 3 ? { ...e, text: e.text.replace('"status":200', '"status":403') } : e));
    expect(verify(modified).problem).toMatchObject({ kind: 'modified', seq: 3, ref: 'req-3' });

    const deleted = entries.filter((e) => e.seq !== 4);
    expect(verify(deleted).problem).toMatchObject({ kind: 'deleted', seq: 4 });

    const forged = sealEntries({ seq: 2, hash: entries[1]!.hash }, [input(99)])[0]!;
    const inserted = [...entries.slice(0, 2), forged, ...entries.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(verify(inserted).problem).toMatchObject({ kind: 'reordered', seq: 4 });
    const inPlace = [...entries.slice(0, 2), { ...forged, seq: 3 }, ...entries.slice(3)];
    expect(verify(inPlace).problem).toMatchObject({ kind: 'modified', seq: 3, ref: 'req-99' });
    expect(verify([...entries.slice(0, 3), entries[2]!, ...entries.slice(3)]).problem).toMatchObject({ kind: 'inserted', seq: 3 });

    const swapped = [...entries];
    swapped[1] = { ...entries[2]!, seq: 2 };
    swapped[2] = { ...entries[1]!, seq: 3 };
    expect(verify(swapped).problem).toMatchObject({ kind: 'reordered', seq: 2, ref: 'req-3' });

    const columns = entries.map((e) => (e.seq === 5 ? { ...e, ref: 'someone-else' } : e));
    expect(verify(columns).problem).toMatchObject({ kind: 'modified', seq: 5 });
  });
});

describe('checkpoints', () => {
  it('merkle roots follow RFC 6962 (leaf 0x00, node 0x01, split at the largest power of two)', () => {
    const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    const leaves = ['aa', 'bb', 'cc'].map((x) => x.repeat(32));
    const l = leaves.map((x) => h(Buffer.from([0]), Buffer.from(x, 'hex')));
    const expected = h(Buffer.from([1]), h(Buffer.from([1]), l[0]!, l[1]!), l[2]!).toString('hex');
    expect(merkleRoot(leaves)).toBe(expected);
    expect(merkleRoot([])).toBe(sha256Hex(''));
    // Leaves of any length (the hashing reuses a 65-byte scratch buffer for the usual 32-byte ones).
    const odd = ['ab'.repeat(100), 'cd', ''];
    const o = odd.map((x) => h(Buffer.from([0]), Buffer.from(x, 'hex')));
    expect(merkleRoot(odd)).toBe(h(Buffer.from([1]), h(Buffer.from([1]), o[0]!, o[1]!), o[2]!).toString('hex'));
  });

  it('a valid signed checkpoint anchors its range; a rewritten chain is caught by it', async () => {
    const { signer, keys } = await signerAndKeys();
    const entries = chain(10);
    const cps = checkpoints(
      entries,
      [
        [1, 4],
        [5, 8],
      ],
      signer,
    );
    expect(verifyCheckpointSignature(cps[0]!, signer.publicKey)).toBe(true);
    expect(verify(entries, cps, keys)).toMatchObject({ ok: true, checkpoints: 2, anchoredThrough: 8 });

    // An attacker who can write the database edits entry 3 and re-hashes everything after it.
    const rewritten = rewriteFrom(entries, 2, (body) => {
      body.status = 403;
    });
    expect(verify(rewritten).ok).toBe(true);
    expect(verify(rewritten, cps, keys).problem).toMatchObject({ kind: 'checkpoint', seq: 1 });
  });

  it('catches a truncated tail, a forged or unknown-key signature, and a broken checkpoint link', async () => {
    const { signer, keys } = await signerAndKeys();
    const other = await signerAndKeys();
    const entries = chain(8);
    const cps = checkpoints(
      entries,
      [
        [1, 4],
        [5, 8],
      ],
      signer,
    );
    expect(verify(entries.slice(0, 6), cps, keys).problem).toMatchObject({ kind: 'deleted', seq: 7 });
    const forged = { ...cps[1]!, root: 'ab'.repeat(32) };
    expect(verify(entries, [cps[0]!, forged], keys).problem?.detail).toMatch(/signature does not verify/);
    expect(verify(entries, checkpoints(entries, [[1, 4]], other.signer), keys).problem?.detail).toMatch(/not trusted/);
    const unlinked = checkpoints(entries, [[5, 8]], signer);
    expect(verify(entries, [cps[0]!, unlinked[0]!], keys).problem?.detail).toMatch(/does not link/);
  });
});
