import { foldLower } from './fold.js';

type Shape = 'cap' | 'upper' | 'lower' | 'initial';

/**
 * A word of the text with its offsets, its ASCII-folded lower-case form and its letter-case shape. The
 * strings are made on first use: most words of a prompt are never looked at by a rule.
 */
export class Token {
  private source = '';
  private word: string | undefined;
  private folded: string | undefined;
  private plain = false;
  start = 0;
  end = 0;
  /** cap: "Anna", "McKay", "Jean-Luc"; upper: "ANNA"; lower: "anna"; initial: "A" (one capital letter). */
  shape: Shape = 'lower';

  /** Points this (possibly reused) token at a word; `plain` means all lower-case ASCII, its own fold. */
  set(source: string, start: number, end: number, shape: Shape, plain: boolean): this {
    this.source = source;
    this.start = start;
    this.end = end;
    this.shape = shape;
    this.plain = plain;
    this.word = undefined;
    this.folded = undefined;
    return this;
  }

  get text(): string {
    return (this.word ??= this.source.slice(this.start, this.end));
  }

  get fold(): string {
    return (this.folded ??= this.plain ? this.text : foldLower(this.text.toLowerCase()));
  }
}

/**
 * Token objects kept between calls of one detector, so tokenizing a prompt allocates almost nothing (a
 * 4 KB prompt has ~600 words; fresh objects for each call made a GC pause land in ~2% of calls). Only for
 * synchronous use: the tokens of one call are overwritten by the next.
 */
export class TokenPool {
  readonly tokens: Token[] = [];
  /** The list `tokenize` returns, reused too (its growth was a third of a call's garbage): valid until the next call. */
  readonly words: Token[] = [];
  /** Beyond this many words a call allocates, so one huge prompt does not pin memory for good. */
  static readonly MAX = 4096;

  at(k: number): Token {
    let t = this.tokens[k];
    if (t === undefined) {
      t = new Token();
      if (k < TokenPool.MAX) this.tokens[k] = t;
    }
    return t;
  }
}

const LETTER = /[\p{L}\p{M}]/u;

function shapeOf(word: string, lower: string): Shape {
  const c = word[0] as string;
  // A first letter that lower-casing changes is upper-case; a word equal to its lower-case form has none.
  if (c === lower[0]) return 'lower';
  if (word.length === 1) return 'initial';
  return word === word.toUpperCase() ? 'upper' : 'cap';
}

/**
 * Splits text into words. A possessive "'s" and trailing apostrophes or hyphens are left out of the word,
 * so "Daniel's" yields "Daniel".
 */
export function tokenize(text: string, pool?: TokenPool): Token[] {
  const tokens: Token[] = pool ? pool.words : [];
  let count = 0;
  const make = (): Token => (pool ? pool.at(count) : new Token());
  const n = text.length;
  let i = 0;
  while (i < n) {
    // A hand-written scan: ASCII letters are classified by code, only other characters by a regex. The
    // flags let an all-lower-case ASCII word (most words) be its own folded form, with no new string.
    if (!isLetter(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let upper = 0;
    let ascii = true;
    // Each character read once: letters and joiners continue the word; a non-ASCII character, even the one
    // that ends the word, makes it non-ASCII.
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if ((c >= 97 && c <= 122) || c === 39 || c === 45) continue;
        if (c >= 65 && c <= 90) {
          upper++;
          continue;
        }
        break;
      }
      ascii = false;
      if (c !== 0x2019 && !LETTER.test(text[i] as string)) break;
    }
    let end = i;
    // Trailing apostrophes and hyphens, then a possessive "'s", stay outside the word.
    while (end - start > 1 && isJoiner(text.charCodeAt(end - 1))) end--;
    if (end - start > 3 && (text[end - 1] === 's' || text[end - 1] === 'S') && (text[end - 2] === "'" || text[end - 2] === '’')) end -= 2;
    if (ascii && upper === 0) {
      tokens[count++] = make().set(text, start, end, 'lower', true);
      continue;
    }
    if (ascii) {
      // ASCII with capitals: the shape follows from the first letter and the count of capitals.
      const first = text.charCodeAt(start);
      const len = end - start;
      const shape: Shape = first < 65 || first > 90 ? 'lower' : len === 1 ? 'initial' : upper >= countLetters(text, start, end) ? 'upper' : 'cap';
      tokens[count++] = make().set(text, start, end, shape, false);
      continue;
    }
    const word = text.slice(start, end);
    tokens[count++] = make().set(text, start, end, shapeOf(word, word.toLowerCase()), false);
  }
  tokens.length = count;
  return tokens;
}

function countLetters(text: string, start: number, end: number): number {
  let k = 0;
  for (let i = start; i < end; i++) if (!isJoiner(text.charCodeAt(i))) k++;
  return k;
}

function isJoiner(c: number): boolean {
  return c === 39 || c === 45 || c === 0x2019;
}

function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  // Surrogate pairs (rare letters outside the BMP) are read as two code units and skipped.
  return LETTER.test(text[i] as string);
}

/** True when the text has letters but no upper-case letter at all, so case carries no signal. */
export function isLowerCaseText(text: string): boolean {
  return !/\p{Lu}/u.test(text) && /\p{Ll}/u.test(text);
}
