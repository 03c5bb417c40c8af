import { COMMON_WORDS } from './common-words.js';
import { COMMON_CAP, EURO_STREET, LOWER_NAME_TYPE, NOT_STREET, parseStreet, parseTail, PREFIX, sticky, trimEnd } from './street-grammar.js';
import type { Candidate } from './structured.js';
import type { Token } from './tokens.js';

/**
 * Street addresses: house number(s) or a street-type prefix (Rue, Via, ul.) start an address, which the
 * grammar in street-grammar.ts extends over street, units and city / postcode / country. "Hauptstraße 12"
 * style streets, P.O. boxes, US military addresses, "the corner of X and Y" and "Marina Fort Street" have
 * their own patterns. One address is reported as one span, however many lines it has.
 */

const NUMBER_START = /(?<![\d.,:/-])\b\d{1,6}[A-Za-z]?[ \t]+(?=[\p{L}\d])/gu;
const PREFIX_AT = new RegExp(String.raw`(?:${PREFIX})[ \t]+`, 'iuy');
/** Folded street-type words that may start an address; `true` when written with a following "." or "/". */
const PREFIX_WORDS = new Map<string, boolean>([
  ...'rua rue via viale vicolo piazza piazzale largo corso strada avenida calle carrer camino paseo plaza praca travessa estrada rodovia alameda chemin boulevard allee impasse quai ulica ulice aleja aleje namesti trg λεωφορος οδος πλατεια'
    .split(' ')
    .map((w): [string, boolean] => [w, false]),
  ...'ul al av avda bd nam c'.split(' ').map((w): [string, boolean] => [w, true]),
]);

function scanNumberStarts(text: string, lowerCase: boolean, out: Candidate[]): void {
  NUMBER_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER_START.exec(text)) !== null) {
    const start = m.index;
    let pos = start + m[0].length;
    // A second number ("975 3968 Bay Street"): building and street numbers, or a unit.
    const second = sticky(/\d{1,6}[A-Za-z]?[ \t]+/y, text, pos);
    const twoNumbers = second !== null;
    if (second) pos += second[0].length;
    const prefix = sticky(PREFIX_AT, text, pos);
    if (prefix) pos += prefix[0].length;
    const street = parseStreet(text, pos, lowerCase, prefix !== null && LOWER_NAME_TYPE.test(prefix[0].trim()));
    if (!street || NOT_STREET.test(street.firstWord)) continue;
    const tailEnd = parseTail(text, street.end, lowerCase, street.suffix || street.houseNumber);
    const hasTail = tailEnd > street.end;
    let score = 0;
    if (street.houseNumber || prefix) score = 0.75;
    else if (street.suffix) score = street.words >= 2 ? 0.8 : 0;
    else if (hasTail && (twoNumbers || /[\n,]/.test(text.slice(street.end, tailEnd)))) {
      // In lower-case text any words pass as street words; a postcode in the tail must vouch for them.
      score = !lowerCase || /\d{4,}/.test(text.slice(street.end, tailEnd)) ? 0.65 : 0;
    } else if (twoNumbers && street.words >= 2) score = 0.55;
    if (score === 0) continue;
    out.push({ type: 'ADDRESS', start, end: trimEnd(text, start, tailEnd), score });
    NUMBER_START.lastIndex = Math.max(NUMBER_START.lastIndex, tailEnd);
  }
}

/** "Rua Augusta 27", "ul. Długa 5", "Via Roma 12": a street-type word starts an address without a number. */
function scanPrefixStarts(text: string, tokens: Token[], lowerCase: boolean, out: Candidate[]): void {
  let covered = 0;
  for (const tok of tokens) {
    if (tok.start < covered) continue;
    const mark = text[tok.end];
    const abbreviated = mark === '.' || mark === '/';
    const spaced = tok.shape === 'cap' && (mark === ' ' || mark === '\t');
    // Tested before the word is folded and looked up: most words are neither, and folding makes a string.
    if (!abbreviated && !spaced) continue;
    const punctuated = PREFIX_WORDS.get(tok.fold);
    if (punctuated === undefined || (punctuated ? !abbreviated : !spaced)) continue;
    const at = sticky(PREFIX_AT, text, tok.start);
    if (!at) continue;
    const street = parseStreet(text, tok.start + at[0].length, lowerCase, LOWER_NAME_TYPE.test(at[0].trim()));
    if (!street?.houseNumber) continue;
    const end = parseTail(text, street.end, lowerCase, true);
    out.push({ type: 'ADDRESS', start: tok.start, end: trimEnd(text, tok.start, end), score: 0.7 });
    covered = end;
  }
}

