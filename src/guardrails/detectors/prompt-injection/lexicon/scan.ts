/**
 * The lexicon pass: one walk over the normalised text the feature extractor has just built. It
 *  - emits, for every lexicon word, the English word-class token and the class skip-bigrams with its
 *    neighbours (up to three words back, as features.ts does for English words) into the same gram stream,
 *    so weights learnt on English apply ("ignorez les instructions précédentes" shares class pairs with
 *    "ignore the previous instructions");
 *  - counts letters per script and function/intent words per language (the language guess);
 *  - records slot hits for the phrase rules (rules.ts).
 * Space-separated scripts are matched by word hash (whole word, stem = word prefix, two-word entries);
 * Han, kana and Thai by an Aho-Corasick automaton. English words the main loop already classed emit no
 * token here, only the pairs that join them to a foreign word.
 */
import { FNV_PRIME, SEED_WORD } from '../hashing.js';
import { classPair, classToken, wordClass } from '../vocabulary.js';
import { foldCode } from './fold.js';
import { matchPhraseRules, type PhraseMatch } from './rules.js';
import { ScriptId, guessLanguage, isSubstringScript, markerOf, scriptOf, type LanguageGuess } from './script.js';
import { LEXICONS } from './languages.js';
import { AUTOMATON, EN_BIT, EXACT, LANGS, PAIR, PAIR_HEADS, PAIR_PREFIX, PREFIX, pairKey, inFilter, type Entry } from './tables.js';

/** What the pass writes into: the feature extractor's normalised text and gram stream. */
export interface GramSink {
  codes: Uint16Array;
  origin: Int32Array;
  length: number;
  gram(index: number, start: number, end: number): void;
}

/** Longer words get no class (as in features.ts). */
const MAX_WORD = 40;
/** A class pair spans at most this many units (a gram must fit in any scoring unit). */
const MAX_PAIR_SPAN = 96;
const UNRESOLVED = -2;

/** Per-text results: script and language evidence, and phrase-rule matches (original offsets). */
export class LexiconStats {
  readonly scripts = new Int32Array(ScriptId.COUNT);
  readonly markers = new Int32Array(3);
  /** Per language (LANGS index): function-word hits and intent-word hits. */
  readonly stop = new Int32Array(LANGS.length);
  readonly intent = new Int32Array(LANGS.length);
  words = 0;
  matches: PhraseMatch[] = [];

  reset(): void {
    this.scripts.fill(0);
    this.markers.fill(0);
    this.stop.fill(0);
    this.intent.fill(0);
    this.words = 0;
    this.matches = [];
  }

  /** Dominant script and language guess. */
  guess(): LanguageGuess {
    const latin = new Map<string, number>();
    LANGS.forEach((l, i) => {
      const n = this.stop[i]! + this.intent[i]!;
      if (n > 0 && l !== 'en') latin.set(l, n);
    });
    return guessLanguage(this.scripts, this.markers, latin, this.words, SCRIPT_OF_LANG);
  }
}

const STATS = new WeakMap<GramSink, LexiconStats>();
const SCRIPT_OF_LANG = new Map(LEXICONS.map((l) => [l.lang, l.script]));

/** Stats of the text last extracted into g (a long text's chunks accumulate: see scanLexicon). */
export function lexiconStats(g: GramSink): LexiconStats {
  let s = STATS.get(g);
  if (!s) {
    s = new LexiconStats();
    STATS.set(g, s);
  }
  return s;
}

/**
 * Rule events: slot hits in normalised units, reused across calls (the pass is synchronous). For tight rules
 * (rules.ts), `gap[k]` weighs what no entry covers between hit k-1 and hit k (UNKNOWN_WORD per word, one per
 * uncovered unit of a substring script), `lead[k]` the word right before hit k (or the uncovered units before
 * it), and `after[k]` the word right after it (or the uncovered units up to the next hit or mark).
 */
export class SlotEvents {
  start = new Int32Array(64);
  end = new Int32Array(64);
  slots = new Int32Array(64);
  langs = new Int32Array(64);
  clause = new Int32Array(64);
  after = new Int32Array(64);
  gap = new Int32Array(64);
  lead = new Int32Array(64);
  count = 0;
  push(start: number, end: number, slots: number, langs: number, clause: number, gap: number, lead: number): void {
    if (this.count === this.start.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.slots = grow(this.slots);
      this.langs = grow(this.langs);
      this.clause = grow(this.clause);
      this.after = grow(this.after);
      this.gap = grow(this.gap);
      this.lead = grow(this.lead);
    }
    const k = this.count++;
    this.start[k] = start;
    this.end[k] = end;
    this.slots[k] = slots;
    this.langs[k] = langs;
    this.clause[k] = clause;
    this.after[k] = 0;
    this.gap[k] = gap;
    this.lead[k] = lead;
  }
}

