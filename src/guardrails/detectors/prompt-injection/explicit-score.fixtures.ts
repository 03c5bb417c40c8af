/**
 * The best unit logit of a text computed the slow way, from explicit feature vectors of every window,
 * line and sentence: what the prefix-sum scorer (model.ts) must equal. Shared by the exactness tests.
 */
import { lineMarkers } from './data-context.js';
import { TextGrams, WINDOW, unitVector, windowStarts } from './features.js';
import type { LinearModel } from './model.js';

export function explicitBestLogit(text: string, model: LinearModel, g = new TextGrams()): number {
  g.extract(text);
  const dot = (v: { idx: Int32Array; val: Float32Array }) => {
    let z = model.bias;
    for (let i = 0; i < v.idx.length; i++) z += model.scale * model.weights[v.idx[i]!]! * v.val[i]!;
    return z;
  };
  let best = -Infinity;
  for (const a of windowStarts(g.length)) best = Math.max(best, dot(unitVector(g, a, Math.min(g.length, a + WINDOW), [])));
  for (let k = 0; k < g.lines.count; k++) best = Math.max(best, dot(unitVector(g, g.lines.start[k]!, g.lines.end[k]!, lineMarkers(g, k))));
  for (let k = 0; k < g.sentences.count; k++) best = Math.max(best, dot(unitVector(g, g.sentences.start[k]!, g.sentences.end[k]!, [])));
  return best;
}
