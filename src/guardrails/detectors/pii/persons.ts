import { COMMON_WORDS, ORG_WORDS } from './common-words.js';
import { Cues, GROUP_AFTER, HONORIFIC, LABEL, LOWER_CASE_CUE, PARTICLE, STREET_WORD, STRONG_BEFORE, TITLE } from './person-cues.js';
import { FIRST_NAMES, WORD_LIKE_NAMES } from './first-names.js';
import { placeCueBefore } from './locations.js';
import { isPlaceKey } from './places.js';
import { distinctSurname, looksLikeSurname } from './surnames.js';
import type { Candidate } from './structured.js';
import type { Token } from './tokens.js';

/**
 * PERSON by rules, without an NER model. A candidate is a run of capitalised words and initials
 * ("Anna K. Berg", "Jean-Luc van Damme"); it is scored by what it contains (a known given name, a frequent
 * or surname-shaped family name, a middle initial) and by its context (a title, "my name is", "says",
 * "Dear", a speaker label). Single family names and unknown names need a cue. Names seen once in full are
 * then found again where they recur alone ("... starring Berg").
 */

function nameLike(t: Token | undefined): t is Token {
  return t !== undefined && (t.shape === 'cap' || t.shape === 'initial') && !COMMON_WORDS.has(t.fold);
}

/** Extends a run of name-like words from token i; returns the index of its last word. */
function runEnd(text: string, tokens: Token[], i: number): number {
  let j = i;
  let words = 1;
  while (j + 1 < tokens.length && words < 4) {
    const cur = tokens[j] as Token;
    const next = tokens[j + 1] as Token;
    const gap = text.slice(cur.end, next.start);
    const initialGap = cur.shape === 'initial' && (gap === '. ' || gap === ' ');
    if (gap !== ' ' && !initialGap) break;
    if (next.shape === 'lower' && PARTICLE.has(next.fold)) {
      // "van Berg", "van der Berg", "de la Cruz": one or two particles, then the family name.
      const second = tokens[j + 2];
      const two = second !== undefined && second.shape === 'lower' && PARTICLE.has(second.fold) && text.slice(next.end, second.start) === ' ';
      const after = tokens[j + (two ? 3 : 2)];
      const prev = two ? (second as Token) : next;
      if (!nameLike(after) || text.slice(prev.end, after.start) !== ' ') break;
      j += two ? 3 : 2;
      words++;
      continue;
    }
    if (!nameLike(next) || ORG_WORDS.has(next.fold)) break;
    j++;
    words++;
  }
  // A run never ends on an initial ("Anna K." before a sentence break).
  while (j > i && tokens[j]?.shape === 'initial') j--;
  return j;
}

function scoreRun(run: Token[], cues: Cues): number {
  const first = run[0] as Token;
  const last = run[run.length - 1] as Token;
  const knownFirst = FIRST_NAMES.has(first.fold) && !WORD_LIKE_NAMES.has(first.fold);
  const wordLikeFirst = FIRST_NAMES.has(first.fold) && WORD_LIKE_NAMES.has(first.fold);
  if (run.length === 1) {
    if (isPlaceKey(first.fold)) return cues.strongBefore() && !cues.placeBefore() ? 0.6 : 0;
    if (knownFirst) return 0.7;
    const surname = looksLikeSurname(first.fold, first.text);
    if (cues.strongBefore() || cues.speechAfter()) return wordLikeFirst || surname ? 0.7 : 0.6;
    if ((wordLikeFirst || surname) && (cues.weakBefore() || cues.copulaAfter())) return 0.6;
    return 0;
  }
  if (isPlaceKey(run.map((t) => t.fold).join(' '))) return 0;
  if (knownFirst) return 0.85;
  // An unknown first word ending in "-ly" is an adverb ("Secretly Love"); given names like it are listed.
  if (first.text.length > 4 && first.fold.endsWith('ly') && !FIRST_NAMES.has(first.fold)) return 0;
  if (run.length >= 3 && run.slice(1, -1).some((t) => t.shape === 'initial')) return 0.8;
  // Without a known given name, a family name that is also an English word ("Red Cross") is no evidence.
  const surname = distinctSurname(last.fold, last.text);
  if (wordLikeFirst && surname) return 0.75;
  if (surname) return cues.weakBefore() || cues.speechAfter() || cues.copulaAfter() ? 0.85 : 0.65;
  if (FIRST_NAMES.has(last.fold) && !WORD_LIKE_NAMES.has(last.fold)) return 0.6;
  if (cues.strongBefore() || cues.speechAfter()) return 0.7;
  return 0;
}