const events = new SlotEvents();

/** Weight of a word no entry covers, in SlotEvents.after. */
export const UNKNOWN_WORD = 3;

/**
 * Per BMP code unit, built once: script id + 1 (0: none) in bits 0-3, word letter (bit 4), substring
 * script (bit 5), distinctive-letter marker + 1 in bits 6-7. One load per non-ASCII unit in the scan.
 */
const CHAR_INFO = new Uint8Array(0x10000);
for (let c = 128; c < 0x10000; c++) {
  const script = scriptOf(c);
  const marker = markerOf(c);
  CHAR_INFO[c] = (script + 1) | (isWordCode(c, script) ? 16 : 0) | (isSubstringScript(script) ? 32 : 0) | ((marker + 1) << 6);
}

function isWordCode(c: number, script: number): boolean {
  if (script < 0) return false;
  switch (c) {
    case 0x37e:
    case 0x387:
    case 0x5be:
    case 0x5c0:
    case 0x5c3:
    case 0x5c6:
    case 0x5f3:
    case 0x5f4:
    case 0x60c:
    case 0x61b:
    case 0x61f:
    case 0x66a:
    case 0x66b:
    case 0x66c:
    case 0x66d:
    case 0x6d4:
    case 0x964:
    case 0x965:
    case 0xe3f:
    case 0xe4f:
    case 0xe5a:
    case 0xe5b:
      return false;
    default:
      return true;
  }
}

function isClauseEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 0x3002 || c === 0xff61 || c === 0x61f || c === 0x6d4 || c === 0x964 || c === 0x965;
}

/**
 * Runs the pass over g's normalised text (units [0, g.length)); `breaks` are the line-break positions the
 * extractor found. `from` is where the extracted span starts in the original text: 0 starts a new text's
 * stats, a later chunk of the same long text adds to them. The loop keeps the current word in locals;
 * what is done once per word, line break or non-ASCII unit is LexiconWalk's.
 */
export function scanLexicon(g: GramSink, breaks: readonly number[], from: number): void {
  const stats = lexiconStats(g);
  if (from === 0) stats.reset();
  const walk = WALK;
  walk.begin(g, stats, breaks);
  const codes = g.codes;
  const n = g.length;
  // Module constants copied to locals for the hot loop (as model.ts does).
  const prime = FNV_PRIME;
  const seed = SEED_WORD;
  const prefixFilter = PREFIX.filter;
  const pairPrefixFilter = PAIR_PREFIX.filter;
  let nextBreak = breaks.length > 0 ? breaks[0]! : n + 1;
  let h = seed;
  let wStart = -1;
  let ascii = true;
  let pref: Entry | undefined;
  let pairPref: Entry | undefined;
  let pairHead = false;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? codes[i]! : 32;
    let f = c;
    // The hot case, an ASCII letter inside a word, skips this block (a line break never falls inside a word).
    if (wStart < 0 || !((c >= 97 && c <= 122) || c === 48)) {
      if (i >= nextBreak) nextBreak = walk.lineBreak(i, n);
      let word: boolean;
      if (c < 128) {
        word = (c >= 97 && c <= 122) || c === 48;
        walk.ac = 0;
      } else {
        f = foldCode(c);
        if (f === 0) continue;
        word = walk.wide(c, f, i);
      }
      if (!word) {
        if (wStart >= 0) walk.endWord(h, ascii, pref, pairPref, wStart, i);
        wStart = -1;
        if (isClauseEnd(c)) walk.endClause();
        else if (walk.marks(c)) walk.mark();
        continue;
      }
      if (wStart < 0) {
        wStart = i;
        h = seed;
        ascii = true;
        pref = pairPref = undefined;
        pairHead = walk.wordStarts();
      }
      if (c >= 128) ascii = false;
    }
    h = Math.imul(h ^ f, prime);
    if (((prefixFilter[(h >>> 5) & 2047]! >>> (h & 31)) & 1) === 1) pref = PREFIX.map.get(h) ?? pref;
    if (pairHead) {
      const pk = pairKey(walk.prevHash, h);
      if (inFilter(pairPrefixFilter, pk)) pairPref = PAIR_PREFIX.map.get(pk) ?? pairPref;
    }
  }
  walk.finish();
}

