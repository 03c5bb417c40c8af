/**
 * rot13 heuristic: a run of words is rot13 when its rotation has many common English words and the run
 * itself has few. Encoded text like "vtaber cerivbhf vafgehpgvbaf" reads as noise to keyword checks.
 */

import { rot13 } from '../../views/transforms.js';

const COMMON = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her ' +
    'she or an will my one all would there their what so up out if about who get which go me when make can like ' +
    'time no just him know take people into year your good some could them see other than then now look only ' +
    'come its over think also back after use two how our work first well way even new want because any these give ' +
    'day most us is are was were been has had did ignore previous instructions system prompt print show reveal ' +
    'tell secret password forget rules above below must should please now'
  ).split(' '),
);

// At least three words separated by spaces, commas or quotes; letters and separators are disjoint classes,
// and the lookbehind stops retries from inside a word, which would be quadratic on one long word.
const WORD_RUN = /(?<![A-Za-z])[A-Za-z]+(?:[ \t,'"-]+[A-Za-z]+){2,}/g;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + (word.charCodeAt(i) | 0x20)) | 0;
  return h;
}

// Hashes, not strings, so the prefilter allocates nothing; a collision only costs the full pass.
const ROTATED_COMMON = new Set([...COMMON].map((w) => hashWord(rot13(w))));

/** Cheap prefilter: a qualifying run contains at least one rotated common word. */
function hasRotatedCommonWord(text: string): boolean {
  let h = 0;
  let length = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (isLetter(c)) {
      h = (Math.imul(h, 31) + (c | 0x20)) | 0;
      length++;
    } else if (length > 0) {
      if (length <= 12 && ROTATED_COMMON.has(h)) return true;
      h = 0;
      length = 0;
    }
  }
  return false;
}

const COMMON_HASHES = new Set([...COMMON].map(hashWord));

/** Reused by countRange: the word counts of one run, plain and as rot13 would decode it. */
const counts = { words: 0, common: 0, rotated: 0 };

/**
 * Counts words, common English words and words whose rot13 is common, in text[start, end), by hashing
 * letters in place: no string or match object per word, which on prose was most of this detector's garbage.
 */
function countRange(text: string, start: number, end: number): typeof counts {
  counts.words = 0;
  counts.common = 0;
  counts.rotated = 0;
  let h = 0;
  let length = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0;
    if (isLetter(c)) {
      h = (Math.imul(h, 31) + (c | 0x20)) | 0;
      length++;
    } else if (length > 0) {
      counts.words++;
      if (length <= 12) {
        if (COMMON_HASHES.has(h)) counts.common++;
        if (ROTATED_COMMON.has(h)) counts.rotated++;
      }
      h = 0;
      length = 0;
    }
  }
  return counts;
}

/** Word runs of `text` that decode from rot13 to English-looking text. */
export function decodeRot13Segments(text: string): Array<{ start: number; end: number; decoded: string }> {
  const out: Array<{ start: number; end: number; decoded: string }> = [];
  if (!hasRotatedCommonWord(text)) return out;
  WORD_RUN.lastIndex = 0;
  for (let m = WORD_RUN.exec(text); m !== null; m = WORD_RUN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const { words, common, rotated } = countRange(text, start, end);
    // English prose is a quarter or more common words: skip it before paying for the rotation.
    if (common * 4 >= words) continue;
    if (rotated >= 3 && rotated * 3 >= words && rotated >= 2 * common + 2) out.push({ start, end, decoded: rot13(m[0]) });
  }
  return out;
}
