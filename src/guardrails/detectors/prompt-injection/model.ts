/**
 * The linear classifier's scoring: weight decoding and the unit scorer shared by the detector, training
 * and evaluation. The committed weights are loaded by `committed-model.ts`, so training never depends on them.
 *
 * A unit (a window, a line, a sentence or two) has logit bias + (sum of its grams' weights) * unitScale(its gram
 * count) + its markers' weights (lines only: see lines.ts and data-context.ts).
 * Every gram is added once to a prefix sum by start and once to a prefix sum by end; the grams wholly
 * inside [a, b) are then byEnd[b] - byStart[a] (no gram is longer than a unit), so all overlapping windows
 * and lines of a text cost one pass over it instead of one per window.
 */
import { STRIDE, TextGrams, WINDOW, charGramCount, unitScale } from './features.js';
import { FIB_MULTIPLIER, FNV_PRIME, HASH_BITS, HASH_SIZE, SEED_CHAR, fib } from './hashing.js';
import { dataWeight } from './data-context.js';
import { LINE_MARKER } from './lines.js';

export interface LinearModel {
  /** Int16-quantised weights, as committed (w = q * scale): the scorer sums integers and scales once per unit. */
  weights: Int16Array;
  scale: number;
  bias: number;
  /** Logit of the operating point (FPR <= 0.5% on pooled leave-one-source-out benign, CALIBRATION_FPR); the score is sigmoid(logit - offset). */
  offset: number;
}

export interface UnitScore {
  /** Raw logit of the best unit (before the offset). */
  logit: number;
  /** Its span in the original text. */
  start: number;
  end: number;
}

/**
 * Texts up to WHOLE chars (every training text) are scored in one pass; longer ones on evenly spread chunks
 * of CHUNK chars, at most MAX_CHUNKS (so past 64K chars there are gaps the rules still cover): bounded cost.
 */
const WHOLE = 8192;
const CHUNK = 4096;
const MAX_CHUNKS = 16;

/** Quantise float weights to Int16 with one scale (max |w| maps to 32767). */
export function quantise(weights: Float32Array): { weights: Int16Array; scale: number } {
  let max = 0;
  for (const v of weights) max = Math.max(max, Math.abs(v));
  const scale = max / 32767 || 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  return { weights: q, scale };
}

/** Decode Int16 quantised weights from base64. */
export function decodeWeights(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== 2 * HASH_SIZE) throw new Error('prompt-injection weights: wrong size');
  const q = new Int16Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) q[i] = bytes.readInt16LE(2 * i);
  return q;
}

/** Reusable scorer: gram extraction plus prefix sums. Not re-entrant: one per detector instance. */
export class UnitScorer {
  readonly grams = new TextGrams();
  private byStart = new Float64Array(1024);
  private byEnd = new Float64Array(1024);
  private countByStart = new Int32Array(1024);
  private countByEnd = new Int32Array(1024);

  /** Highest-scoring unit (window, line, sentence or sentence pair) of text under a model. */
  best(text: string, model: LinearModel): UnitScore {
    if (text.length <= WHOLE) return this.bestIn(text, 0, text.length, model);
    let best: UnitScore = { logit: -Infinity, start: 0, end: 0 };
    const chunks = Math.min(MAX_CHUNKS, Math.ceil(text.length / CHUNK));
    for (let k = 0; k < chunks; k++) {
      const from = Math.round(((text.length - CHUNK) * k) / (chunks - 1));
      const s = this.bestIn(text, from, from + CHUNK, model);
      if (s.logit > best.logit) best = s;
    }
    return best;
  }

  private bestIn(text: string, from: number, to: number, model: LinearModel): UnitScore {
    const g = this.grams;
    g.extract(text, from, to);
    this.prefix(model.weights);
    const w = model.weights;
    const scale = model.scale;
    const n = g.length;
    const byStart = this.byStart;
    const byEnd = this.byEnd;
    const cStart = this.countByStart;
    const cEnd = this.countByEnd;
    let bestLogit = -Infinity;
    let bestA = 0;
    let bestB = 0;
    const last = Math.max(0, n - WINDOW);
    for (let a = 0; ; a = Math.min(a + STRIDE, last)) {
      const b = Math.min(n, a + WINDOW);
      const count = charGramCount(b - a) + cEnd[b]! - cStart[a]!;
      const logit = model.bias + scale * (byEnd[b]! - byStart[a]!) * unitScale(count);
      if (logit > bestLogit) {
        bestLogit = logit;
        bestA = a;
        bestB = b;
      }
      if (a === last) break;
    }
    const lines = g.lines;
    for (let k = 0; k < lines.count; k++) {
      const a = lines.start[k]!;
      const b = lines.end[k]!;
      const ctx = lines.context[k]!;
      const count = charGramCount(b - a) + cEnd[b]! - cStart[a]!;
      const grams = (byEnd[b]! - byStart[a]!) * unitScale(count);
      const logit = model.bias + scale * (grams + w[LINE_MARKER]! + (ctx !== 0 ? w[ctx]! + dataWeight(g, w, a, b) : 0));
      if (logit > bestLogit) {
        bestLogit = logit;
        bestA = a;
        bestB = b;
      }
    }
    const sentences = g.sentences;
    for (let k = 0; k < sentences.count; k++) {
      const a = sentences.start[k]!;
      const b = sentences.end[k]!;
      const count = charGramCount(b - a) + cEnd[b]! - cStart[a]!;
      const logit = model.bias + scale * (byEnd[b]! - byStart[a]!) * unitScale(count);
      if (logit > bestLogit) {
        bestLogit = logit;
        bestA = a;
        bestB = b;
      }
    }
    // The last unit may end on the boundary space appended after the text: clamp to the text.
    return { logit: bestLogit, start: g.origin[bestA]!, end: Math.min(to, g.origin[Math.max(bestA, bestB - 1)]! + 1) };
  }

