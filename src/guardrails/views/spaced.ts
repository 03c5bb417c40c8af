import { ViewBuilder, type TextView } from './view.js';

/**
 * Characters spelled out one at a time with the same separator between each: `g h p _ a 1 B ...`,
 * `s.k.-.p.r.o.j`, `A | K | I | A`. Runs of ten or more such characters are joined; the rest of the text
 * is copied. Prose never has ten single characters in a row with one repeated separator.
 */

const MIN_CHARS = 10;
const SEP = '[ .,|*/:\\t\\u00a0\\u00b7-]{1,3}';
// Five standalone characters with separators between: a superset of any run the scan below accepts, tested
// by the regex engine several times faster than the scan on text that has none (almost all text).
const PREFILTER = new RegExp(`(?<![!-~])[!-~]${SEP}[!-~]${SEP}[!-~]${SEP}[!-~]${SEP}[!-~]`);

// Lookup tables: the scan runs over every text, so one array read per character instead of comparisons.
const SEPARATOR = new Uint8Array(256);
for (const c of ' \u00a0.,|-*/:\u00b7\t') SEPARATOR[c.charCodeAt(0)] = 1;
const GLYPH = new Uint8Array(256);
for (let c = 0x21; c < 0x7f; c++) GLYPH[c] = 1;

function isSeparator(c: number): boolean {
  return c < 256 && SEPARATOR[c] === 1;
}

function isGlyph(c: number): boolean {
  return c < 256 && GLYPH[c] === 1;
}

/** Length of the separator after position i (1 to 3 characters, e.g. ` `, `, `, ` - `), or 0. */
function separatorAt(text: string, i: number): number {
  let n = 0;
  while (n < 3 && i + n < text.length && isSeparator(text.charCodeAt(i + n))) n++;
  return n;
}

/** End of the spaced run starting at i with the given separator, and how many characters it spells. */
function runFrom(text: string, i: number, sep: string): { end: number; count: number } {
  let count = 1;
  let j = i + 1;
  while (text.startsWith(sep, j) && isGlyph(text.charCodeAt(j + sep.length))) {
    const k = j + sep.length;
    // The spelled character must stand alone: followed by the separator again or by the end of the run.
    const after = text.charCodeAt(k + 1);
    if (k + 1 < text.length && !text.startsWith(sep, k + 1) && isGlyph(after)) break;
    count++;
    j = k + 1;
  }
  return { end: j, count };
}

/** The text with spelled-out runs joined, or null when there is none. */
export function spacedView(text: string): TextView | null {
  if (!PREFILTER.test(text)) return null;
  let b: ViewBuilder | null = null;
  let last = 0;
  let previousGlyph = false;
  const n = text.length - 2;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const glyph = c < 256 && GLYPH[c] === 1;
    // Only a character standing alone (no glyph before it, a separator after it) can start a run.
    if (!glyph || previousGlyph) {
      previousGlyph = glyph;
      continue;
    }
    previousGlyph = true;
    const next = text.charCodeAt(i + 1);
    if (next >= 256 || SEPARATOR[next] !== 1) continue;
    const len = separatorAt(text, i + 1);
    if (!isGlyph(text.charCodeAt(i + 1 + len))) continue;
    const sep = text.slice(i + 1, i + 1 + len);
    const { end, count } = runFrom(text, i, sep);
    if (count < MIN_CHARS) continue;
    b ??= new ViewBuilder('spaced');
    b.copy(text, last, i);
    for (let k = i; k < end; k += 1 + len) b.copy(text, k, k + 1);
    last = end;
    i = end - 1;
    previousGlyph = true;
  }
  if (b === null) return null;
  b.copy(text, last, text.length);
  return b.build();
}
