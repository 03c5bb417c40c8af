/**
 * The committed model: weights decoded once at module load from the generated `weights.ts` (a .ts module,
 * so it ships in dist; tsc does not copy .json files).
 */
import { STRIDE, WINDOW } from './features.js';
import { decodeWeights, type LinearModel } from './model.js';
import { WEIGHTS } from './weights.js';

export const MODEL: LinearModel = {
  weights: decodeWeights(WEIGHTS.weights),
  scale: WEIGHTS.scale,
  bias: WEIGHTS.bias,
  offset: WEIGHTS.offset,
};

/** Training metadata (what it was trained on, lambda, windows) plus the window geometry. */
export const MODEL_INFO: Record<string, string | number> = { ...WEIGHTS.meta, window: WINDOW, stride: STRIDE };
