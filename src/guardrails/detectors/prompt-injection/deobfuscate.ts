import { rot13 } from '../../views/transforms.js';
import { foldConfusables, foldLeet } from './confusables.js';
import { desmuggle, reassemble } from './reassemble.js';
/**
 * Decoded views of a text for the injection detector: escape sequences (\x41, \u0041, %41, &#65;), Morse
 * code, rot13, look-alike letters and leetspeak (confusables.ts) hide "ignore all previous instructions" from rules and n-grams alike, and so do payloads
 * cut into pieces (reassemble.ts: concatenated strings, joined lists, spaced or split words). Each view is scored
 * like the text itself and the detector keeps the maximum. Every check is gated on a cheap substring or
 * count, so ordinary text pays next to nothing. (The encoding detector decodes base64 and long hex runs for
 * the policy; these are the short, inline forms it leaves alone.)
 */

export interface DecodedView {
  kind: 'escapes' | 'morse' | 'rot13' | 'reversed' | 'reassembled' | 'unsplit' | 'identifiers' | 'confusables' | 'leet';
  text: string;
}

const ESCAPE = /\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})|&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g;
/** Eight or more Morse letters separated by spaces or slashes. Dots/dashes and separators are disjoint classes. */
const MORSE_RUN = /[.-]{1,7}(?:[ /]+[.-]{1,7}){7,}/g;
const MIN_ESCAPES = 3;
/** Views are built from at most this much of a text, so a huge input cannot make decoding expensive. */
const MAX_VIEW = 65536;

const MORSE: Record<string, string> = {
  '.-': 'a',
  '-...': 'b',
  '-.-.': 'c',
  '-..': 'd',
  '.': 'e',
  '..-.': 'f',
  '--.': 'g',
  '....': 'h',
  '..': 'i',
  '.---': 'j',
  '-.-': 'k',
  '.-..': 'l',
  '--': 'm',
  '-.': 'n',
  '---': 'o',
  '.--.': 'p',
  '--.-': 'q',
  '.-.': 'r',
  '...': 's',
  '-': 't',
  '..-': 'u',
  '...-': 'v',
  '.--': 'w',
  '-..-': 'x',
  '-.--': 'y',
  '--..': 'z',
  '-----': '0',
  '.----': '1',
  '..---': '2',
  '...--': '3',
  '....-': '4',
  '.....': '5',
  '-....': '6',
  '--...': '7',
  '---..': '8',
  '----.': '9',
  '.-.-.-': '.',
  '--..--': ',',
  '..--..': '?',
  '-.-.--': '!',
};

function decodeEscapes(text: string): string | null {
  let count = 0;
  const out = text.replace(ESCAPE, (m, x: string, u: string, pct: string, hex: string, dec: string) => {
    const code = parseInt(x ?? u ?? pct ?? hex ?? dec, x || u || pct || hex ? 16 : 10);
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return m;
    count++;
    return String.fromCodePoint(code);
  });
  return count >= MIN_ESCAPES ? out : null;
}

/** Morse runs decoded in place: letters split by one space, words by a slash or two or more spaces. */
function decodeMorse(text: string): string | null {
  let decoded = 0;
  const out = text.replace(MORSE_RUN, (run) => {
    const words = run.split(/\s*\/\s*|\s{2,}/);
    const letters = words.map((w) =>
      w
        .split(/\s+/)
        .map((l) => MORSE[l] ?? '')
        .join(''),
    );
    decoded++;
    return letters.join(' ');
  });
  return decoded > 0 ? out : null;
}

const MAX_IDENTIFIERS = 256;

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isLower(c) || isUpper(c);
const isJoin = (c: number): boolean => c === 95 || c === 45 || c === 46; // _ - .

/**
 * Words written as identifiers, spaced, one per line: a property, function or file name such as
 * `ignore_previous_instructions` or `revealSystemPrompt` reads as the phrase it spells. A token of letters
 * with two or more joins (`_`, `-` or `.` between letters, or a lower-case letter before a capital) makes
 * the view, and only those tokens do (not the whole text), so code full of identifiers costs a short view,
 * not a second copy. One linear scan: a regex over every letter cost ten times as much on 4 KB.
 */
function spaceIdentifiers(text: string): string | null {
  const runs: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && runs.length < MAX_IDENTIFIERS) {
    if (!isLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let joins = 0;
    let j = i + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isLetter(c)) {
        if (isUpper(c) && isLower(text.charCodeAt(j - 1))) joins++;
      } else if (!(isJoin(c) && j + 1 < n && isLetter(text.charCodeAt(j + 1)) && isLetter(text.charCodeAt(j - 1)))) break;
      else joins++;
      j++;
    }
    if (joins >= 2)
      runs.push(
        text
          .slice(start, j)
          .replace(/[_\-.]/g, ' ')
          .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
          .toLowerCase(),
      );
    i = j + 1;
  }
  return runs.length > 0 ? runs.join('.\n') : null;
}

/**
 * Decoded views of the first MAX_VIEW units of input, usually none. `rot13Likely` and `reversedLikely` come
 * from the gram pass (it counts rot13 forms of common words, and common words written backwards), so neither
 * view costs anything unless the text already looks rotated or reversed.
 */
export function decodedViews(input: string, rot13Likely: boolean, reversedLikely = false): DecodedView[] {
  const views: DecodedView[] = [];
  const text = input.length > MAX_VIEW ? input.slice(0, MAX_VIEW) : input;
  if (text.includes('\\x') || text.includes('\\u') || text.includes('%') || text.includes('&#')) {
    const t = decodeEscapes(text);
    if (t !== null) views.push({ kind: 'escapes', text: t });
  }
  if (text.includes('.-') || text.includes('-.')) {
    const t = decodeMorse(text);
    if (t !== null) views.push({ kind: 'morse', text: t });
  }
  if (rot13Likely) views.push({ kind: 'rot13', text: rot13(text) });
  // Backwards as a whole: a reversed payload reads forwards, and whatever framed it reads backwards.
  if (reversedLikely) views.push({ kind: 'reversed', text: Array.from(text).reverse().join('') });
  const joined = reassemble(text);
  if (joined !== null) views.push({ kind: 'reassembled', text: joined });
  const unsplit = desmuggle(text);
  if (unsplit !== null) views.push({ kind: 'unsplit', text: unsplit });
  const spaced = spaceIdentifiers(text);
  if (spaced !== null) views.push({ kind: 'identifiers', text: spaced });
  const confusables = foldConfusables(text);
  if (confusables !== null) views.push({ kind: 'confusables', text: confusables });
  const leet = foldLeet(text);
  if (leet !== null) views.push({ kind: 'leet', text: leet });
  return views;
}
