/**
 * A context flood: one token typed over and over ("ö ö ö ...", "a a a ...", an emoji hundreds of times) to push
 * the system prompt out of the model's attention before the real request, or to make the model diverge. Benign
 * text repeats words a few times, not dozens in a row; data repeats numbers, separators and null values, which
 * are left out. One pass over the text comparing each whitespace-separated token with the one before it.
 */
import type { RuleMatch } from './rules.js';

/** Identical tokens in a row that make a flood. */
export const MIN_RUN = 40;

const RULE: RuleMatch['rule'] = { id: 'flooding.repeated_token', type: 'instruction_override', score: 0.8 };

/** Data values a pasted table, array or log repeats legitimately (compared without trailing punctuation). */
const DATA_VALUE = /^(?:null|nil|none|na|nan|n\/a|undefined|true|false|empty|unknown|x|-)$/i;
/** Tokens made only of ASCII digits and punctuation (numbers, separators, table rules). */
const ASCII_DATA = /^[\x21-\x40\x5b-\x60\x7b-\x7e]+$/;

/** Printable ASCII and Latin-1 letters (most chars) settle on the first comparison. */
const isSpace = (c: number): boolean =>
  c > 32 && c < 0xa0 ? false : c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;

function sameToken(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

function floods(token: string): boolean {
  return !ASCII_DATA.test(token) && !DATA_VALUE.test(token.replace(/[,;.:]+$/, ''));
}

/** The first run of MIN_RUN or more identical tokens that are not data values, as one match; at most one. */
export function matchFlood(text: string): RuleMatch[] {
  if (text.length < 2 * MIN_RUN - 1) return [];
  const n = text.length;
  let prevStart = -1;
  let prevLength = 0;
  let runStart = 0;
  let run = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    const length = i - start;
    if (length === prevLength && sameToken(text, start, prevStart, length)) {
      run++;
      if (run === MIN_RUN && !floods(text.slice(start, i))) run = -n; // a data value: never counts
    } else {
      run = 1;
      runStart = start;
    }
    if (run >= MIN_RUN && (i >= n || !continues(text, i, start, length))) return [{ rule: RULE, start: runStart, end: i }];
    prevStart = start;
    prevLength = length;
  }
  return [];
}

/** Whether the token after end (past whitespace) repeats the one at [start, start + length). */
function continues(text: string, end: number, start: number, length: number): boolean {
  let j = end;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  return j + length <= text.length && sameToken(text, j, start, length) && (j + length === text.length || isSpace(text.charCodeAt(j + length)));
}