/**
 * The pass's state beyond the current word: the last three words (class, start, hash, and whether the
 * class came from a lexicon, not the main loop), the previous word, the clause count, the automaton and
 * the line breaks. One instance, reused: the pass is synchronous.
 */
class LexiconWalk {
  private g!: GramSink;
  private stats!: LexiconStats;
  private breaks: readonly number[] = [];
  private bi = 0;
  // UNRESOLVED marks an ASCII word whose English class is looked up only if a lexicon word comes near.
  private k0 = -1;
  private k1 = -1;
  private k2 = -1;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private h0 = 0;
  private h1 = 0;
  private h2 = 0;
  private l0 = false;
  private l1 = false;
  private l2 = false;
  clause = 0;
  /** Uncovered words and substring-script units since the last slot hit (SlotEvents.gap), and since the last mark (after). */
  private unknown = 0;
  private afterUnknown = 0;
  /** The last hit's `after` is still being counted (no word, mark or hit since), and the word that settled it. */
  private afterOpen = false;
  private sealedBy = -1;
  /** The last word added to `unknown` (a two-word entry it starts takes it back). */
  private prevUnknown = false;
  /** Phrase rules need a non-English word: an English text's slot hits alone never fire one. */
  private foreignEvents = false;
  /** Aho-Corasick state over the substring scripts, and the span of its last output. */
  ac = 0;
  private acStart = -1;
  private acEnd = 0;
  /** The current word has units of a substring script (matched by the automaton, not by word). */
  private substringRun = false;
  prevHash = 0;
  prevStart = -1;
  private latin = 0;
  private words = 0;

  begin(g: GramSink, stats: LexiconStats, breaks: readonly number[]): void {
    this.g = g;
    this.stats = stats;
    this.breaks = breaks;
    this.bi = 0;
    this.k0 = this.k1 = this.k2 = -1;
    this.s0 = this.s1 = this.s2 = 0;
    this.h0 = this.h1 = this.h2 = 0;
    this.l0 = this.l1 = this.l2 = false;
    this.clause = 0;
    this.unknown = 0;
    this.afterUnknown = 0;
    this.afterOpen = false;
    this.prevUnknown = false;
    this.foreignEvents = false;
    this.ac = 0;
    this.acStart = -1;
    this.acEnd = 0;
    this.substringRun = false;
    this.prevHash = 0;
    this.prevStart = -1;
    this.latin = 0;
    this.words = 0;
    events.count = 0;
  }

  /** Unit i is at or past the next line break: no pair or phrase spans it. Returns the next break. */
  lineBreak(i: number, n: number): number {
    const breaks = this.breaks;
    while (this.bi < breaks.length && breaks[this.bi]! <= i) this.bi++;
    this.prevStart = -1;
    this.k0 = this.k1 = this.k2 = -1;
    this.endClause();
    return this.bi < breaks.length ? breaks[this.bi]! : n + 1;
  }

  /** A clause ends: what followed its last slot hit is settled. */
  endClause(): void {
    this.mark();
    this.unknown = 0;
    this.clause++;
  }

  /** Punctuation, or a space after a substring-script run (Thai separates phrases so): the last hit's `after` is settled. */
  mark(): void {
    if (this.afterOpen) events.after[events.count - 1] = this.afterUnknown;
    this.afterOpen = false;
  }

  /** A word no entry covers ends at `start`: it weighs in the gap, and settles the last hit's `after`. */
  private unknownWord(start: number): void {
    this.unknown += UNKNOWN_WORD;
    this.prevUnknown = true;
    if (this.afterOpen) {
      events.after[events.count - 1] = this.afterUnknown + UNKNOWN_WORD;
      this.afterOpen = false;
      this.sealedBy = start;
    }
  }

