/**
 * The suffix language model: an interpolated Witten-Bell char trigram over the folded alphabet, trained
 * on benign text only, stored as one surprisal byte per (two-symbol context, symbol). Counting and table
 * building live here so the trainer and the tests build models the same way the committed one was built.
 */
import { BOUNDARY, SYMBOLS } from './alphabet.js';
import type { SuffixEncoder } from './encode.js';
import { QUANT, tableIndex } from './scorer.js';

/** Trigram counts, indexed like the table: (c1, c2, x). */
export type Counts = Uint32Array;

export function newCounts(): Counts {
  return new Uint32Array(SYMBOLS * SYMBOLS * SYMBOLS);
}

/** Adds a text's trigrams (BOUNDARY is a context, never a predicted symbol) to counts. */
export function countText(encoder: SuffixEncoder, text: string, counts: Counts): void {
  const n = encoder.encode(text);
  const sym = encoder.sym;
  for (let i = 1; i < n; i++) {
    const x = sym[i] as number;
    if (x === BOUNDARY) continue;
    const k = tableIndex(i >= 2 ? (sym[i - 2] as number) : BOUNDARY, sym[i - 1] as number, x);
    counts[k] = (counts[k] as number) + 1;
  }
}

/**
 * Witten-Bell interpolation, trigram -> bigram -> unigram -> uniform over the predictable symbols:
 * p(x|h) = (c(h,x) + t(h) p_lower(x)) / (c(h) + t(h)), t(h) the number of distinct symbols seen after h.
 * Surprisal -log2 p in 1/QUANT bit steps, saturating at 255.
 */
export function tableFromCounts(counts: Counts): Uint8Array {
  const S = SYMBOLS;
  const uni = new Float64Array(S);
  const bi = new Float64Array(S * S);
  for (let c1 = 0; c1 < S; c1++)
    for (let c2 = 0; c2 < S; c2++)
      for (let x = 1; x < S; x++) {
        const v = counts[tableIndex(c1, c2, x)] as number;
        bi[c2 * S + x] = (bi[c2 * S + x] as number) + v;
        uni[x] = (uni[x] as number) + v;
      }
  const p1 = interpolate(uni, 0, new Float64Array(S).fill(1 / (S - 1)));
  const p2 = new Float64Array(S * S);
  for (let c2 = 0; c2 < S; c2++) p2.set(interpolate(bi, c2 * S, p1), c2 * S);
  const table = new Uint8Array(S * S * S);
  const tri = new Float64Array(S);
  for (let c1 = 0; c1 < S; c1++)
    for (let c2 = 0; c2 < S; c2++) {
      const base = tableIndex(c1, c2, 0);
      for (let x = 0; x < S; x++) tri[x] = counts[base + x] as number;
      const p3 = interpolate(tri, 0, p2.subarray(c2 * S, c2 * S + S));
      for (let x = 1; x < S; x++) table[base + x] = Math.min(255, Math.round(-Math.log2(p3[x] as number) * QUANT));
    }
  return table;
}

function interpolate(counts: Float64Array, offset: number, lower: Float64Array): Float64Array {
  const S = SYMBOLS;
  const out = new Float64Array(S);
  let total = 0;
  let types = 0;
  for (let x = 1; x < S; x++) {
    const v = counts[offset + x] as number;
    total += v;
    if (v > 0) types++;
  }
  for (let x = 1; x < S; x++) out[x] = total === 0 ? (lower[x] as number) : ((counts[offset + x] as number) + types * (lower[x] as number)) / (total + types);
  return out;
}

/** Decodes a committed base64 table. */
export function decodeTable(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
