/**
 * Compiled lexicons: every entry of every language, folded, in hash tables keyed exactly as the scan
 * hashes words (FNV-1a over folded code units, the word seed of hashing.ts, so an ASCII word hashes as the
 * English vocabulary does), and one Aho-Corasick automaton for the substring scripts. Built once at load.
 */
import { FNV_PRIME, SEED_WORD } from '../hashing.js';
import { foldString } from './fold.js';
import { LEXICONS } from './languages.js';
import { SLOT_CLASS, type Lexicon, type Slot } from './types.js';

export const SLOTS = Object.keys(SLOT_CLASS) as Slot[];
export const SLOT_BIT = Object.fromEntries(SLOTS.map((s, i) => [s, 1 << i])) as Record<Slot, number>;

/** Language codes by bit index (lexicons in order). */
export const LANGS: readonly string[] = LEXICONS.map((l) => l.lang);
export const EN_BIT = 1 << LANGS.indexOf('en');
if (LANGS.length > 31) throw new Error('lexicon: at most 31 languages fit the language masks');

/** What a matched entry contributes. */
export interface Entry {
  /** English word class for the model, -1 for none (stop words, rules-only slots, English entries). */
  cls: number;
  /** Slots (SLOT_BIT) the entry fills, for the phrase rules. */
  slots: number;
  /** Languages (bit per LANGS index) where it is an intent word / a function word. */
  intent: number;
  stop: number;
}

/**
 * A 2^16-bit prefilter (8 KiB: stays in L1 cache) on the low hash bits spares most words the Map lookup;
 * `inFilter(filter, h)` tests it.
 */
export function inFilter(filter: Uint32Array, h: number): boolean {
  return ((filter[(h >>> 5) & 2047]! >>> (h & 31)) & 1) === 1;
}

class Table {
  readonly map = new Map<number, Entry>();
  readonly filter = new Uint32Array(2048);
  add(key: number, e: Omit<Entry, 'cls'> & { cls: number }): void {
    const old = this.map.get(key);
    if (old) {
      if (old.cls < 0) old.cls = e.cls;
      old.slots |= e.slots;
      old.intent |= e.intent;
      old.stop |= e.stop;
    } else this.map.set(key, { ...e });
    this.filter[(key >>> 5) & 2047]! |= 1 << (key & 31);
  }
}

/** Whole words, word prefixes (stems), and two-word entries (exact or stem second word). */
export const EXACT = new Table();
export const PREFIX = new Table();
export const PAIR = new Table();
export const PAIR_PREFIX = new Table();
/** First words of two-word stem entries: only after one of these is the second word's prefix looked up. */
export const PAIR_HEADS = new Set<number>();

export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

export function hashWord(w: string): number {
  let h = SEED_WORD;
  for (let i = 0; i < w.length; i++) h = hashStep(h, w.charCodeAt(i));
  return h;
}

/** Key of a two-word entry from the first word's hash and the second's (or its prefix's). */
export function pairKey(first: number, second: number): number {
  return Math.imul(first, 0x2c1b3c6d) ^ second;
}

/** Aho-Corasick over folded code units, for the substring scripts. */
export class Automaton {
  readonly next: Array<Map<number, number>> = [new Map()];
  fail = new Int32Array(1);
  /** Longest entry ending at a node (own or via suffix links), -1 for none. */
  out = new Int32Array(1);
  outLength = new Int32Array(1);
  readonly entries: Entry[] = [];
  private own: Array<[number, number]> = [[-1, 0]];

  add(word: string, e: Entry): void {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let t = this.next[s]!.get(c);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.own.push([-1, 0]);
        this.next[s]!.set(c, t);
      }
      s = t;
    }
    const at = this.own[s]![0];
    if (at >= 0) {
      const old = this.entries[at]!;
      if (old.cls < 0) old.cls = e.cls;
      old.slots |= e.slots;
      old.intent |= e.intent;
      old.stop |= e.stop;
    } else {
      this.entries.push({ ...e });
      this.own[s] = [this.entries.length - 1, word.length];
    }
  }

  build(): void {
    const n = this.next.length;
    this.fail = new Int32Array(n);
    this.out = new Int32Array(n).fill(-1);
    this.outLength = new Int32Array(n);
    const queue: number[] = [];
    for (const t of this.next[0]!.values()) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      const [own, len] = this.own[s]!;
      if (own >= 0) {
        this.out[s] = own;
        this.outLength[s] = len;
      } else {
        this.out[s] = this.out[this.fail[s]!]!;
        this.outLength[s] = this.outLength[this.fail[s]!]!;
      }
      for (const [c, t] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const g = this.next[f]!.get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        queue.push(t);
      }
    }
  }

  step(s: number, c: number): number {
    for (;;) {
      const t = this.next[s]!.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }
}

export const AUTOMATON = new Automaton();

function compile(lex: Lexicon, bit: number): void {
  const english = lex.lang === 'en';
  const add = (raw: string, e: Entry) => {
    const word = foldString(raw.toLowerCase());
    if (lex.substring) return void AUTOMATON.add(word.replace(/[_*]/g, ''), e);
    const stem = word.endsWith('*');
    const body = stem ? word.slice(0, -1) : word;
    const [first, second] = body.split('_') as [string, string | undefined];
    for (const clitic of ['', ...(lex.clitics ?? []).map(foldString)]) {
      if (second !== undefined) {
        (stem ? PAIR_PREFIX : PAIR).add(pairKey(hashWord(clitic + first), hashWord(second)), e);
        if (stem) PAIR_HEADS.add(hashWord(clitic + first));
      } else (stem ? PREFIX : EXACT).add(hashWord(clitic + first), e);
    }
  };
  for (const w of lex.stop.split(/\s+/).filter(Boolean)) add(w, { cls: -1, slots: 0, intent: 0, stop: bit });
  for (const slot of SLOTS) {
    const words = lex.slots[slot];
    if (!words) continue;
    const cls = english ? -1 : (SLOT_CLASS[slot] ?? -1);
    for (const w of words.split(/\s+/).filter(Boolean)) add(w, { cls, slots: SLOT_BIT[slot], intent: english ? 0 : bit, stop: 0 });
  }
  for (const slot of SLOTS) {
    const words = lex.owned?.[slot];
    if (!words) continue;
    const cls = SLOT_CLASS[slot] ?? -1;
    for (const w of words.split(/\s+/).filter(Boolean)) add(w, { cls, slots: SLOT_BIT[slot] | SLOT_BIT.you, intent: bit, stop: 0 });
  }
}

LEXICONS.forEach((lex, i) => {
  compile(lex, 1 << i);
});
AUTOMATON.build();
