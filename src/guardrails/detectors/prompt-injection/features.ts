/**
 * Feature hashing for the prompt-injection classifier. One pass over a normalised copy of the text yields
 * every gram once, with its span: character 3-5 grams, word 1-2 grams, word-class tokens and skip-bigrams,
 * and sentence-initial words. A scoring unit (a window, or a line scored alone) is the multiset of grams
 * lying wholly inside it, scaled by unitScale (see there and MIN_GRAMS), plus its markers. That is linear in the grams, so
 * the detector scores every unit from prefix sums (`model.ts`) instead of re-hashing overlapping windows;
 * training builds the same vectors explicitly (`unitVector`), and a test checks the two agree.
 *
 * Windows (not whole texts) are scored because label-1 training texts are much longer than label-0 ones:
 * a bounded unit with a count-normalised vector keeps "long" from being a feature.
 */
import { FIB_MULTIPLIER, FNV_PRIME, HASH_BITS, HASH_SIZE, SEED_CHAR, SEED_WORD, fib } from './hashing.js';
import { scanLexicon } from './lexicon/scan.js';
import { LineSpans, emailEnd, emailStart } from './lines.js';
import { findSentences } from './sentences.js';
import { classPair, classToken, encodingTell, wordClass } from './vocabulary.js';

export { HASH_BITS, HASH_SIZE } from './hashing.js';
export { LINE_MARKER } from './lines.js';

/** Window length and stride in normalised code units; any span up to WINDOW - STRIDE long lies inside one window. */
export const WINDOW = 256;
export const STRIDE = 128;
/**
 * A unit is scaled by unitScale, constant up to MIN_GRAMS grams: below about one sentence (~110 chars), a text is weak
 * evidence, and without the floor a single loaded word ("prompt", "ignore") decides a short query alone.
 */
export const MIN_GRAMS = 384;
/** Copies of one word in a row that count; later ones are dropped (`TextGrams.repeated`). */
export const MAX_REPEATS = 3;
/** Longer "words" (base64, hashes) yield no word grams: they would only add collisions. */
const MAX_WORD = 40;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_SENTENCE = 0x27d4eb2f;

const WORD = 1;
const NEWLINE = 2;
const SENTENCE_END = 4;
const WIDE = 8;
/** ASCII normalisation (lower case, digits to '0', whitespace to space) and character kinds, by code. */
const ASCII_CODE = new Uint8Array(128);
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let n = c;
  if (c >= 65 && c <= 90) n = c + 32;
  else if (c >= 49 && c <= 57) n = 48;
  else if (c <= 32 || c === 127) n = 32;
  ASCII_CODE[c] = n;
  ASCII_KIND[c] = ((n >= 97 && n <= 122) || n === 48 ? WORD : 0) | (c === 10 || c === 13 ? NEWLINE : 0) | (c === 46 || c === 33 || c === 63 ? SENTENCE_END : 0);
}

/** Full stops and question marks of scripts that write no space after them (CJK, Devanagari, Arabic, Urdu). */
function isWideSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 0xff61 || c === 0x0964 || c === 0x0965 || c === 0x061f || c === 0x06d4;
}

/** Normalised code of a non-ASCII unit: -1 drops it (zero-width and formatting characters only split keywords). */
function normaliseWide(c: number): number {
  if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0xad || c === 0x180e) return -1;
  if (c >= 0xff01 && c <= 0xff5e) return ASCII_CODE[c - 0xfee0]!;
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x85) return 32;
  return c;
}

