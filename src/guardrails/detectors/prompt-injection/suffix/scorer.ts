/**
 * Scores a text for an optimised adversarial suffix: the symbol sequence of `encode.ts` under a char
 * trigram model of benign prose (one table lookup per symbol), in sliding windows of WINDOW symbols.
 * A window's value is its mean surprisal (bits per symbol, each capped so one odd mark cannot dominate)
 * plus ODD_WEIGHT per odd token in it; the text's value is its best window. Windows that cross more than
 * MAX_BOUNDARIES skipped runs (code, encodings, other scripts) are not scored: mixed-script text and text
 * around code is not gibberish. A maximum over windows, never a whole-text mean, so padding cannot dilute.
 */
import { BOUNDARY, SYMBOLS } from './alphabet.js';
import { SuffixEncoder } from './encode.js';

/** Surprisal is stored in 1/QUANT bit steps, one byte per (context, symbol). */
export const QUANT = 16;
export const WINDOW = 64;
/** Texts with fewer prose symbols than this are not scored (too short to tell). */
export const MIN_SYMBOLS = 40;
const MAX_BOUNDARIES = 2;
const CAP_BITS = 9;
const MIN_ODD = 1;
export const ODD_WEIGHT = 0.4;

export interface SuffixWindow {
  /** Best window value (mean capped bits per symbol + ODD_WEIGHT per odd token); 0 when nothing is scored. */
  value: number;
  /** Char span of that window. */
  start: number;
  end: number;
  /** Its two parts: mean surprisal and odd-token count. */
  bits: number;
  odd: number;
}

/** Index of (context c1 c2, symbol x) in a model table. */
export function tableIndex(c1: number, c2: number, x: number): number {
  return (c1 * SYMBOLS + c2) * SYMBOLS + x;
}

/** Reusable scorer; one per detector (detect is synchronous, so calls never interleave). */
export class SuffixScorer {
  readonly encoder = new SuffixEncoder();
  private q = new Uint8Array(1024);

  /** Best window of text under a surprisal table (SYMBOLS^3 bytes, QUANT steps per bit). */
  best(text: string, table: Uint8Array): SuffixWindow {
    const none: SuffixWindow = { value: 0, start: 0, end: 0, bits: 0, odd: 0 };
    const n = this.encoder.encode(text, MIN_ODD > 0);
    if (n - 1 < MIN_SYMBOLS) return none;
    if (this.q.length < n) this.q = new Uint8Array(this.encoder.sym.length);
    const { sym, pos, odd } = this.encoder;
    const q = this.q;
    const cap = CAP_BITS * QUANT;
    const w = Math.min(WINDOW, n - 1);
    let sumQ = 0;
    let scored = 0;
    let bounds = 0;
    let odds = 0;
    let bestValue = 0;
    let bestAt = 0;
    let bestBits = 0;
    let bestOdd = 0;
    for (let i = 1; i < n; i++) {
      const s = sym[i] as number;
      if (s === BOUNDARY) {
        q[i] = 0;
        bounds++;
      } else {
        const v = table[tableIndex(i >= 2 ? (sym[i - 2] as number) : BOUNDARY, sym[i - 1] as number, s)] as number;
        q[i] = v < cap ? v : cap;
        sumQ += q[i] as number;
        scored++;
      }
      odds += odd[i] as number;
      const out = i - w;
      if (out >= 1) {
        if (sym[out] === BOUNDARY) bounds--;
        else {
          sumQ -= q[out] as number;
          scored--;
        }
        odds -= odd[out] as number;
      }
      if (i < w || bounds > MAX_BOUNDARIES || scored === 0 || odds < MIN_ODD) continue;
      const bits = sumQ / scored / QUANT;
      const value = bits + ODD_WEIGHT * odds;
      if (value > bestValue) {
        bestValue = value;
        bestAt = i;
        bestBits = bits;
        bestOdd = odds;
      }
    }
    if (bestValue === 0) return none;
    return { value: bestValue, start: pos[bestAt - w + 1] as number, end: (pos[bestAt] as number) + 1, bits: bestBits, odd: bestOdd };
  }
}
