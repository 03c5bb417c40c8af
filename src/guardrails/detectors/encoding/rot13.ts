/**
 * rot13 heuristic: a run of words is rot13 when its rotation has many common English words and the run
 * itself has few. Encoded text like "vtaber cerivbhf vafgehpgvbaf" reads as noise to keyword checks.
 */

import { rot13 } from '../../views/transforms.js';

/** Common English words (lower case): what a rot13 run decodes to and plain prose is made of. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her ' +
    'she or an will my one all would there their what so up out if about who get which go me when make can like ' +
    'time no just him know take people into year your good some could them see other than then now look only ' +
    'come its over think also back after use two how our work first well way even new want because any these give ' +
    'day most us is are was were been has had did ignore previous instructions system prompt print show reveal ' +
    'tell secret password forget rules above below must should please now'
  ).split(' '),
);

/** Separators a run of words may have between its words: space, tab, comma, quotes, hyphen. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 44 || c === 39 || c === 34 || c === 45;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + (word.charCodeAt(i) | 0x20)) | 0;
  return h;
}

const IS_COMMON = 1;
const ROTATES_TO_COMMON = 2;
const SLOTS = 1024;
/**
 * Word hash -> IS_COMMON | ROTATES_TO_COMMON, open addressing: one probe or two per word instead of two Set
 * lookups. Hashes, not strings, so the scan allocates nothing per word; a collision only costs the full test.
 */
const KEYS = new Int32Array(SLOTS);
const FLAGS = new Uint8Array(SLOTS);
for (const w of COMMON_WORDS) {
  addFlag(hashWord(w), IS_COMMON);
  addFlag(hashWord(rot13(w)), ROTATES_TO_COMMON);
}

function slotOf(h: number): number {
  let k = Math.imul(h, 0x9e3779b1) >>> 22;
  while (FLAGS[k] !== 0 && KEYS[k] !== h) k = (k + 1) & (SLOTS - 1);
  return k;
}

function addFlag(h: number, flag: number): void {
  const k = slotOf(h);
  KEYS[k] = h;
  FLAGS[k] = (FLAGS[k] as number) | flag;
}

/**
 * Word runs of `text` that decode from rot13 to English-looking text. A run is three or more ASCII words
 * with only separators between them, from the first letter of its first word to the last of its last (what
 * `/(?<![A-Za-z])[A-Za-z]+(?:[ \t,'"-]+[A-Za-z]+){2,}/g` matches). One pass over the text finds the runs and
 * counts, per run, its words, its common English words and its words whose rot13 is common, by hashing
 * letters in place: no string or match object per word, which on prose was most of this detector's garbage.
 */
export function decodeRot13Segments(text: string): Array<{ start: number; end: number; decoded: string }> {
  const out: Array<{ start: number; end: number; decoded: string }> = [];
  const n = text.length;
  let start = -1;
  let end = -1;
  let words = 0;
  let common = 0;
  let rotated = 0;
  let h = 0;
  let length = 0;
  // Whether everything since the last word's end is separators: a word then continues that word's run.
  let joined = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    if (isLetter(c)) {
      if (length === 0 && !joined) {
        if (words >= 3) keepRun(text, start, end, words, common, rotated, out);
        start = i;
        words = common = rotated = 0;
      }
      h = (Math.imul(h, 31) + (c | 0x20)) | 0;
      length++;
      continue;
    }
    if (length > 0) {
      words++;
      if (length <= 12) {
        const flags = FLAGS[slotOf(h)] as number;
        if (flags & IS_COMMON) common++;
        if (flags & ROTATES_TO_COMMON) rotated++;
      }
      end = i;
      h = 0;
      length = 0;
      joined = isSeparator(c);
    } else if (joined) joined = isSeparator(c);
  }
  if (words >= 3) keepRun(text, start, end, words, common, rotated, out);
  return out;
}

function keepRun(
  text: string,
  start: number,
  end: number,
  words: number,
  common: number,
  rotated: number,
  out: Array<{ start: number; end: number; decoded: string }>,
): void {
  // English prose is a quarter or more common words: skip it before paying for the rotation.
  if (common * 4 >= words) return;
  if (rotated >= 3 && rotated * 3 >= words && rotated >= 2 * common + 2) out.push({ start, end, decoded: rot13(text.slice(start, end)) });
}
