/**
 * Sentences scored alone. A window mixes an injected sentence with whatever surrounds it, so filler text
 * around "ignore your instructions" dilutes it; a sentence unit (and a pair of consecutive sentences, for
 * two-sentence attacks) has the same grams as the sentence sent on its own, whatever pads it. Units carry
 * no marker: a padded sentence scores what the bare sentence scores.
 */
import type { LineSpans } from './lines.js';

/** Sentences shorter than this (normalised units) are not scored alone. */
export const MIN_SENTENCE = 16;
const SPACE = 32;

/**
 * Sentence units of codes[0, length) into `spans`: the pieces between line breaks and sentence stops
 * (both ascending offsets), trimmed, then widened by the one boundary space on each side that a text sent
 * alone also has; single pieces MIN_SENTENCE..maxLength long and consecutive pairs up to maxLength. A text
 * that is one piece gets none (its windows are the same unit).
 */
export function findSentences(
  spans: LineSpans,
  codes: Uint16Array,
  length: number,
  lineBreaks: readonly number[],
  stops: readonly number[],
  maxLength: number,
): void {
  spans.count = 0;
  if (stops.length === 0 && lineBreaks.length === 0) return;
  const pieces: number[] = [];
  let i = 0;
  let j = 0;
  let from = 0;
  for (;;) {
    const next = Math.min(i < lineBreaks.length ? lineBreaks[i]! : length, j < stops.length ? stops[j]! : length);
    let a = from;
    let b = next;
    while (a < b && codes[a] === SPACE) a++;
    while (b > a && codes[b - 1] === SPACE) b--;
    if (b > a) pieces.push(a > 0 && codes[a - 1] === SPACE ? a - 1 : a, b < length && codes[b] === SPACE ? b + 1 : b);
    if (next >= length) break;
    from = next;
    while (i < lineBreaks.length && lineBreaks[i]! <= from) i++;
    while (j < stops.length && stops[j]! <= from) j++;
  }
  if (pieces.length < 4) return;
  for (let k = 0; k < pieces.length; k += 2) {
    const a = pieces[k]!;
    const b = pieces[k + 1]!;
    if (b - a >= MIN_SENTENCE && b - a <= maxLength) spans.push(a, b, 0);
    if (k + 2 < pieces.length && pieces[k + 3]! - a <= maxLength) spans.push(a, pieces[k + 3]!, 0);
  }
}