const EURO_NUMBER = /[ \t]+\d{1,4}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)?\b(?![.,:]\d)/y;
/** Phrases that announce an address, so "Name Name 12" after them is a street and house number. */
/** Lower-case words inside street names: Czech and Polish "z", "nad", Romance "de", "da", Dutch "van". */
const NAME_PARTICLES = new Set('z ze u na nad pod de da do dos das di del della van von der den'.split(' '));
const ADDRESS_CUE =
  /\b(?:adres[ae]?|adresse|anschrift|endere[cç]o|direcci[oó]n|indirizzo|osoite|lives?|living|located|situated|based|address(?:\s+is)?|moved|send(?:\s+it)?|ship(?:\s+it)?|deliver(?:ed)?|sent|mail(?:\s+it)?|drops?(?:\s+you)?\s+off|stop|meet(?:\s+me)?|refers|is)\s*(?:on|at|to|in|:)?\s*$/i;
const PO_BOX_SCAN = /\b(?:P\.?[ \t]?O\.?[ \t]?Box|Post(?:al)?[ \t]+Office[ \t]+Box)[ \t]+\d{1,6}\b/gi;
const MILITARY =
  /\b(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|(?:USNS|USNV|USS|USCGC)[ \t]+\p{L}+)[ \t]*,?\r?\n?[ \t]*(?:APO|FPO|DPO)[ \t]+A[AEP][ \t]+\d{5}\b/giu;
const CORNER_PART = String.raw`(?:(?:\d{1,5}[A-Za-z]?|\p{Lu}[\p{L}\p{M}'’.\-]*|ul\.|al\.|str\.?|st\.?|de|del|da|do|dos|di|la|le|van|der|den)[ \t]+){0,5}?(?:\d{1,5}[A-Za-z]?|\p{Lu}[\p{L}\p{M}'’\-]*)(?:[ \t]+(?:St|Str|Ave|Rd)\.?)?`;
const CORNER = new RegExp(String.raw`\b(?:the[ \t]+)?corner[ \t]+of[ \t]+${CORNER_PART}[ \t]+(?:and|&)[ \t]+${CORNER_PART.replace('{0,5}?', '{0,5}')}`, 'giu');

function scanSimple(re: RegExp, text: string, score: number, out: Candidate[], lowerCase: boolean): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const end = parseTail(text, m.index + m[0].length, lowerCase, true);
    out.push({ type: 'ADDRESS', start: m.index, end: trimEnd(text, m.index, end), score });
    re.lastIndex = Math.max(re.lastIndex, end);
  }
}

/**
 * "Hauptstraße 12", "Kungsgatan 4": a street-type word ending with a house number; or any capitalised
 * words and a number right after an address phrase ("lives on Joaquín Suárez 2906").
 */