  /** byStart[x]: quantised weight of grams starting before x; byEnd[x]: of grams ending at or before x. */
  private prefix(w: Int16Array): void {
    const g = this.grams;
    const n = g.length;
    if (this.byStart.length < n + 1) {
      const size = Math.max(n + 1, this.byStart.length * 2);
      this.byStart = new Float64Array(size);
      this.byEnd = new Float64Array(size);
      this.countByStart = new Int32Array(size);
      this.countByEnd = new Int32Array(size);
    }
    const byStart = this.byStart;
    const byEnd = this.byEnd;
    const cStart = this.countByStart;
    const cEnd = this.countByEnd;
    byStart.fill(0, 0, n + 1);
    byEnd.fill(0, 0, n + 1);
    cStart.fill(0, 0, n + 1);
    cEnd.fill(0, 0, n + 1);
    addCharGrams(g.codes, n, w, byStart, byEnd);
    for (let k = 0; k < g.gCount; k++) {
      const v = w[g.gIndex[k]!]!;
      const a = g.gStart[k]!;
      const b = g.gEnd[k]!;
      byStart[a]! += v;
      byEnd[b]! += v;
      cStart[a]!++;
      cEnd[b]!++;
    }
    // Exclusive prefix by start, inclusive by end.
    let s = 0;
    let e = 0;
    let cs = 0;
    let ce = 0;
    for (let x = 0; x <= n; x++) {
      const vs = byStart[x]!;
      byStart[x] = s;
      s += vs;
      e += byEnd[x]!;
      byEnd[x] = e;
      const us = cStart[x]!;
      cStart[x] = cs;
      cs += us;
      ce += cEnd[x]!;
      cEnd[x] = ce;
    }
  }
}

/**
 * Char n-gram weights by start (byStart[i] = all grams starting at i) and by end, hashed inline exactly as
 * TextGrams.indexChars does, so the hot path builds no index arrays. Module constants are copied to locals.
 */
function addCharGrams(codes: Uint16Array, n: number, w: Int16Array, byStart: Float64Array, byEnd: Float64Array): void {
  const seed = SEED_CHAR;
  const prime = FNV_PRIME;
  const golden = FIB_MULTIPLIER;
  const shift = 32 - HASH_BITS;
  let i = 0;
  for (; i + 5 <= n; i++) {
    let h = Math.imul(seed ^ codes[i]!, prime);
    h = Math.imul(h ^ codes[i + 1]!, prime);
    h = Math.imul(h ^ codes[i + 2]!, prime);
    const h4 = Math.imul(h ^ codes[i + 3]!, prime);
    const h5 = Math.imul(h4 ^ codes[i + 4]!, prime);
    const w3 = w[Math.imul(h, golden) >>> shift]!;
    const w4 = w[Math.imul(h4 ^ 4, golden) >>> shift]!;
    const w5 = w[Math.imul(h5 ^ 5, golden) >>> shift]!;
    byStart[i] = w3 + w4 + w5;
    byEnd[i + 3]! += w3;
    byEnd[i + 4]! += w4;
    byEnd[i + 5]! += w5;
  }
  for (; i + 3 <= n; i++) {
    let h = Math.imul(seed ^ codes[i]!, prime);
    h = Math.imul(h ^ codes[i + 1]!, prime);
    h = Math.imul(h ^ codes[i + 2]!, prime);
    const w3 = w[fib(h)]!;
    byStart[i] = w3;
    byEnd[i + 3]! += w3;
    if (i + 4 <= n) {
      const w4 = w[fib(Math.imul(h ^ codes[i + 3]!, prime) ^ 4)]!;
      byStart[i]! += w4;
      byEnd[i + 4]! += w4;
    }
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
