import { COMMON_WORDS, ORG_WORDS } from './common-words.js';
import { FIRST_NAMES } from './first-names.js';
import { AMBIGUOUS_PLACES, COUNTRY_NAMES, isPlaceKey, PLACE_FIRST_WORDS } from './places.js';
import type { Candidate } from './structured.js';
import type { Token } from './tokens.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at NUL on purpose (anything past ASCII)
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * LOCATION by a gazetteer of countries, regions and large cities, plus places the gazetteer does not know
 * when a travel or residence phrase introduces them ("grew up in Tarnów", "flew to HORTEN", "University
 * of Leiden"). Words ending like place names (-ville, -burg, -stad) or in capitals after "in", "at", "from"
 * count too.
 */

/** Phrases that introduce a place: the next capitalised words name it. */
const PLACE_CUE = new RegExp(
  String.raw`(?:\b(?:lives?|lived|living|grew\s+up|born|raised|based|located|situated|resides?|resided|residing|stationed|settled|stay(?:s|ed|ing)?|vacation(?:ing|ed)?|holiday(?:ing)?|arrived|arriving|landed|headquartered|I'm|I\s+am|we're|we\s+are|currently|now|conference|meeting|office|offices|trip|somewhere)\s+(?:in|at)` +
    String.raw`|\b(?:moved|moving|move|flew|fly|flying|travel(?:l?ed|l?ing|s)?|relocat(?:ed|ing|e)|returned|returning|return|drove|driving|went|going|go|trip|journey|headed|heading|emigrated|immigrated|commut(?:e|ed|ing)|back|welcome|road|flight|train|bus|ticket|visit|postcard)\s+(?:back\s+)?(?:to|from)` +
    String.raw`|\b(?:originally|here|hails?|came|comes|coming|I'm|I\s+am|we're|we\s+are|greetings)\s+from` +
    String.raw`|\b(?:street|road|avenue|district|neighbou?rhood|area|suburb|village|town|city|county|hospital|school|university|airport|office|offices|branch|store|shop|restaurant|hotel|museum|park|bridge|station|church)\s+(?:in|at|near)` +
    String.raw`|\bnative\s+of|\b(?:city|town|village|municipality|province|region|county|state|capital|suburbs?|outskirts|university|mayor|port|island|district|streets|people|citizens?|residents?)\s+of` +
    String.raw`|\b(?:home\s*)?(?:city|town|village|hometown)\s*:?|\b(?:where|location|city|town|country|place|venue|destination|origin|birthplace|residence|hometown)\s*:` +
    String.raw`|\bvisit(?:s|ed|ing)?|\bnear|\bdowntown|\boutside\s+of|\bin\s+and\s+around)\s*$`,
  'i',
);
/** Last words of the cues above; the regexes run only after one of these. */
const CUE_TAIL = new Set([
  'in',
  'at',
  'to',
  'from',
  'of',
  'near',
  'visit',
  'visits',
  'visited',
  'visiting',
  'downtown',
  'city',
  'town',
  'village',
  'hometown',
  'around',
]);
/** In lower-case text only unambiguous residence and travel phrases introduce a place. */
const LOWER_CASE_CUE =
  /\b(?:(?:lives?|lived|living|grew\s+up|born|raised|based|resides?|residing)\s+in|(?:moved|moving|flew|fly|flying|travel(?:l?ed|l?ing)|relocat(?:ed|ing)|emigrated)\s+to|(?:originally|here)\s+from|visit(?:ed|ing))\s*$/;
const WEAK_CUE = /\b(?:in|at|from|to|near)\s*$/i;
/** A postcode right after a place name ("in Tarnów 33-100", "at Bjerringbro 8850"); a year is not one. */
const POSTCODE_AFTER = /^[ \t]+(\d{4,6}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3} \d{2})(?![\d\p{L}-])/u;