function scanEuro(text: string, tokens: Token[], lowerCase: boolean, out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const last = tokens[i] as Token;
    if (last.shape !== 'cap' && last.shape !== 'upper') continue;
    // "Goethestr. 7a": the abbreviated street type keeps its full stop before the number.
    const abbreviated = text[last.end] === '.' && /str$/i.test(last.text) ? 1 : 0;
    const gap = text[last.end + abbreviated];
    const num = gap === ' ' || gap === '\t' ? sticky(EURO_NUMBER, text, last.end + abbreviated) : null;
    if (!num || NOT_STREET.test(last.text)) continue;
    // Up to three more capitalised words before, separated by single spaces; a particle may sit between
    // two of them ("Jiřího z Poděbrad 12", "Largo da Graça 5").
    let s = i;
    while (s > 0 && i - s < 3) {
      const prev = tokens[s - 1] as Token;
      const particle = prev.shape === 'lower' && s > 1 && NAME_PARTICLES.has(prev.text) && text.slice((tokens[s - 2] as Token).end, prev.start) === ' ';
      const word = particle ? (tokens[s - 2] as Token) : prev;
      if ((word.shape !== 'cap' && word.shape !== 'upper') || text.slice(prev.end, (tokens[s] as Token).start) !== ' ' || COMMON_CAP.test(word.text)) break;
      s -= particle ? 2 : 1;
    }
    let start = -1;
    if ((EURO_STREET.test(last.text) || abbreviated === 1) && last.text.length >= 4) start = s;
    else {
      for (let k = s; k <= i && start < 0; k++) {
        const t = tokens[k] as Token;
        if (!COMMON_CAP.test(t.text) && ADDRESS_CUE.test(text.slice(Math.max(0, t.start - 30), t.start))) start = k;
      }
    }
    if (start < 0) continue;
    const first = tokens[start] as Token;
    if (COMMON_CAP.test(first.text) || NOT_STREET.test(first.text) || /[\d.]/.test(text[first.start - 1] ?? '')) continue;
    const end = parseTail(text, last.end + abbreviated + num[0].length, lowerCase, true);
    out.push({ type: 'ADDRESS', start: first.start, end: trimEnd(text, first.start, end), score: 0.65 });
  }
}

/**
 * Street types written as their own lower-case word between the name and the house number, as Hungarian,
 * Nordic, Polish, Dutch and German addresses do ("Váci utca 12", "Karl Johans gate 22", "Andrássy út 3.").
 */
const SEPARATE_TYPES = new Set(
  'utca ut utja ter korut fasor sugarut namesti trida gate gata gatan vagen veien vei vegen vej gade alle allee ulica ul cesta ulice laan straat weg strasse platz'.split(
    ' ',
  ),
);

function scanSeparateTypes(text: string, tokens: Token[], lowerCase: boolean, out: Candidate[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const type = tokens[i] as Token;
    // A house number must follow (EURO_NUMBER: a space, then a digit after any more spaces or tabs): tested
    // before the word is folded and looked up.
    if (type.shape !== 'lower' || text.charCodeAt(type.end) !== 32 || !digitAfterBlanks(text, type.end + 1)) continue;
    if (!SEPARATE_TYPES.has(type.fold)) continue;
    const num = sticky(EURO_NUMBER, text, type.end);
    if (!num) continue;
    // One or two name words before, the first capitalised ("Árpád fejedelem útja"): a lower-case middle
    // word is allowed only behind a capitalised one.
    let s = i;
    while (s > 0 && i - s < 2 && text.slice((tokens[s - 1] as Token).end, (tokens[s] as Token).start) === ' ') {
      const prev = tokens[s - 1] as Token;
      if (prev.shape === 'initial' || COMMON_CAP.test(prev.text) || (prev.shape === 'lower' && (lowerCase || s - 1 === 0))) break;
      s--;
    }
    while (s < i && (tokens[s] as Token).shape === 'lower') s++;
    // "Terminal gate 5", "Main weg 2": an ordinary word before the type is not a street name.
    if (s === i || NOT_STREET.test((tokens[s] as Token).text) || COMMON_WORDS.has((tokens[s] as Token).fold)) continue;
    const first = tokens[s] as Token;
    const end = parseTail(text, type.end + num[0].length, lowerCase, true);
    out.push({ type: 'ADDRESS', start: first.start, end: trimEnd(text, first.start, end), score: 0.65 });
  }
}

/** True when text at `at`, past any spaces and tabs, has a digit. */
function digitAfterBlanks(text: string, at: number): boolean {
  let k = at;
  while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
  const c = text.charCodeAt(k);
  return c >= 48 && c <= 57;
}

