/** Letters that NFD does not decompose into a base letter plus a mark. */
const SPECIAL: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ð: 'd', þ: 'th', ł: 'l', ß: 'ss', đ: 'd', ı: 'i', ħ: 'h' };
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at NUL on purpose (anything past ASCII)
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;
const SPECIALS = /[øæœðþłßđıħ]/g;

/**
 * Lower-cases a word and folds it to ASCII ("Šárka" -> "sarka", "Jørgen" -> "jorgen"), so one gazetteer
 * entry matches every spelling. Most words are ASCII, which skips the normalisation entirely.
 */
export function foldName(word: string): string {
  return foldLower(word.toLowerCase());
}

/** foldName for a word that is already lower-case. */
export function foldLower(lower: string): string {
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(SPECIALS, (c) => SPECIAL[c] ?? c)
    .replace(/’/g, "'");
}