function postcodeFollows(text: string, end: number): boolean {
  const m = POSTCODE_AFTER.exec(text.slice(end, end + 14));
  return m !== null && !/^(?:19|20)\d\d$/.test(m[1] as string);
}
const PLACE_SHAPE =
  /(?:ville|burg|bourg|berg|borg|stad|stadt|holm|heim|hamn|havn|haven|furt|dorf|hausen|ingen|feld|thorpe|fjord|sund|strand|rup|grad|gorod|polis|opol|abad|pur|nagar|istan|wick|minster|chester|cester|bury|borough|mouth|bridge|kirchen|bach|hof|ice|ów|owo|ovo|evo|ovka|ivka|lä)$/i;
const ACRONYM = new Set([
  'usa',
  'uk',
  'eu',
  'un',
  'it',
  'hr',
  'ai',
  'api',
  'ceo',
  'cto',
  'faq',
  'pdf',
  'sql',
  'ui',
  'ux',
  'gdpr',
  'nasa',
  'fbi',
  'cia',
  'nhs',
  'irs',
  'bbc',
  'cnn',
  'ibm',
  'aws',
  'gcp',
  'html',
  'css',
  'json',
  'xml',
  'http',
  'https',
  'url',
  'rest',
  'pm',
  'am',
  'tv',
  'pr',
  'qa',
  'ok',
  'asap',
  'fyi',
  'etc',
  'inc',
  'ltd',
  'llc',
  'nan',
  'none',
  'null',
  'todo',
  'note',
  'urgent',
  'important',
  'new',
  'free',
  'sale',
  'all',
  'and',
  'the',
  'not',
  'now',
]);
/** Words that may start or sit inside a place name although they are common words. */
const PLACE_WORD = new Set([
  'san',
  'santa',
  'saint',
  'st',
  'new',
  'north',
  'south',
  'east',
  'west',
  'northern',
  'southern',
  'eastern',
  'western',
  'central',
  'fort',
  'port',
  'mount',
  'lake',
  'great',
  'upper',
  'lower',
  'little',
  'old',
  'city',
  'island',
  'islands',
  'river',
]);
const PARTICLES = new Set([
  'de',
  'del',
  'da',
  'do',
  'dos',
  'das',
  'di',
  'la',
  'le',
  'les',
  'el',
  'am',
  'an',
  'im',
  'en',
  'sur',
  'upon',
  'on',
  'nad',
  'pod',
  'u',
  'v',
  'van',
  'von',
  'of',
  'y',
  'i',
  'och',
  'og',
]);

function placeWord(t: Token | undefined, lowerCaseText: boolean): t is Token {
  if (!t) return false;
  if (t.shape === 'lower' && !lowerCaseText) return false;
  if (t.shape === 'initial') return false;
  if (ORG_WORDS.has(t.fold) || t.fold === 'country' || t.fold === 'club') return false;
  return !COMMON_WORDS.has(t.fold) || PLACE_WORD.has(t.fold);
}

/** Longest listed place (up to four words) starting at token i, as the index of its last word. */
function gazetteerEnd(text: string, tokens: Token[], i: number): number {
  let key = '';
  let best = -1;
  for (let k = i; k < i + 4 && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (k > i && !/^[ -]$/.test(text.slice((tokens[k - 1] as Token).end, t.start))) break;
    key = k === i ? t.fold : `${key} ${t.fold}`;
    if (isPlaceKey(key)) best = k;
  }
  return best;
}

/** End of a run of capitalised words that may name an unknown place (particles allowed inside). */
function cuedRunEnd(text: string, tokens: Token[], i: number): number {
  let j = i;
  while (j + 1 < tokens.length && j - i < 3) {
    const next = tokens[j + 1] as Token;
    if (!/^[ -]$/.test(text.slice((tokens[j] as Token).end, next.start))) break;
    if (next.shape === 'lower' && PARTICLES.has(next.fold) && placeWord(tokens[j + 2], false) && text.slice(next.end, (tokens[j + 2] as Token).start) === ' ') {
      j += 2;
      continue;
    }
    if (!placeWord(next, false) || next.shape === 'lower') break;
    j++;
  }
  return j;
}

