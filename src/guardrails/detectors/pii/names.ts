import { FIRST_NAMES } from './first-names.js';
import { AMBIGUOUS_PLACES, CITY_NAMES, COUNTRY_NAMES } from './places.js';
import type { Candidate } from './structured.js';

/**
 * PERSON and LOCATION by patterns and gazetteers, without an NER model: titles (Mr, Dr) and cue phrases
 * ("my name is") followed by capitalised words, known given names optionally followed by a surname, and
 * well-known countries and cities. This reaches common Western names; unusual names without a cue, and
 * small towns, are out of reach.
 */

const WORD = /[\p{L}][\p{L}'’\-]*/gu;
const CAP = /^\p{Lu}[\p{Ll}'’\-]+$/u;
/** Lower-case "nice" or "turkey" is a word, not a place; capitalised or all-caps forms count. */
const UPPER_START = /^\p{Lu}/u;
const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|madam|mister|lady|lord)$/i;
const CUES = /(?:my name is|name is|i am|i'm|called|named|dear|hi|hello|hey|thanks|thank you|contact|ask|speak to|signed|regards|sincerely|said|told|with|by)\s*,?\s*$/i;
const NOT_SURNAME = new Set(['street', 'st', 'avenue', 'road', 'lane', 'drive', 'inc', 'ltd', 'llc', 'group', 'bank', 'university', 'the', 'and', 'of', 'is', 'in', 'i', 'a']);
const STOP_CAPS = new Set(['i', 'the', 'a', 'an', 'this', 'that', 'my', 'your', 'our', 'we', 'you', 'he', 'she', 'it', 'they', 'please', 'thanks', 'hi', 'hello', 'dear', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'mr', 'mrs', 'ms', 'dr', 'street', 'avenue', 'road']);

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return tokens;
}

function onlySpaceBetween(text: string, a: Token, b: Token): boolean {
  const gap = text.slice(a.end, b.start);
  return /^ {1,2}$/.test(gap) || /^ [A-Z]\. $/.test(gap);
}

function isCap(t: Token | undefined): t is Token {
  return t !== undefined && CAP.test(t.text) && !STOP_CAPS.has(t.text.toLowerCase());
}

/** Extends a name start over up to two following capitalised surname tokens. */
function extendSurname(text: string, tokens: Token[], i: number): number {
  let j = i;
  while (j + 1 < tokens.length && j - i < 2) {
    const next = tokens[j + 1];
    const cur = tokens[j];
    if (!cur || !isCap(next) || !onlySpaceBetween(text, cur, next) || NOT_SURNAME.has(next.text.toLowerCase())) break;
    if (COUNTRY_NAMES.has(next.text.toLowerCase()) || CITY_NAMES.has(next.text.toLowerCase())) break;
    j++;
  }
  return j;
}

export function findPersons(text: string, out: Candidate[], tokens: Token[] = tokenize(text)): void {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) continue;
    const lower = tok.text.toLowerCase();
    const prev = tokens[i - 1];
    if (TITLE.test(tok.text)) {
      const next = tokens[i + 1];
      if (isCap(next) && /^\.?\s{1,2}$/.test(text.slice(tok.end, next.start))) {
        const j = extendSurname(text, tokens, i + 1);
        const last = tokens[j] ?? next;
        out.push({ type: 'PERSON', start: next.start, end: last.end, score: 0.85 });
        i = j;
      }
      continue;
    }
    if (!isCap(tok)) continue;
    const known = FIRST_NAMES.has(lower);
    const cued = CUES.test(text.slice(Math.max(0, tok.start - 20), tok.start));
    if (!known && !cued) continue;
    if (!known && prev && /[.!?]\s*$/.test(text.slice(prev.end, tok.start)) === false && !cued) continue;
    const j = extendSurname(text, tokens, i);
    const last = tokens[j] ?? tok;
    const multi = j > i;
    let score = known ? (multi ? 0.85 : 0.7) : multi ? 0.7 : 0.6;
    if (known && cued) score = 0.9;
    out.push({ type: 'PERSON', start: tok.start, end: last.end, score });
    i = j;
  }
}

export function findLocations(text: string, out: Candidate[], tokens: Token[] = tokenize(text)): void {
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    // Only a capitalised (or all-caps) word can start a place name: checked before building any phrase,
    // since most tokens of ordinary text are lower-case.
    if (!first || !UPPER_START.test(first.text)) continue;
    // Longest phrase first (up to four words: "united states of america").
    for (let n = 4; n >= 1; n--) {
      const last = tokens[i + n - 1];
      if (!last) continue;
      let ok = true;
      for (let k = i; k < i + n - 1; k++) {
        const a = tokens[k];
        const b = tokens[k + 1];
        if (!a || !b || !/^[ \-]$/.test(text.slice(a.end, b.start))) ok = false;
      }
      if (!ok) continue;
      const phrase = text.slice(first.start, last.end);
      const key = phrase.toLowerCase().replace(/-/g, ' ');
      const isCountry = COUNTRY_NAMES.has(key);
      if (!isCountry && !CITY_NAMES.has(key)) continue;
      const cue = /\b(?:in|from|to|at|near|of|visit(?:ed|ing)?|city|,)\s*$/i.test(text.slice(Math.max(0, first.start - 12), first.start));
      if (AMBIGUOUS_PLACES.has(key) && !cue) continue;
      out.push({ type: 'LOCATION', start: first.start, end: last.end, score: cue ? 0.8 : 0.7 });
      i += n - 1;
      break;
    }
  }
}

export { tokenize };