function isGivenName(t: Token | undefined): boolean {
  return t !== undefined && t.shape === 'cap' && FIRST_NAMES.has(t.fold) && !WORD_LIKE_NAMES.has(t.fold);
}

/** "NAME: MARGARET OLSEN": upper-case names count when they start with a known given name. */
function findUpperCasePersons(text: string, tokens: Token[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (tok.shape !== 'upper' || !FIRST_NAMES.has(tok.fold) || WORD_LIKE_NAMES.has(tok.fold)) continue;
    let j = i;
    while (j + 1 < tokens.length && j - i < 2) {
      const next = tokens[j + 1] as Token;
      if ((next.shape !== 'upper' && next.shape !== 'initial') || COMMON_WORDS.has(next.fold) || ORG_WORDS.has(next.fold)) break;
      if (!/^\.? $/.test(text.slice((tokens[j] as Token).end, next.start))) break;
      j++;
    }
    if (j > i) out.push({ type: 'PERSON', start: tok.start, end: (tokens[j] as Token).end, score: 0.75 });
    i = j;
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** A capitalised word at a line start followed by ":" and speech, as in a chat transcript ("Anna: hi"). */
function speakerLabel(text: string, tok: Token): boolean {
  if (tok.start !== 0 && !/\n[ \t>]*$/.test(text.slice(Math.max(0, tok.start - 6), tok.start))) return false;
  return tok.shape === 'cap' && /^:[ \t]*[^\s\-*#]/.test(text.slice(tok.end, tok.end + 4)) && !LABEL.has(tok.fold);
}

function findCapitalisedPersons(text: string, tokens: Token[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    // The shape first: folding a word makes a string, and most words are lower-case.
    if (tok.shape !== 'lower' && TITLE.has(tok.fold)) {
      const next = tokens[i + 1];
      // "Cheriton Dr Reuquén Extensions": after a capitalised word, "Dr" is a street type.
      const prev = tokens[i - 1];
      const streetAbbrev = (tok.fold === 'dr' || tok.fold === 'st') && prev?.shape === 'cap' && text.slice(prev.end, tok.start) === ' ';
      if (!streetAbbrev && next && (next.shape === 'upper' || nameLike(next)) && /^\.?[ \t]{1,2}$/.test(text.slice(tok.end, next.start))) {
        const j = runEnd(text, tokens, i + 1);
        const last = tokens[j] as Token;
        if (!STREET_WORD.test(last.text)) out.push({ type: 'PERSON', start: next.start, end: last.end, score: 0.85 });
        i = j;
      }
      continue;
    }
    if (!nameLike(tok) || tok.shape === 'initial' || ORG_WORDS.has(tok.fold)) continue;
    const j = runEnd(text, tokens, i);
    // "Contact Harriet Q. Pemberton": a capitalised word before a known given name is not part of the name.
    if (j > i && !FIRST_NAMES.has(tok.fold) && isGivenName(tokens[i + 1])) {
      continue;
    }
    const run = j === i ? [tok] : tokens.slice(i, j + 1).filter((t) => t.shape !== 'lower');
    const last = tokens[j] as Token;
    const startIdx = i;
    i = j;
    // Followed by an organisation word, a street suffix or a number, or preceded by a house number: not a person.
    const nextTok = tokens[j + 1];
    const spaceAfter = text[last.end] === ' ' || text[last.end] === '\t';
    if (nextTok && spaceAfter && nextTok.start === last.end + 1 && (ORG_WORDS.has(nextTok.fold) || STREET_WORD.test(nextTok.text))) continue;
    if ((spaceAfter && isDigit(text[last.end + 1])) || (text[tok.start - 1] === ' ' && isDigit(text[tok.start - 2]))) continue;
    if (run.length > 1 && STREET_WORD.test(last.text)) continue;
    const cues = new Cues(text, tok, last, tokens[startIdx - 1], nextTok);
    let score = scoreRun(run, cues);
    if (score === 0 && run.length === 1 && speakerLabel(text, tok)) score = 0.6;
    // "originally from Dolores", "returned to Florence": a given name in a place slot is a place.
    if (run.length === 1 && score < 0.85 && placeCueBefore(text, tokens, startIdx)) score = 0;
    if (score > 0) out.push({ type: 'PERSON', start: tok.start, end: last.end, score });
  }
}

/** Lower-case text: a known, unambiguous given name starts a name; it may take an initial and a surname. */
function findLowerCasePersons(text: string, tokens: Token[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const titled = HONORIFIC.has(tok.fold) && /^\.?[ \t]/.test(text.slice(tok.end, tok.end + 2));
    const start = titled ? i + 1 : i;
    const head = tokens[start];
    if (!head || COMMON_WORDS.has(head.fold) || head.text.length < 3) continue;
    const known = FIRST_NAMES.has(head.fold) && !WORD_LIKE_NAMES.has(head.fold);
    const cued = LOWER_CASE_CUE.test(text.slice(Math.max(0, head.start - 32), head.start));
    if (!known && !titled && !cued) continue;
    let j = start;
    while (j + 1 < tokens.length && j - start < 2) {
      const next = tokens[j + 1] as Token;
      const gap = text.slice((tokens[j] as Token).end, next.start);
      if (!/^\.? $/.test(gap) || COMMON_WORDS.has(next.fold) || WORD_LIKE_NAMES.has(next.fold) || next.text.length < 1) break;
      j++;
    }
    while (j > start && (tokens[j] as Token).text.length === 1) j--;
    out.push({ type: 'PERSON', start: head.start, end: (tokens[j] as Token).end, score: titled || (known && j > start) ? 0.75 : 0.6 });
    i = j;
  }
}

/**
 * "Marrero and Murphy were ...", "founders: Reyes, Okafor and Lind": single capitalised words joined by
 * commas and "and" name people when a group verb follows or a person cue precedes the list.
 */
function findCoordinated(text: string, tokens: Token[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!nameLike(tokens[i]) || (text[(tokens[i] as Token).end] !== ',' && text[(tokens[i] as Token).end] !== ' ')) continue;
    const members: Token[] = [];
    let k = i;
    while (k < tokens.length) {
      const t = tokens[k] as Token;
      if (!nameLike(t) || t.shape === 'initial' || ORG_WORDS.has(t.fold) || isPlaceKey(t.fold)) break;
      members.push(t);
      const next = tokens[k + 1];
      if (!next) break;
      const gap = text.slice(t.end, next.start);
      // ", and" (a serial comma) before ", ": the latter would step onto "and" and end the list there.
      if (gap === ', ' && next.fold === 'and') k += 2;
      else if (gap === ', ' || gap === ' & ') k++;
      else if (gap === ' ' && next.fold === 'and' && tokens[k + 2] && text.slice(next.end, (tokens[k + 2] as Token).start) === ' ') k += 2;
      else break;
    }
    if (members.length >= 2) {
      const first = members[0] as Token;
      const last = members[members.length - 1] as Token;
      const before = text.slice(Math.max(0, first.start - 32), first.start);
      if (GROUP_AFTER.test(text.slice(last.end, last.end + 16)) || STRONG_BEFORE.test(before)) {
        for (const m of members) out.push({ type: 'PERSON', start: m.start, end: m.end, score: 0.6 });
      }
    }
    i = Math.max(i, k);
  }
}

/** True when some candidate covers position `pos`; `spans` are sorted by start and do not overlap. */
function covers(spans: Candidate[], pos: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Candidate).start <= pos) lo = mid + 1;
    else hi = mid;
  }
  const c = spans[lo - 1];
  return c !== undefined && pos < c.end;
}