/** True when a travel or residence phrase ("grew up in", "flew to") ends right before token i. */
export function placeCueBefore(text: string, tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const tok = tokens[i];
  if (!prev || !tok || !CUE_TAIL.has(prev.fold)) return false;
  return PLACE_CUE.test(text.slice(Math.max(0, tok.start - 40), tok.start));
}

/** Appends LOCATION candidates for `text` to `out`. */
export function findLocations(text: string, tokens: Token[], lowerCaseText: boolean, out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token;
    // Lower-case words start a place only in text that has no capitals at all.
    if (first.shape === 'lower' && !lowerCaseText) continue;
    const end = PLACE_FIRST_WORDS.has(first.fold) ? gazetteerEnd(text, tokens, i) : -1;
    if (end < 0 && !placeWord(first, lowerCaseText)) continue;
    // The cue regexes run only where the previous word could end a cue: most capitalised words fail here.
    const prev = tokens[i - 1];
    const gap = text.slice(prev ? prev.end : 0, first.start);
    const cueable = prev !== undefined && (CUE_TAIL.has(prev.fold) || /:\s*$/.test(gap));
    const before = cueable ? text.slice(Math.max(0, first.start - 40), first.start) : '';
    const strong = cueable && PLACE_CUE.test(before);
    const weak = strong || (cueable && WEAK_CUE.test(before));
    if (end >= 0) {
      const key = tokens
        .slice(i, end + 1)
        .map((t) => t.fold)
        .join(' ');
      if (AMBIGUOUS_PLACES.has(key) && !weak) continue;
      // "Boston Consulting Group", "Zurich Insurance": a place name inside an organisation's name; after
      // another capitalised word ("Anna Florence", "Zizi Konya") it is part of a name.
      const after = tokens[end + 1];
      if (after && ORG_WORDS.has(after.fold) && text.slice((tokens[end] as Token).end, after.start) === ' ') continue;
      if (!weak && prev && prev.shape === 'cap' && gap === ' ' && !PLACE_WORD.has(prev.fold) && !COMMON_WORDS.has(prev.fold)) continue;
      if (lowerCaseText && first.text.length < 4 && !COUNTRY_NAMES.has(key)) continue;
      out.push({ type: 'LOCATION', start: first.start, end: (tokens[end] as Token).end, score: weak ? 0.8 : 0.7 });
      i = end;
      continue;
    }
    if (!weak) continue;
    if (lowerCaseText) {
      if (LOWER_CASE_CUE.test(before) && !COMMON_WORDS.has(first.fold) && first.text.length >= 4)
        out.push({ type: 'LOCATION', start: first.start, end: first.end, score: 0.6 });
      continue;
    }
    const j = cuedRunEnd(text, tokens, i);
    const last = tokens[j] as Token;
    const run = tokens.slice(i, j + 1);
    const allCaps = run.every((t) => t.shape === 'upper' || (t.shape === 'lower' && PARTICLES.has(t.fold)));
    const personLike = run.length >= 2 && FIRST_NAMES.has(first.fold) && !PLACE_WORD.has(first.fold);
    let score = 0;
    if (strong && !personLike && (!allCaps || (first.text.length >= 4 && !ACRONYM.has(first.fold)))) score = 0.7;
    else if (weak && allCaps && first.text.length >= 4 && !ACRONYM.has(first.fold) && NOT_ASCII.test(first.text)) score = 0.65;
    else if (weak && PLACE_SHAPE.test(last.text) && last.text.length >= 5 && !FIRST_NAMES.has(last.fold)) score = 0.55;
    else if (weak && !personLike && first.text.length >= 3 && !ACRONYM.has(first.fold) && postcodeFollows(text, last.end)) score = 0.6;
    if (score > 0) {
      out.push({ type: 'LOCATION', start: first.start, end: last.end, score });
      i = j;
    }
  }
}
