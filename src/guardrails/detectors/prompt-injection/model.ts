/**
 * The linear classifier's scoring: weight decoding and the window scorer shared by the detector, training
 * and evaluation. The committed weights are loaded by `committed-model.ts`, so training never depends on them.
 */
import { HASH_SIZE, HashedFeatures, WINDOW, lineSpans, windowStarts } from './features.js';

export interface LinearModel {
  weights: Float32Array;
  bias: number;
  /** Logit of the operating point chosen on dev; the published score is sigmoid(logit - offset). */
  offset: number;
}

export interface WindowScore {
  /** Raw logit of the best window (before the offset). */
  logit: number;
  start: number;
  end: number;
}

/** Beyond this many windows the stride widens, so cost stays bounded on huge inputs. */
export const MAX_WINDOWS = 128;
/** Lines scored alone, at most this many per text. */
export const MAX_LINES = 128;

/** Decode Int16 quantised weights from base64. */
export function decodeWeights(base64: string, scale: number): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  if (q.length !== HASH_SIZE) throw new Error('prompt-injection weights: wrong size');
  const w = new Float32Array(HASH_SIZE);
  for (let i = 0; i < q.length; i++) w[i] = q[i]! * scale;
  return w;
}

/** Windows to score: overlapping up to MAX_WINDOWS, then evenly spread (gaps possible, rules still see all). */
export function scanWindows(length: number): number[] {
  const starts = windowStarts(length);
  if (starts.length <= MAX_WINDOWS) return starts;
  const out: number[] = [];
  const last = length - WINDOW;
  for (let i = 0; i < MAX_WINDOWS; i++) out.push(Math.round((last * i) / (MAX_WINDOWS - 1)));
  return out;
}

/** Highest-scoring window of text under a model. */
export function bestWindow(text: string, model: LinearModel, features: HashedFeatures): WindowScore {
  let best: WindowScore = { logit: -Infinity, start: 0, end: 0 };
  for (const start of scanWindows(text.length)) {
    const end = Math.min(text.length, start + WINDOW);
    features.extract(text, start, end);
    const logit = model.bias + features.dot(model.weights);
    if (logit > best.logit) best = { logit, start, end };
  }
  for (const [start, end] of lineSpans(text, MAX_LINES)) {
    features.extract(text, start, end, true);
    const logit = model.bias + features.dot(model.weights);
    if (logit > best.logit) best = { logit, start, end };
  }
  return best;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
