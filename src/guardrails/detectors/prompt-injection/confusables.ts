/**
 * Look-alike spellings folded to plain Latin for the injection detector's decoded views: full-width forms
 * (`Ｉｇｎｏｒｅ`), small capitals (`ɪɢɴᴏʀᴇ`), Cyrillic and Greek letters that look Latin mixed into Latin words (`Іgnоrе аll рrеvіоus`), and
 * leetspeak (`1gn0r3 4ll pr3v10u5`). Each is gated on a cheap test, so ordinary text, including Russian or
 * Greek prose (no word mixes scripts), gets no view.
 */

/** Cyrillic and Greek letters drawn like a Latin one. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Ӏ: 'I',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  ε: 'e',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const HOMOGLYPH_CHARS = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
/** Small capitals (IPA and phonetic extensions): `ɪɢɴᴏʀᴇ ʏᴏᴜʀ ᴘʀᴇᴠɪᴏᴜs ɪɴsᴛʀᴜᴄᴛɪᴏɴs`. */
const SMALL_CAPS: Record<string, string> = {
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ǫ: 'q',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const SMALL_CAP_CHARS = new RegExp(`[${Object.keys(SMALL_CAPS).join('')}]`, 'g');
/** Any Greek, Cyrillic, full-width or small-capital character at all: Latin-only text (most of it) stops here. */
const RARE_SCRIPT = /[\u0262-\u029f\u01eb\u0370-\u04ff\u1d00-\u1d22\ua730\ua731\uff01-\uff5e]/;
/** A leet digit before a letter (led by the digit class, so the scan stops only at digits). */
const LEET_BEFORE_LETTER = /[01345789@$][a-z]/gi;

/** A word in which a Latin letter touches a Cyrillic or Greek one. */
const MIXED_WORD = /[\p{L}\p{N}]*(?:[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z])[\p{L}\p{N}]*/giu;
/** Digits and signs read as letters in leetspeak. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
/** A word of letters and leet digits with at least one of each. */
const LEET_WORD = /(?<![\w@$])(?=[a-z@$]*[01345789])(?=[01345789@$]*[a-z])[a-z01345789@$]{3,}(?![\w@$])/gi;
/** Fewer leet words than this is a model number or a hash fragment, not a sentence in leetspeak. */
const MIN_LEET_WORDS = 3;

const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** A full-width form, or a Latin letter next to a Cyrillic or Greek one: one pass of charCodeAt (a regex led by [a-z] cost 3-4 times more). */
function mixesScripts(text: string): boolean {
  if (!RARE_SCRIPT.test(text)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x370) continue;
    if ((c >= 0xff01 && c <= 0xff5e) || SMALL_CAPS[text.charAt(i)] !== undefined) return true;
    if (c <= 0x4ff && (isAsciiLetter(text.charCodeAt(i - 1)) || isAsciiLetter(text.charCodeAt(i + 1)))) return true;
  }
  return false;
}

/** At least MIN_LEET_WORDS leet digits between two letters: the cheap gate. */
function leetHints(text: string): boolean {
  LEET_BEFORE_LETTER.lastIndex = 0;
  let hints = 0;
  for (let m = LEET_BEFORE_LETTER.exec(text); m !== null; m = LEET_BEFORE_LETTER.exec(text)) {
    if (isAsciiLetter(text.charCodeAt(m.index - 1)) && ++hints >= MIN_LEET_WORDS) return true;
    LEET_BEFORE_LETTER.lastIndex = m.index + 1;
  }
  return false;
}

/** Full-width forms and script-mixed words folded to Latin; null when the text has neither. */
export function foldConfusables(text: string): string | null {
  if (!mixesScripts(text)) return null;
  const wide = text.normalize('NFKC');
  const folded = wide
    .replace(MIXED_WORD, (word) => word.replace(HOMOGLYPH_CHARS, (c) => HOMOGLYPHS[c] ?? c))
    .replace(SMALL_CAP_CHARS, (c) => SMALL_CAPS[c] ?? c);
  return folded === text ? null : folded;
}

/** Leetspeak words spelt out; null unless at least MIN_LEET_WORDS words are written so. */
export function foldLeet(text: string): string | null {
  if (!leetHints(text)) return null;
  let words = 0;
  const folded = text.replace(LEET_WORD, (word) => {
    words++;
    return word.replace(/[01345789@$]/g, (c) => LEET[c] ?? c);
  });
  return words >= MIN_LEET_WORDS ? folded : null;
}