function scanCorners(text: string, out: Candidate[]): void {
  CORNER.lastIndex = 0;
  for (let m = CORNER.exec(text); m !== null; m = CORNER.exec(text)) {
    out.push({ type: 'ADDRESS', start: m.index, end: trimEnd(text, m.index, m.index + m[0].length), score: 0.7 });
  }
}

const NAMED_STREET = /^(?:Street|Road|Avenue|Boulevard|Lane|Drive)$/;
/** What NAMED_STREET can match, tested on the token before its text is made: the lengths and first letters. */
const NAMED_STREET_LENGTHS = new Set([4, 5, 6, 9]);
const NAMED_STREET_FIRST = new Set([...'SRABLD'].map((c) => c.charCodeAt(0)));

/** "on Marina Fort Street": capitalised words and a street type, with no house number. */
function scanNamedStreets(text: string, tokens: Token[], out: Candidate[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const suffix = tokens[i] as Token;
    if (!NAMED_STREET_LENGTHS.has(suffix.end - suffix.start) || !NAMED_STREET_FIRST.has(text.charCodeAt(suffix.start))) continue;
    if (!NAMED_STREET.test(suffix.text)) continue;
    let s = i;
    while (s > 0 && i - s < 3) {
      const prev = tokens[s - 1] as Token;
      // Suffix words may sit inside the name ("Marina Fort Street", "Berg Hills Road"), not end it.
      if (prev.shape !== 'cap' || text.slice(prev.end, (tokens[s] as Token).start) !== ' ' || COMMON_CAP.test(prev.text)) break;
      s--;
    }
    if (s === i) continue;
    const first = tokens[s] as Token;
    out.push({ type: 'ADDRESS', start: first.start, end: suffix.end, score: 0.6 });
  }
}

/** Overlapping address candidates from different patterns become one span with the best score. */
function mergeOverlaps(found: Candidate[]): Candidate[] {
  const sorted = [...found].sort((a, b) => a.start - b.start);
  const merged: Candidate[] = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.end) {
      last.end = Math.max(last.end, c.end);
      last.score = Math.max(last.score, c.score);
    } else merged.push({ ...c });
  }
  return merged;
}

/** Appends ADDRESS candidates for `text` to `out`. */
export function findAddresses(text: string, tokens: Token[], lowerCase: boolean, out: Candidate[]): void {
  const found: Candidate[] = [];
  // Cheap literal checks first: most texts have neither a military postcode nor a box.
  if (/[ADF]PO[ \t]+A[AEP]/i.test(text)) scanSimple(MILITARY, text, 0.9, found, lowerCase);
  if (/box/i.test(text)) scanSimple(PO_BOX_SCAN, text, 0.8, found, lowerCase);
  scanNumberStarts(text, lowerCase, found);
  scanPrefixStarts(text, tokens, lowerCase, found);
  scanEuro(text, tokens, lowerCase, found);
  scanSeparateTypes(text, tokens, lowerCase, found);
  if (/corner/i.test(text)) scanCorners(text, found);
  scanNamedStreets(text, tokens, found);
  // A unit on its own ("Suite 400") is weak evidence, reported only when nothing longer covers it.
  const units = /\b(?:Apt\.?|Apartment|Suite)[ \t]+#?\d{1,5}\b/g;
  const merged = mergeOverlaps(found);
  let k = 0;
  for (let m = units.exec(text); m !== null; m = units.exec(text)) {
    while (k < merged.length && (merged[k] as Candidate).end <= m.index) k++;
    const c = merged[k];
    if (!c || c.start > m.index) found.push({ type: 'ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.55 });
  }
  for (const c of mergeOverlaps(found)) {
    // "Flat 3, 12 High Street": a unit written before the street belongs to the address.
    const lead = UNIT_BEFORE.exec(text.slice(Math.max(0, c.start - 24), c.start));
    out.push(lead ? { ...c, start: c.start - lead[0].length } : c);
  }
}

const UNIT_BEFORE = /(?:Flat|Apt\.?|Apartment|Suite|Unit)[ \t]+#?\d{1,5}[A-Za-z]?,?[ \t]+$/;
