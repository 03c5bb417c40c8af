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

/** Rule events: slot hits in normalised units, reused across calls (the pass is synchronous). */
export class SlotEvents {
  start = new Int32Array(64);
  end = new Int32Array(64);
  slots = new Int32Array(64);
  langs = new Int32Array(64);
  clause = new Int32Array(64);
  count = 0;
  push(start: number, end: number, slots: number, langs: number, clause: number): void {
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
    }
    const k = this.count++;
    this.start[k] = start;
    this.end[k] = end;
    this.slots[k] = slots;
    this.langs[k] = langs;
    this.clause[k] = clause;
  }
}

const events = new SlotEvents();

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
    case 0x37e: case 0x387: case 0x5be: case 0x5c0: case 0x5c3: case 0x5c6: case 0x5f3: case 0x5f4:
    case 0x60c: case 0x61b: case 0x61f: case 0x66a: case 0x66b: case 0x66c: case 0x66d: case 0x6d4:
    case 0x964: case 0x965: case 0xe3f: case 0xe4f: case 0xe5a: case 0xe5b:
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
 * stats, a later chunk of the same long text adds to them.
 */
export function scanLexicon(g: GramSink, breaks: readonly number[], from: number): void {
  const stats = lexiconStats(g);
  if (from === 0) stats.reset();
  const codes = g.codes;
  const n = g.length;
  const scripts = stats.scripts;
  events.count = 0;
  // Last three words: class, start, hash, and whether the class came from a lexicon (not the main loop).
  // UNRESOLVED marks an ASCII word whose English class is looked up only if a lexicon word comes near.
  let k0 = -1, k1 = -1, k2 = -1;
  let s0 = 0, s1 = 0, s2 = 0;
  let h0 = 0, h1 = 0, h2 = 0;
  let l0 = false, l1 = false, l2 = false;
  const push = (cls: number, lex: boolean, start: number, end: number, hash: number): void => {
    if (cls === UNRESOLVED && (l0 || l1 || l2)) cls = wordClass(hash);
    if (cls >= 0) {
      if (lex) {
        g.gram(classToken(cls), start, end);
        if (k0 === UNRESOLVED) k0 = wordClass(h0);
        if (k1 === UNRESOLVED) k1 = wordClass(h1);
        if (k2 === UNRESOLVED) k2 = wordClass(h2);
      }
      if (k0 >= 0 && (lex || l0) && end - s0 <= MAX_PAIR_SPAN) g.gram(classPair(k0, cls), s0, end);
      if (k1 >= 0 && (lex || l1) && end - s1 <= MAX_PAIR_SPAN) g.gram(classPair(k1, cls), s1, end);
      if (k2 >= 0 && (lex || l2) && end - s2 <= MAX_PAIR_SPAN) g.gram(classPair(k2, cls), s2, end);
    }
    k2 = k1; s2 = s1; h2 = h1; l2 = l1;
    k1 = k0; s1 = s0; h1 = h0; l1 = l0;
    k0 = cls; s0 = start; h0 = hash; l0 = lex;
  };
  let clause = 0;
  // Phrase rules need a non-English word: an English text's slot hits alone never fire one.
  let foreignEvents = false;
  /** A lexicon entry matched [start, end); `ascii`: the word is ASCII, so the main loop may have classed it. */
  const hit = (e: Entry, ascii: boolean, hash: number, start: number, end: number): void => {
    // An English word the main loop classed: not evidence of another language, no token of its own.
    const cls = ascii ? wordClass(hash) : -1;
    const english = cls >= 0;
    if (!english) addBits(stats.intent, e.intent & ~EN_BIT);
    addBits(stats.stop, e.stop);
    if (e.slots !== 0) {
      const langs = english || e.intent === 0 ? EN_BIT : e.intent;
      events.push(start, end, e.slots, langs, clause);
      if (langs !== EN_BIT) foreignEvents = true;
    }
    push(english ? cls : e.cls, !english && e.cls >= 0, start, end, hash);
  };

  /** Looks a finished word up: two-word entry, whole word, two-word stem, stem; else its English class. */
  const endWord = (h: number, ascii: boolean, pref: Entry | undefined, pairPref: Entry | undefined, wStart: number, end: number, prevHash: number, prevStart: number): void => {
    let e: Entry | undefined;
    let start = wStart;
    if (prevStart >= 0) {
      const pk = pairKey(prevHash, h);
      if (inFilter(PAIR.filter, pk)) e = PAIR.map.get(pk);
    }
    if (e) start = prevStart;
    else if (inFilter(EXACT.filter, h)) e = EXACT.map.get(h);
    if (!e && pairPref) {
      e = pairPref;
      start = prevStart;
    }
    e ??= pref;
    if (e) hit(e, ascii, h, start, end);
    else if (ascii) push(UNRESOLVED, false, wStart, end, h);
    else {
      // A non-ASCII spelling of an English class word ("İGNORE", "ïnstructions") folds onto it.
      const cls = wordClass(h);
      push(cls, cls >= 0, wStart, end, h);
    }
  };

  // Module constants copied to locals for the hot loop (as model.ts does).
  const prime = FNV_PRIME;
  const seed = SEED_WORD;
  const prefixFilter = PREFIX.filter;
  const pairPrefixFilter = PAIR_PREFIX.filter;
  const pairHeads = PAIR_HEADS;
  let latin = 0;
  let words = 0;
  let bi = 0;
  let nextBreak = breaks.length > 0 ? breaks[0]! : n + 1;
  let h = seed;
  let wStart = -1;
  let ascii = true;
  let substringRun = false;
  let pref: Entry | undefined;
  let pairPref: Entry | undefined;
  let pairHead = false;
  let prevHash = 0;
  let prevStart = -1;
  let ac = 0;
  let acStart = -1;
  let acEnd = 0;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? codes[i]! : 32;
    if (wStart >= 0 && ((c >= 97 && c <= 122) || c === 48)) {
      // The hot case: an ASCII letter inside a word (a line break never falls inside a word).
      h = Math.imul(h ^ c, prime);
      if (((prefixFilter[(h >>> 5) & 2047]! >>> (h & 31)) & 1) === 1) pref = PREFIX.map.get(h) ?? pref;
      if (pairHead) {
        const pk = pairKey(prevHash, h);
        if (inFilter(pairPrefixFilter, pk)) pairPref = PAIR_PREFIX.map.get(pk) ?? pairPref;
      }
      continue;
    }
    if (i >= nextBreak) {
      while (bi < breaks.length && breaks[bi]! <= i) bi++;
      nextBreak = bi < breaks.length ? breaks[bi]! : n + 1;
      prevStart = -1;
      k0 = k1 = k2 = -1;
      clause++;
    }
    let f = c;
    let word: boolean;
    if (c < 128) {
      word = (c >= 97 && c <= 122) || c === 48;
      ac = 0;
    } else {
      f = foldCode(c);
      if (f === 0) continue;
      const info = CHAR_INFO[c]!;
      word = (info & 16) !== 0;
      if ((info & 15) !== 0) scripts[(info & 15) - 1]!++;
      if (info >= 64) stats.markers[(info >> 6) - 1]!++;
      if ((info & 32) !== 0) {
        substringRun = true;
        ac = AUTOMATON.step(ac, f);
        const o = AUTOMATON.out[ac]!;
        if (o >= 0) {
          // Non-overlapping, except that a longer entry containing the last one also counts (制限 → 制限なし).
          const start = i + 1 - AUTOMATON.outLength[ac]!;
          if (start >= acEnd || start <= acStart) {
            hit(AUTOMATON.entries[o]!, false, 0, start, i + 1);
            acStart = start;
            acEnd = i + 1;
          }
        }
      } else ac = 0;
    }
    if (word) {
      if (wStart < 0) {
        wStart = i;
        h = seed;
        ascii = true;
        substringRun = false;
        pref = pairPref = undefined;
        pairHead = prevStart >= 0 && pairHeads.has(prevHash);
      }
      h = Math.imul(h ^ f, prime);
      if (c >= 128) ascii = false;
      if (((prefixFilter[(h >>> 5) & 2047]! >>> (h & 31)) & 1) === 1) pref = PREFIX.map.get(h) ?? pref;
      if (pairHead) {
        const pk = pairKey(prevHash, h);
        if (inFilter(pairPrefixFilter, pk)) pairPref = PAIR_PREFIX.map.get(pk) ?? pairPref;
      }
      continue;
    }
    if (wStart >= 0) {
      // The word [wStart, i) ends.
      words++;
      if (ascii && codes[wStart] !== 48) latin += i - wStart;
      if (substringRun) {
        prevStart = -1;
      } else if (i - wStart <= MAX_WORD) {
        if (ascii && pref === undefined && pairPref === undefined && !l0 && !l1 && !l2 && !inFilter(EXACT.filter, h) && (prevStart < 0 || !inFilter(PAIR.filter, pairKey(prevHash, h)))) {
          // The common case in English text: no entry, no lexicon word near. Shift the last-words state.
          k2 = k1; s2 = s1; h2 = h1; l2 = l1;
          k1 = k0; s1 = s0; h1 = h0; l1 = l0;
          k0 = UNRESOLVED; s0 = wStart; h0 = h; l0 = false;
        } else endWord(h, ascii, pref, pairPref, wStart, i, prevHash, prevStart);
        prevHash = h;
        prevStart = wStart;
      } else prevStart = -1;
      wStart = -1;
    }
    if (isClauseEnd(c)) clause++;
  }
  scripts[ScriptId.Latn]! += latin;
  stats.words += words;
  if (foreignEvents) {
    for (const m of matchPhraseRules(events)) {
      const start = g.origin[m.start]!;
      const end = g.origin[Math.max(m.start, m.end - 1)]! + 1;
      // Chunks of a long text overlap, and two templates of one intent can match one clause: keep one.
      if (!stats.matches.some((x) => x.intent === m.intent && x.start < end && start < x.end)) stats.matches.push({ ...m, start, end });
    }
  }
}

function addBits(counts: Int32Array, mask: number): void {
  while (mask !== 0) {
    const b = 31 - Math.clz32(mask);
    counts[b]!++;
    mask &= ~(1 << b);
  }
}