  /** A non-ASCII unit c (folded to f) at i: script and marker counts, the automaton. Returns whether it is a word letter. */
  wide(c: number, f: number, i: number): boolean {
    const info = CHAR_INFO[c]!;
    if ((info & 15) !== 0) this.stats.scripts[(info & 15) - 1]!++;
    if (info >= 64) this.stats.markers[(info >> 6) - 1]!++;
    if ((info & 32) === 0) {
      this.ac = 0;
      return (info & 16) !== 0;
    }
    this.substringRun = true;
    this.unknown++;
    this.afterUnknown++;
    const ac = (this.ac = AUTOMATON.step(this.ac, f));
    const o = AUTOMATON.out[ac]!;
    if (o >= 0) {
      // Non-overlapping, except that a longer entry containing the last one also counts (制限 → 制限なし).
      const start = i + 1 - AUTOMATON.outLength[ac]!;
      if (start >= this.acEnd || start <= this.acStart) {
        this.unknown = Math.max(0, this.unknown - (i + 1 - start));
        this.afterUnknown = Math.max(0, this.afterUnknown - (i + 1 - start));
        this.hit(AUTOMATON.entries[o]!, false, 0, start, i + 1, false, this.unknown);
        this.acStart = start;
        this.acEnd = i + 1;
      }
    }
    return (info & 16) !== 0;
  }

  /** Whether the non-word unit c ends a phrase: punctuation, or a space after a substring-script run. */
  marks(c: number): boolean {
    return c === 32 ? this.substringRun : c !== 10 && c !== 13 && c !== 9;
  }

  /** A word starts; returns whether the previous word heads a two-word entry. */
  wordStarts(): boolean {
    this.substringRun = false;
    return this.prevStart >= 0 && PAIR_HEADS.has(this.prevHash);
  }

  /** The word [wStart, end) ends: h, ascii, pref and pairPref are what the loop gathered over it. */
  endWord(h: number, ascii: boolean, pref: Entry | undefined, pairPref: Entry | undefined, wStart: number, end: number): void {
    this.words++;
    if (ascii && this.g.codes[wStart] !== 48) this.latin += end - wStart;
    if (this.substringRun || end - wStart > MAX_WORD) {
      this.prevStart = -1;
      this.prevUnknown = false;
      return;
    }
    if (
      ascii &&
      pref === undefined &&
      pairPref === undefined &&
      !this.l0 &&
      !this.l1 &&
      !this.l2 &&
      !inFilter(EXACT.filter, h) &&
      (this.prevStart < 0 || !inFilter(PAIR.filter, pairKey(this.prevHash, h)))
    ) {
      // The common case in English text: no entry, no lexicon word near. Shift the last-words state.
      this.unknownWord(wStart);
      this.k2 = this.k1;
      this.s2 = this.s1;
      this.h2 = this.h1;
      this.l2 = this.l1;
      this.k1 = this.k0;
      this.s1 = this.s0;
      this.h1 = this.h0;
      this.l1 = this.l0;
      this.k0 = UNRESOLVED;
      this.s0 = wStart;
      this.h0 = h;
      this.l0 = false;
    } else this.lookUp(h, ascii, pref, pairPref, wStart, end);
    this.prevHash = h;
    this.prevStart = wStart;
  }

  /** Looks a finished word up: two-word entry, whole word, two-word stem, stem; else its English class. */
  private lookUp(h: number, ascii: boolean, pref: Entry | undefined, pairPref: Entry | undefined, wStart: number, end: number): void {
    const prevStart = this.prevStart;
    const prevUnknown = this.prevUnknown;
    this.prevUnknown = false;
    let e: Entry | undefined;
    let start = wStart;
    if (prevStart >= 0) {
      const pk = pairKey(this.prevHash, h);
      if (inFilter(PAIR.filter, pk)) e = PAIR.map.get(pk);
    }
    if (e) start = prevStart;
    else if (inFilter(EXACT.filter, h)) e = EXACT.map.get(h);
    // A function word can end a two-word stem entry (Bengali "বন্ধ করে" turn off): the entry wins over it.
    if (pairPref && (!e || e.slots === 0)) {
      e = pairPref;
      start = prevStart;
    }
    e ??= pref;
    if (e) {
      if (start < wStart && prevUnknown) {
        // The first word of a two-word entry was counted as unknown: take it back.
        this.unknown -= UNKNOWN_WORD;
        if (this.sealedBy === start) events.after[events.count - 1] = 0;
      }
      this.hit(e, ascii, h, start, end, start < wStart, prevUnknown && start === wStart ? UNKNOWN_WORD : 0);
    } else if (ascii) {
      this.unknownWord(wStart);
      this.push(UNRESOLVED, false, wStart, end, h);
    } else {
      // A word led by the conjunction proclitic (Arabic و, Hebrew ו: "and answer") starts a new phrase.
      const lead = this.g.codes[wStart];
      if (lead !== 0x648 && lead !== 0x5d5) this.unknownWord(wStart);
      else this.mark();
      // A non-ASCII spelling of an English class word ("İGNORE", "ïnstructions") folds onto it.
      const cls = wordClass(h);
      this.push(cls, cls >= 0, wStart, end, h);
    }
  }