/** The character kind of a non-ASCII unit `raw`, normalised to c (not -1). */
function wideKind(raw: number, c: number): number {
  if (raw === 0x2028 || raw === 0x2029 || raw === 0x85) return NEWLINE;
  if (isWideSentenceEnd(raw)) return SENTENCE_END | WIDE;
  return c < 128 ? ASCII_KIND[c]! : c === 32 ? 0 : WORD;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The grams of one text. `extract` fills it; everything stays valid until the next `extract`. Buffers grow
 * to the longest text seen and are reused. Not re-entrant: one per detector instance.
 */
export class TextGrams {
  /** Normalised code units; codes[0] is a boundary space. */
  codes = new Uint16Array(1024);
  /** origin[k]: offset in the original text of normalised unit k; origin[length] is the end offset. */
  origin = new Int32Array(1025);
  length = 0;
  /** Char n-gram indices by start position (n = 3, 4, 5); valid for start + n <= length, after `indexChars`. */
  c3 = new Int32Array(1024);
  c4 = new Int32Array(1024);
  c5 = new Int32Array(1024);
  private charsIndexed = false;
  /** Word-level grams (unigrams, bigrams, class tokens and pairs, sentence starts) with [start, end) spans. */
  gIndex = new Int32Array(512);
  gStart = new Int32Array(512);
  gEnd = new Int32Array(512);
  gCount = 0;
  /** Lines worth scoring alone. */
  readonly lines = new LineSpans();
  /** Sentences, and pairs of consecutive sentences, worth scoring alone (no markers). */
  readonly sentences = new LineSpans();
  /** First word of each sentence: its start (normalised units), its word hash and its word class (-1: none). */
  sStart = new Int32Array(64);
  sHash = new Int32Array(64);
  sClass = new Int32Array(64);
  sCount = 0;
  /** Words seen, and how many of them are rot13 forms of common English words, or such words written backwards. */
  words = 0;
  rot13Words = 0;
  reversedWords = 0;

  /** The text looks rot13-encoded: several rotated common words, and a fair share of all words. */
  get rot13Likely(): boolean {
    return this.rot13Words >= 3 && this.rot13Words * 5 >= this.words;
  }

  /** The text holds a reversed payload: three or more common words written backwards (any share of the text). */
  get reversedLikely(): boolean {
    return this.reversedWords >= 3;
  }

  private ensure(n: number): void {
    if (this.codes.length >= n + 2) return;
    const size = Math.max(n + 2, this.codes.length * 2);
    this.codes = new Uint16Array(size);
    this.origin = new Int32Array(size + 1);
    this.c3 = new Int32Array(size);
    this.c4 = new Int32Array(size);
    this.c5 = new Int32Array(size);
  }

  /** Adds a gram with its span (the lexicon pass adds its class grams through this too). */
  gram(index: number, start: number, end: number): void {
    if (this.gCount === this.gIndex.length) {
      this.gIndex = grow(this.gIndex);
      this.gStart = grow(this.gStart);
      this.gEnd = grow(this.gEnd);
    }
    this.gIndex[this.gCount] = index;
    this.gStart[this.gCount] = start;
    this.gEnd[this.gCount++] = end;
  }

  private sentence(start: number, hash: number, cls: number): void {
    if (this.sCount === this.sStart.length) {
      this.sStart = grow(this.sStart);
      this.sHash = grow(this.sHash);
      this.sClass = grow(this.sClass);
    }
    this.sStart[this.sCount] = start;
    this.sHash[this.sCount] = hash;
    this.sClass[this.sCount++] = cls;
  }

  /**
   * Normalise and hash text[from, to). One loop on purpose: it is the detector's hot path, and the current
   * word's state lives in locals. What spans words (the previous word, the last three word classes, whether
   * a sentence starts) lives in fields, read and written once per word or line break (`endWord`).
   */
  extract(text: string, from = 0, to = text.length): void {
    this.start(from, to);
    const codes = this.codes;
    const origin = this.origin;
    let n = 1;
    const prime = FNV_PRIME;
    const seedWord = SEED_WORD;
    let wHash = seedWord;
    let wStart = -1;
    const breaks: number[] = [];
    // Sentence ends: '.', '!' or '?' followed by white space or a CJK character, or a wide full stop followed by anything.
    const stops: number[] = [];
    let pendingStop = false;
    let pendingWide = false;
    for (let i = from; i <= to; i++) {
      let c = i < to ? text.charCodeAt(i) : 32;
      let kind: number;
      if (c < 128) {
        kind = ASCII_KIND[c]!;
        c = ASCII_CODE[c]!;
      } else {
        const raw = c;
        c = normaliseWide(c);
        if (c < 0) continue;
        kind = wideKind(raw, c);
      }
      if ((kind & WORD) === 0 && wStart >= 0) {
        if (this.repeated(wHash, n - wStart)) n = this.keptEnd;
        else {
          this.endWord(wHash, wStart, n);
          this.keptEnd = n;
        }
        wHash = seedWord;
        wStart = -1;
      }
      if ((kind & (NEWLINE | SENTENCE_END)) !== 0) this.repeats = 0;
      if (i === to) break;
      if (pendingStop) {
        n = this.afterStop(c, n, i, pendingWide, stops);
        pendingStop = pendingWide = false;
      }
      if ((kind & SENTENCE_END) !== 0) {
        pendingStop = true;
        pendingWide = (kind & WIDE) !== 0;
      }
      if ((kind & NEWLINE) !== 0) this.lineBreak(n, breaks);
      else if ((kind & SENTENCE_END) !== 0) this.sentenceStart = true;
      if (c === 32 && codes[n - 1] === 32) continue;
      // Runs of one character ("=====", "!!!!!") keep two: separators should not dominate a unit.
      if (c !== 32 && n >= 2 && codes[n - 1] === c && codes[n - 2] === c) continue;
      if ((kind & WORD) !== 0) {
        if (wStart < 0) wStart = n;
        wHash = Math.imul(wHash ^ c, prime);
      }
      codes[n] = c;
      origin[n++] = i;
    }
    this.finish(text, from, to, n, breaks, stops);
  }

  /** The last word kept: its hash and length, how many times in a row it came, and where it ended. */
  private repeatHash = 0;
  private repeatLength = 0;
  private repeats = 0;
  private keptEnd = 0;

  /**
   * Whether a word is the MAX_REPEATS + 1st copy (or later) of one word in a row, with no line break or sentence end
   * between: it is dropped with what precedes it. A flood ("ö ö ö ...", "null, null, ...") would otherwise weigh in
   * its unit as often as it is typed, pushing a unit's score wherever that one word's weights point.
   */
  private repeated(hash: number, length: number): boolean {
    if (this.repeats > 0 && hash === this.repeatHash && length === this.repeatLength) return ++this.repeats > MAX_REPEATS;
    this.repeatHash = hash;
    this.repeatLength = length;
    this.repeats = 1;
    return false;
  }

  /** Word state spanning words, reset by `start` and line breaks; see `extract`. */
  private prevHash = 0;
  private prevStart = -1;
  private sentenceStart = true;
  /** Classes and starts of the last three words (-1: no class). */
  private k0 = -1;
  private k1 = -1;
  private k2 = -1;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;

  /** Empties the grams for text[from, to) and puts the leading boundary space. */
  private start(from: number, to: number): void {
    // Up to one space is inserted per character (after wide full stops).
    this.ensure(2 * (to - from));
    this.gCount = 0;
    this.sCount = 0;
    this.words = 0;
    this.rot13Words = 0;
    this.reversedWords = 0;
    this.prevHash = 0;
    this.prevStart = -1;
    this.sentenceStart = true;
    this.k0 = this.k1 = this.k2 = -1;
    this.s0 = this.s1 = this.s2 = 0;
    this.repeats = 0;
    this.keptEnd = 1;
    this.codes[0] = 32;
    this.origin[0] = from;
  }

  /** The word [wStart, n) with hash wHash ends: its grams, and the word state moves on. */
  private endWord(wHash: number, wStart: number, n: number): void {
    this.words++;
    const tell = encodingTell(wHash);
    if (tell !== 0) {
      if (tell === 1) this.rot13Words++;
      else this.reversedWords++;
    }
    if (n - wStart <= MAX_WORD) {
      const golden = FIB_MULTIPLIER;
      const shift = 32 - HASH_BITS;
      // fib() written out: imported functions are not always inlined.
      this.gram(Math.imul(wHash, golden) >>> shift, wStart, n);
      if (this.prevStart >= 0) this.gram(Math.imul(Math.imul(this.prevHash, 31) ^ wHash ^ SEED_BIGRAM, golden) >>> shift, this.prevStart, n);
      if (this.sentenceStart) this.gram(Math.imul(wHash ^ SEED_SENTENCE, golden) >>> shift, wStart, n);
      const cls = wordClass(wHash);
      if (this.sentenceStart) this.sentence(wStart, wHash, cls);
      if (cls >= 0) {
        this.gram(classToken(cls), wStart, n);
        if (this.k0 >= 0) this.gram(classPair(this.k0, cls), this.s0, n);
        if (this.k1 >= 0) this.gram(classPair(this.k1, cls), this.s1, n);
        if (this.k2 >= 0) this.gram(classPair(this.k2, cls), this.s2, n);
      }
      this.k2 = this.k1;
      this.s2 = this.s1;
      this.k1 = this.k0;
      this.s1 = this.s0;
      this.k0 = cls;
      this.s0 = wStart;
      this.prevHash = wHash;
      this.prevStart = wStart;
    } else {
      this.prevStart = -1;
    }
    this.sentenceStart = false;
  }

  /** The unit after a sentence-ending mark, normalised to c, at unit n: the stop, and the space it may need. Returns the new n. */
  private afterStop(c: number, n: number, i: number, wide: boolean, stops: number[]): number {
    if (c === 32) stops.push(n);
    else if (wide || c >= 0x2e80) {
      // A space after a stop that the script writes without one, so the next sentence starts as a text sent alone would.
      stops.push(n);
      this.codes[n] = 32;
      this.origin[n++] = i;
    }
    return n;
  }

  private lineBreak(n: number, breaks: number[]): void {
    // Word pairs never span a line break, so a line's grams are exactly those inside it.
    this.prevStart = -1;
    this.k0 = this.k1 = this.k2 = -1;
    this.sentenceStart = true;
    if (breaks[breaks.length - 1] !== n) breaks.push(n);
  }

  /** Closes the normalised text at unit n, then finds its lines and sentences and runs the lexicon pass. */
  private finish(text: string, from: number, to: number, n: number, breaks: number[], stops: number[]): void {
    const codes = this.codes;
    const origin = this.origin;
    if (codes[n - 1] !== 32) {
      codes[n] = 32;
      origin[n++] = to;
    }
    origin[n] = to;
    this.length = n;
    this.charsIndexed = false;
    const email = breaks.length > 0 ? emailStart(text, from, to) : -1;
    this.lines.find(codes, origin, n, breaks, WINDOW, email, email >= 0 ? emailEnd(text, email, to) : to);
    findSentences(this.sentences, codes, n, breaks, stops, WINDOW);
    // Foreign intent words as English class grams, plus script/language evidence and phrase-rule hits.
    scanLexicon(this, breaks, from);
  }

  /**
   * Fill c3/c4/c5 (training needs them; the detector's scorer hashes the same grams inline, see model.ts).
   * Char n-gram hash: FNV-1a over the n codes, finalised by `fib` (4- and 5-grams xor their length first).
   */
  indexChars(): void {
    if (this.charsIndexed) return;
    const codes = this.codes;
    const n = this.length;
    for (let i = 0; i + 3 <= n; i++) {
      let h = Math.imul(SEED_CHAR ^ codes[i]!, FNV_PRIME);
      h = Math.imul(h ^ codes[i + 1]!, FNV_PRIME);
      h = Math.imul(h ^ codes[i + 2]!, FNV_PRIME);
      this.c3[i] = fib(h);
      if (i + 4 > n) continue;
      h = Math.imul(h ^ codes[i + 3]!, FNV_PRIME);
      this.c4[i] = fib(h ^ 4);
      if (i + 5 > n) continue;
      h = Math.imul(h ^ codes[i + 4]!, FNV_PRIME);
      this.c5[i] = fib(h ^ 5);
    }
    this.charsIndexed = true;
  }
}

/**
 * Scale of a unit's gram sum: 1/sqrt(MIN_GRAMS) up to MIN_GRAMS grams (see there), MIN_GRAMS^0.25 / grams^0.75
 * past it. Under 1/sqrt(grams) a unit of uniformly suspicious text scored in proportion to sqrt(length): a full
 * 256-char window of mildly attack-like text (a long role-play prompt) outscored a 100-char injection sentence
 * of the same density, such long benign texts set the calibrated operating point, and a one-sentence
 * injection, alone or padded, fell below it. Past the floor the score now grows with length^0.25 only. (The
 * gram mean, length^0, calibrated lower still and let the unscaled e-mail marker flag a correspondent's
 * ordinary lines; see docs/guardrails.md.)
 */
export function unitScale(grams: number): number {
  return grams <= MIN_GRAMS ? 1 / Math.sqrt(MIN_GRAMS) : MIN_GRAMS ** 0.25 / grams ** 0.75;
}

/** Number of char n-grams (n = 3..5) wholly inside a span of `len` normalised units. */
export function charGramCount(len: number): number {
  return Math.max(0, len - 2) + Math.max(0, len - 3) + Math.max(0, len - 4);
}

/** Start offsets (normalised units) of the windows covering `length` units; the last window ends at `length`. */
export function windowStarts(length: number): number[] {
  if (length <= WINDOW) return [0];
  const starts: number[] = [];
  for (let s = 0; s + WINDOW < length; s += STRIDE) starts.push(s);
  starts.push(length - WINDOW);
  return starts;
}

const unitCounts = new Float32Array(HASH_SIZE);
const unitTouched = new Int32Array(HASH_SIZE);

/** A unit's sparse vector (for training): gram counts times unitScale(total); markers count 1 each, unscaled. */
export function unitVector(g: TextGrams, a: number, b: number, markers: readonly number[]): { idx: Int32Array; val: Float32Array } {
  g.indexChars();
  let size = 0;
  let total = 0;
  const add = (k: number) => {
    if (unitCounts[k] === 0) unitTouched[size++] = k;
    unitCounts[k]! += 1;
    total++;
  };
  for (let i = a; i + 3 <= b; i++) {
    add(g.c3[i]!);
    if (i + 4 <= b) add(g.c4[i]!);
    if (i + 5 <= b) add(g.c5[i]!);
  }
  for (let k = 0; k < g.gCount; k++) if (g.gStart[k]! >= a && g.gEnd[k]! <= b) add(g.gIndex[k]!);
  const inv = unitScale(total);
  const idx = new Int32Array(size + markers.length);
  const val = new Float32Array(size + markers.length);
  for (let i = 0; i < size; i++) {
    idx[i] = unitTouched[i]!;
    val[i] = unitCounts[idx[i]!]! * inv;
    unitCounts[idx[i]!] = 0;
  }
  markers.forEach((m, i) => {
    idx[size + i] = m;
    val[size + i] = 1;
  });
  return { idx, val };
}
