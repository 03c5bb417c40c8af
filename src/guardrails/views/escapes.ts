import { ViewBuilder, type TextView } from './view.js';

/**
 * Escape sequences read back: `\u0067`, `\u{67}`, `\x67`, `%67`, `&#103;`, `&#x67;` and the common named
 * HTML entities. A secret written one escape per character passes every literal pattern.
 */

const ESCAPE =
  /\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|%([0-9a-fA-F]{2})|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});|&(amp|lt|gt|quot|apos|nbsp|lowbar|hyphen|period|colon|sol|equals|plus);/g;
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lowbar: '_',
  hyphen: '-',
  period: '.',
  colon: ':',
  sol: '/',
  equals: '=',
  plus: '+',
};
const MIN_ESCAPES = 4;

/** Cheap test: the text has a character that starts an escape. */
export function mayHaveEscapes(text: string): boolean {
  return text.includes('\\u') || text.includes('\\x') || text.includes('%') || text.includes('&');
}

/** The text with its escapes decoded, or null when it has fewer than four. */
export function escapesView(text: string): TextView | null {
  if (!mayHaveEscapes(text)) return null;
  const b = new ViewBuilder('escapes');
  let count = 0;
  let last = 0;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m !== null; m = ESCAPE.exec(text)) {
    let decoded: string;
    if (m[7] !== undefined) decoded = NAMED[m[7]] as string;
    else {
      const hex = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(m[6] as string, 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) continue;
      decoded = String.fromCodePoint(code);
    }
    b.copy(text, last, m.index);
    b.emit(decoded, m.index, m.index + m[0].length);
    last = m.index + m[0].length;
    count++;
  }
  if (count < MIN_ESCAPES) return null;
  b.copy(text, last, text.length);
  return b.build();
}
