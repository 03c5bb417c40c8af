/**
 * The folded alphabet of the suffix language model: case-folded Latin letters (accents stripped), one
 * digit class, each ASCII punctuation mark, one space class, and one class for any other Latin letter.
 * Everything else (other scripts, symbols, emoji) is BOUNDARY: not scored, and it breaks the context.
 * Case is folded because the benign corpus is too small to learn case; case oddities are scored apart.
 */

/** Symbol 0: start of text, or a skipped (masked / non-Latin) run. Never predicted, only a context. */
export const BOUNDARY = 0;
export const SPACE = 1;
const LETTER_A = 2;
export const DIGIT = 28;
const PUNCT_FIRST = 29;
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
export const OTHER_LATIN = PUNCT_FIRST + PUNCTUATION.length;
/** Number of symbols, BOUNDARY included. */
export const SYMBOLS = OTHER_LATIN + 1;

/** Code point -> symbol for U+0000..U+024F (Basic Latin to Latin Extended-B), built once. */
export const TABLE = new Uint8Array(0x250);

function build(): void {
  for (let c = 0; c < 0x250; c++) {
    const ch = String.fromCharCode(c);
    if (c < 0x80) continue;
    // Latin-1 / Extended letters fold to their base letter when NFD gives one (é -> e), else OTHER_LATIN.
    const base = ch.normalize('NFD').charCodeAt(0);
    if (base < 0x80 && /[a-z]/i.test(String.fromCharCode(base))) TABLE[c] = LETTER_A + (String.fromCharCode(base).toLowerCase().charCodeAt(0) - 97);
    else if (/\p{L}/u.test(ch)) TABLE[c] = OTHER_LATIN;
  }
  for (let c = 97; c <= 122; c++) {
    TABLE[c] = LETTER_A + c - 97;
    TABLE[c - 32] = LETTER_A + c - 97;
  }
  for (let c = 48; c <= 57; c++) TABLE[c] = DIGIT;
  for (let i = 0; i < PUNCTUATION.length; i++) TABLE[PUNCTUATION.charCodeAt(i)] = PUNCT_FIRST + i;
  for (const c of [9, 10, 11, 12, 13, 32, 0xa0]) TABLE[c] = SPACE;
}
build();

const SINGLE_QUOTE = TABLE[0x27] as number;
const DOUBLE_QUOTE = TABLE[0x22] as number;
const HYPHEN = TABLE[0x2d] as number;

/** The symbol of a UTF-16 code unit (surrogates and other scripts are BOUNDARY). */
export function symbolOf(code: number): number {
  if (code < 0x250) return TABLE[code] as number;
  // Typographic quotes and dashes are the ASCII ones in disguise: prose from word processors uses them.
  if (code === 0x2018 || code === 0x2019 || code === 0x2032) return SINGLE_QUOTE;
  if (code === 0x201c || code === 0x201d || code === 0x2033) return DOUBLE_QUOTE;
  if (code === 0x2013 || code === 0x2014 || code === 0x2010 || code === 0x2011) return HYPHEN;
  if (code === 0x2002 || code === 0x2003 || code === 0x2009 || code === 0x202f || code === 0x3000) return SPACE;
  return BOUNDARY;
}

/** True for punctuation symbols (runs of the same mark are collapsed, like runs of spaces). */
export function isPunctuation(symbol: number): boolean {
  return symbol >= PUNCT_FIRST && symbol < OTHER_LATIN;
}