  /** A lexicon entry matched [start, end); `ascii`: the word is ASCII, so the main loop may have classed it. */
  private hit(e: Entry, ascii: boolean, hash: number, start: number, end: number, pair: boolean, lead: number): void {
    // An English word the main loop classed: not evidence of another language, no token of its own.
    const cls = ascii ? wordClass(hash) : -1;
    const english = cls >= 0;
    if (!english) addBits(this.stats.intent, e.intent & ~EN_BIT);
    addBits(this.stats.stop, e.stop);
    if (e.slots === 0) this.mark();
    else {
      const langs = english || e.intent === 0 ? EN_BIT : e.intent;
      this.mark();
      // A two-word entry replaces the hit its first word made ("не обращай": not a negation).
      let gap = this.unknown;
      if (pair && events.count > 0 && events.start[events.count - 1] === start) gap += events.gap[--events.count]!;
      events.push(start, end, e.slots, langs, this.clause, gap, lead);
      this.unknown = 0;
      this.afterUnknown = 0;
      this.afterOpen = true;
      if (langs !== EN_BIT) this.foreignEvents = true;
    }
    this.push(english ? cls : e.cls, !english && e.cls >= 0, start, end, hash);
  }

  /** A word with class cls (from a lexicon when `lex`): its class token and class pairs, and the last-words shift. */
  private push(cls: number, lex: boolean, start: number, end: number, hash: number): void {
    const g = this.g;
    if (cls === UNRESOLVED && (this.l0 || this.l1 || this.l2)) cls = wordClass(hash);
    if (cls >= 0) {
      if (lex) {
        g.gram(classToken(cls), start, end);
        if (this.k0 === UNRESOLVED) this.k0 = wordClass(this.h0);
        if (this.k1 === UNRESOLVED) this.k1 = wordClass(this.h1);
        if (this.k2 === UNRESOLVED) this.k2 = wordClass(this.h2);
      }
      if (this.k0 >= 0 && (lex || this.l0) && end - this.s0 <= MAX_PAIR_SPAN) g.gram(classPair(this.k0, cls), this.s0, end);
      if (this.k1 >= 0 && (lex || this.l1) && end - this.s1 <= MAX_PAIR_SPAN) g.gram(classPair(this.k1, cls), this.s1, end);
      if (this.k2 >= 0 && (lex || this.l2) && end - this.s2 <= MAX_PAIR_SPAN) g.gram(classPair(this.k2, cls), this.s2, end);
    }
    this.k2 = this.k1;
    this.s2 = this.s1;
    this.h2 = this.h1;
    this.l2 = this.l1;
    this.k1 = this.k0;
    this.s1 = this.s0;
    this.h1 = this.h0;
    this.l1 = this.l0;
    this.k0 = cls;
    this.s0 = start;
    this.h0 = hash;
    this.l0 = lex;
  }

  /** After the last unit: Latin letters and words into the stats, phrase-rule matches in original offsets. */
  finish(): void {
    const { g, stats } = this;
    stats.scripts[ScriptId.Latn]! += this.latin;
    stats.words += this.words;
    this.endClause();
    if (!this.foreignEvents) return;
    for (const m of matchPhraseRules(events)) {
      const start = g.origin[m.start]!;
      const end = g.origin[Math.max(m.start, m.end - 1)]! + 1;
      // Chunks of a long text overlap, and two templates of one intent can match one clause: keep one.
      if (!stats.matches.some((x) => x.intent === m.intent && x.start < end && start < x.end)) stats.matches.push({ ...m, start, end });
    }
  }
}

const WALK = new LexiconWalk();

function addBits(counts: Int32Array, mask: number): void {
  while (mask !== 0) {
    const b = 31 - Math.clz32(mask);
    counts[b]!++;
    mask &= ~(1 << b);
  }
}
