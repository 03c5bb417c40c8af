/**
 * Scores a text for an optimised adversarial suffix: the symbol sequence of `encode.ts` under a char
 * trigram model of benign prose (one table lookup per symbol), in sliding windows of WINDOW symbols.
 * A window's value is its mean surprisal (bits per symbol, each capped so one odd mark cannot dominate)
 * plus ODD_WEIGHT per odd token in it; the text's value is its best window. Windows that cross more than
 * MAX_BOUNDARIES skipped runs (code, encodings, other scripts) are not scored: mixed-script text and text
 * around code is not gibberish. A maximum over windows, never a whole-text mean, so padding cannot dilute.
 */
import * as alphabet from './alphabet.js';
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

// Hot-loop bindings copied to locals: transpiled ESM (tsx, vitest) reads imports through getters.
const { BOUNDARY, SYMBOLS } = alphabet;

/** Index of (context c1 c2, symbol x) in a model table. */
export function tableIndex(c1: number, c2: number, x: number): number {
  return (c1 * SYMBOLS + c2) * SYMBOLS + x;
}

/** Reusable scorer; one per detector (detect is synchronous, so calls never interleave). */
export class SuffixScorer {
  readonly encoder = new SuffixEncoder();
  private q = new Uint8Array(1024);
  private bestValue = 0;
  private bestAt = 0;
  private bestBits = 0;
  private bestOdd = 0;

  /** Best window of text under a surprisal table (SYMBOLS^3 bytes, QUANT steps per bit). */
  best(text: string, table: Uint8Array): SuffixWindow {
    const none: SuffixWindow = { value: 0, start: 0, end: 0, bits: 0, odd: 0 };
    const n = this.encoder.encode(text, MIN_ODD > 0);
    if (n - 1 < MIN_SYMBOLS) return none;
    if (this.q.length < n) this.q = new Uint8Array(this.encoder.sym.length);
    const odd = this.encoder.odd;
    const w = Math.min(WINDOW, n - 1);
    this.bestValue = this.bestAt = this.bestBits = this.bestOdd = 0;
    // Only windows holding an odd token count, so only the symbols within w of one are looked up.
    let o = 1;
    while (o < n) {
      while (o < n && odd[o] === 0) o++;
      if (o >= n) break;
      const from = Math.max(1, o - w + 1);
      let to = Math.min(n - 1, o + w - 1);
      for (o = o + 1; o < n && o <= to + w - 1; o++) if (odd[o] === 1) to = Math.min(n - 1, o + w - 1);
      this.scan(from, to, w, table);
      o = to + 1;
    }
    if (this.bestValue === 0) return none;
    const { pos } = this.encoder;
    return { value: this.bestValue, start: pos[this.bestAt - w + 1] as number, end: (pos[this.bestAt] as number) + 1, bits: this.bestBits, odd: this.bestOdd };
  }

  /** Slides the window over symbols [from, to], keeping the best window that ends in that range. */
  private scan(from: number, to: number, w: number, table: Uint8Array): void {
    const { sym, odd } = this.encoder;
    const q = this.q;
    const cap = CAP_BITS * QUANT;
    let sumQ = 0;
    let scored = 0;
    let bounds = 0;
    let odds = 0;
    for (let i = from; i <= to; i++) {
      const s = sym[i] as number;
      if (s === BOUNDARY) {
        q[i] = 0;
        bounds++;
      } else {
        const v = table[tableIndex(i >= 2 ? (sym[i - 2] as number) : BOUNDARY, sym[i - 1] as number, s)] as number;
        q[i] = Math.min(v, cap);
        sumQ += q[i] as number;
        scored++;
      }
      odds += odd[i] as number;
      const out = i - w;
      if (out >= from) {
        if (sym[out] === BOUNDARY) bounds--;
        else {
          sumQ -= q[out] as number;
          scored--;
        }
        odds -= odd[out] as number;
      }
      if (i - from + 1 < w || bounds > MAX_BOUNDARIES || scored === 0 || odds < MIN_ODD) continue;
      const bits = sumQ / scored / QUANT;
      const value = bits + ODD_WEIGHT * odds;
      if (value > this.bestValue) {
        this.bestValue = value;
        this.bestAt = i;
        this.bestBits = bits;
        this.bestOdd = odds;
      }
    }
  }
}