/** A family or given name found in a full name is a person where it recurs alone. */
function findRepeats(tokens: Token[], out: Candidate[]): void {
  const names = out.filter((c) => c.score >= 0.6).sort((a, b) => a.start - b.start);
  if (names.length === 0) return;
  const seen = new Set<string>();
  for (const t of tokens) if (t.shape !== 'lower' && t.end - t.start > 2 && covers(names, t.start)) seen.add(t.fold);
  if (seen.size === 0) return;
  const all = [...out].sort((a, b) => a.start - b.start);
  for (const t of tokens) {
    if ((t.shape === 'cap' || t.shape === 'upper') && seen.has(t.fold) && !COMMON_WORDS.has(t.fold) && !covers(all, t.start)) {
      out.push({ type: 'PERSON', start: t.start, end: t.end, score: 0.6 });
    }
  }
}

/** Appends PERSON candidates for `text` to `out`. */
export function findPersons(text: string, tokens: Token[], lowerCaseText: boolean, out: Candidate[]): void {
  const found: Candidate[] = [];
  if (lowerCaseText) findLowerCasePersons(text, tokens, found);
  else {
    findCapitalisedPersons(text, tokens, found);
    findUpperCasePersons(text, tokens, found);
    const coordinated: Candidate[] = [];
    findCoordinated(text, tokens, coordinated);
    // Only words not already inside a longer name.
    if (coordinated.length > 0) {
      const sorted = [...found].sort((a, b) => a.start - b.start);
      for (const c of coordinated) if (!covers(sorted, c.start)) found.push(c);
    }
  }
  findRepeats(tokens, found);
  out.push(...found);
}
