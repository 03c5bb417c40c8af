/**
 * Text -> symbol sequence for the suffix model, shared by the scorer and the trainer so both see the same
 * thing. Masked and non-Latin chars become one BOUNDARY per run; runs of spaces and of one punctuation
 * mark collapse to one symbol (`----`, `**`, blank lines carry no language). Each symbol keeps the
 * position of its char, and a flag when it makes its whitespace token "odd" in a way optimised suffixes
 * are and prose is not (one flag per token):
 * - a camel join of words: two lowercase letters then a capital (`similarlyNow`, `tableView`);
 * - capitals running into lowercase (`BEtera`, `SocietyEGIN` is caught by the first rule);
 * - letters glued by a mark prose never puts between letters (`giving**ONE`, `a]{b`);
 * - a cluster of three or more marks with a backslash or two brackets / operators (`"\!--`, `={[@`, `]{\`).
 * Buffers grow once and are reused: no allocation per char.
 */
import * as alphabet from './alphabet.js';
import { maskNonProse } from './mask.js';

// Hot-loop bindings copied to locals: transpiled ESM (tsx, vitest) reads imports through getters.
const { BOUNDARY, SPACE, TABLE, isPunctuation, symbolOf } = alphabet;

/**
 * Char classes, one lookup per char. Marks that prose does not put between two letters (GLUE), and marks
 * that prose seldom clusters (CLUSTER): a cluster is odd with two of them, or a backslash (Markdown's
 * `**[`, `%),` and `](` are common).
 */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const GLUE = 8;
const CLUSTER = 16;
const BACKSLASH = 32;
const LETTER = LOWER | UPPER;
const CLASS = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) {
  if ((c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7)) CLASS[c] = LOWER;
  else if ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7)) CLASS[c] = UPPER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
}
for (const ch of '*#`%') CLASS[ch.charCodeAt(0)] = GLUE;
for (const ch of '+=<>[]{}|^~$@') CLASS[ch.charCodeAt(0)] = GLUE | CLUSTER;
CLASS[0x5c] = GLUE | CLUSTER | BACKSLASH;
const classOf = (c: number): number => (c < 0x250 ? (CLASS[c] as number) : 0);

export class SuffixEncoder {
  /** Symbols, their char positions and odd-token flags, valid for [0, length) after encode(). */
  sym = new Uint8Array(1024);
  pos = new Int32Array(1024);
  odd = new Uint8Array(1024);
  private mask = new Uint8Array(1024);

  /**
   * Encodes text; returns the number of symbols written. With oddOnly, a text without any odd token
   * returns 1 (nothing to score) after one cheap pass: masking only splits tokens, which never makes a
   * token odd, so the unmasked text bounds the masked one.
   */
  encode(text: string, oddOnly = false): number {
    this.reserve(text.length + 1);
    if (oddOnly && this.run(text, false) === 0) return 1;
    maskNonProse(text, this.mask);
    return this.run(text, true);
  }

  /** The encoding pass; a probe (emit false) returns 1 at the first odd token, 0 if there is none. */
  private run(text: string, emit: boolean): number {
    const { sym, pos, odd, mask } = this;
    let n = 1;
    let prev = BOUNDARY;
    let lowerRun = 0;
    let upperRun = 0;
    let capsBefore = 0;
    let markRun = 0;
    let markRare = 0;
    let markMixed = false;
    let tokenOdd = false;
    let c1 = 32; // previous char, and the classes of it and the one before it, within the token
    let k1 = 0;
    let k2 = 0;
    sym[0] = BOUNDARY;
    pos[0] = 0;
    odd[0] = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const s = emit && mask[i] === 1 ? BOUNDARY : c < 0x250 ? (TABLE[c] as number) : symbolOf(c);
      let flag = false;
      if (s === SPACE || s === BOUNDARY) {
        tokenOdd = false;
        lowerRun = upperRun = capsBefore = markRun = 0;
        c1 = 32;
        k1 = k2 = 0;
      } else {
        const k = classOf(c);
        if (k & LOWER) {
          if (lowerRun === 0) capsBefore = upperRun;
          upperRun = 0;
          lowerRun++;
          if (lowerRun === 2 && capsBefore >= 2) flag = true;
        } else if (k & UPPER) {
          if (lowerRun >= 2) flag = true;
          upperRun++;
          lowerRun = 0;
        } else {
          lowerRun = upperRun = capsBefore = 0;
        }
        if (k & LETTER && k2 & LETTER && k1 & GLUE) flag = true;
        if ((k & (LETTER | DIGIT)) === 0) {
          markMixed = markRun > 0 && (markMixed || c !== c1);
          markRare = (markRun > 0 ? markRare : 0) + (k & BACKSLASH ? 2 : k & CLUSTER ? 1 : 0);
          markRun++;
          if (markRun >= 3 && markMixed && markRare >= 2) flag = true;
        } else markRun = 0;
        c1 = c;
        k2 = k1;
        k1 = k;
        if (flag) {
          if (!emit) return 1;
          if (tokenOdd) flag = false;
          tokenOdd = true;
        }
      }
      if (!emit) continue;
      if (s === prev && (s === SPACE || s === BOUNDARY || isPunctuation(s))) {
        if (flag) odd[n - 1] = 1;
        continue;
      }
      sym[n] = s;
      pos[n] = i;
      odd[n] = flag ? 1 : 0;
      n++;
      prev = s;
    }
    return emit ? n : 0;
  }

  private reserve(size: number): void {
    if (size <= this.sym.length) return;
    let cap = this.sym.length;
    while (cap < size) cap *= 2;
    this.sym = new Uint8Array(cap);
    this.pos = new Int32Array(cap);
    this.odd = new Uint8Array(cap);
    this.mask = new Uint8Array(cap);
  }
}
