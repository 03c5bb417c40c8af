/**
 * Indirect injection: an instruction or question addressed to the assistant, sitting inside data (a line
 * of an e-mail, a line between table rows). The same words sent as a prompt are an ordinary request, so
 * word grams alone cannot tell them apart; these features exist only for lines with a data context marker,
 * letting the model learn "sentence starting with an imperative or question word, inside data" on its own:
 * the first word of each sentence of the line, that word's class, and a line ending in a question mark.
 */
import { mix } from './hashing.js';
import { LINE_MARKER } from './lines.js';
import type { TextGrams } from './features.js';

const SEED_DATA_START = 0x64617461;
const SEED_DATA_CLASS = 0x64636c73;
/** A data line that ends in '?': a question put to whoever reads the data. */
export const DATA_QUESTION = mix(0x64713f3f);
const QUESTION = 63;

/** Calls `emit` with the feature index of every data-context feature of the data line [a, b). */
export function forEachDataFeature(g: TextGrams, a: number, b: number, emit: (index: number) => void): void {
  const starts = g.sStart;
  let lo = 0;
  let hi = g.sCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < a) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < g.sCount && starts[k]! < b; k++) {
    emit(mix(g.sHash[k]! ^ SEED_DATA_START));
    const cls = g.sClass[k]!;
    if (cls >= 0) emit(mix(Math.imul(cls + 1, 0x27d4eb2d) ^ SEED_DATA_CLASS));
  }
  let end = b;
  while (end > a && g.codes[end - 1] === 32) end--;
  if (end > a && g.codes[end - 1] === QUESTION) emit(DATA_QUESTION);
}

/** Feature indices of the data line [a, b) (training builds unit vectors from these). */
export function dataFeatures(g: TextGrams, a: number, b: number): number[] {
  const out: number[] = [];
  forEachDataFeature(g, a, b, (i) => out.push(i));
  return out;
}

/** Summed quantised weight of the data line's features (the scorer adds it unscaled, like markers). */
export function dataWeight(g: TextGrams, w: Int16Array, a: number, b: number): number {
  let sum = 0;
  forEachDataFeature(g, a, b, (i) => {
    sum += w[i]!;
  });
  return sum;
}

/** Markers of line k of g (any line, its context, and the data features of a line in context), as scored. */
export function lineMarkers(g: TextGrams, k: number): number[] {
  const ctx = g.lines.context[k]!;
  return ctx === 0 ? [LINE_MARKER] : [LINE_MARKER, ctx, ...dataFeatures(g, g.lines.start[k]!, g.lines.end[k]!)];
}
