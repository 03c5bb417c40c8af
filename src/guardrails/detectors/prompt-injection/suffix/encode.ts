/**
 * Text -> symbol sequence for the suffix model, shared by the scorer and the trainer so both see the same
 * thing. Masked and non-Latin chars become one BOUNDARY per run; runs of spaces and of one punctuation
 * mark collapse to one symbol (`----`, `**`, blank lines carry no language). Each symbol keeps the
 * position of its char, and a flag when it makes its whitespace token "odd" in a way optimised suffixes
 * are and prose is not (one flag per token):
 * - a camel join of words: two lowercase letters then a capital (`similarlyNow`, `tableView`), in a word that
 *   starts lower-case (`CzechSlovak`, `ClaimsAPI` are names) and is not a product's `OS` (`macOS`);
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

/**
 * The odd-token rules over one whitespace token, a char at a time (see the file comment). One per encoder,
 * reset at every token: its state is the runs of lower and upper case and of marks, and the classes of
 * the two chars before.
 */
export class TokenShape {
  private lowerRun = 0;
  private upperRun = 0;
  private capsBefore = 0;
  private markRun = 0;
  private markRare = 0;
  private markMixed = false;
  /** The previous char, and the classes of it and the one before it, within the token. */
  private c1 = 32;
  private k1 = 0;
  private k2 = 0;
  /**
   * Whether the word's first letter (after any mark or digit in the token) was a capital: a camel join then reads
   * as a name (`CzechSlovak`, `ClaimsAPI`, `ignore::DeprecationWarning`).
   */
  private named = false;
  private letters = 0;
  /** A camel join at `O`, held until the next char shows whether it is the `OS` of a product (`macOS`, `watchOS`). */
  private heldO = false;

  /** A new token starts. markRare and markMixed are not read again before markRun counts a mark. */
  reset(): void {
    this.lowerRun = this.upperRun = this.capsBefore = this.markRun = 0;
    this.c1 = 32;
    this.k1 = this.k2 = 0;
    this.named = this.heldO = false;
    this.letters = 0;
  }

  /** Char c extends the token; returns whether it makes the token odd. */
  next(c: number): boolean {
    const k = classOf(c);
    // The common case, a lower-case letter deep in a lower-case run: no rule can fire and only the counters move
    // (the full path below would leave every other field as it is).
    if (k === LOWER && this.k1 === LOWER && this.lowerRun >= 2 && !this.heldO) {
      this.letters++;
      this.lowerRun++;
      this.c1 = c;
      this.k2 = LOWER;
      return false;
    }
    let flag = false;
    if (k & LETTER && this.letters++ === 0) this.named = (k & UPPER) !== 0;
    if (k & LOWER) {
      // A held `O` followed by a lower-case letter: a join after all (`similarlyOver`).
      if (this.heldO) flag = true;
      this.heldO = false;
      if (this.lowerRun === 0) this.capsBefore = this.upperRun;
      this.upperRun = 0;
      this.lowerRun++;
      if (this.lowerRun === 2 && this.capsBefore >= 2) flag = true;
    } else if (k & UPPER) {
      if (this.heldO) {
        if (c !== 0x53) flag = true;
        this.heldO = false;
      } else if (this.lowerRun >= 2 && !this.named) {
        if (c === 0x4f) this.heldO = true;
        else flag = true;
      }
      this.upperRun++;
      this.lowerRun = 0;
    } else {
      this.lowerRun = this.upperRun = this.capsBefore = 0;
      this.letters = 0;
      if (this.heldO) flag = true;
      this.heldO = false;
    }
    if (k & LETTER && this.k2 & LETTER && this.k1 & GLUE) flag = true;
    if ((k & (LETTER | DIGIT)) === 0) {
      this.markMixed = this.markRun > 0 && (this.markMixed || c !== this.c1);
      this.markRare = (this.markRun > 0 ? this.markRare : 0) + (k & BACKSLASH ? 2 : k & CLUSTER ? 1 : 0);
      this.markRun++;
      if (this.markRun >= 3 && this.markMixed && this.markRare >= 2) flag = true;
    } else this.markRun = 0;
    this.c1 = c;
    this.k2 = this.k1;
    this.k1 = k;
    return flag;
  }
}

export class SuffixEncoder {
  /** Symbols, their char positions and odd-token flags, valid for [0, length) after encode(). */
  sym = new Uint8Array(1024);
  pos = new Int32Array(1024);
  odd = new Uint8Array(1024);
  private mask = new Uint8Array(1024);
  private readonly shape = new TokenShape();

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
    const { sym, pos, odd, mask, shape } = this;
    let n = 1;
    let prev = BOUNDARY;
    let tokenOdd = false;
    shape.reset();
    sym[0] = BOUNDARY;
    pos[0] = 0;
    odd[0] = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const s = emit && mask[i] === 1 ? BOUNDARY : c < 0x250 ? (TABLE[c] as number) : symbolOf(c);
      let flag = false;
      if (s === SPACE || s === BOUNDARY) {
        tokenOdd = false;
        shape.reset();
      } else if (shape.next(c)) {
        if (!emit) return 1;
        // One flag per token: its first odd char.
        flag = !tokenOdd;
        tokenOdd = true;
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
