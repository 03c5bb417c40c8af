/**
 * Adversarial-suffix finding for the `prompt_injection` detector: the best window of the suffix model
 * (see scorer.ts) against the committed threshold, calibrated by scripts/train-suffix-lm.ts for <= 0.5%
 * FPR on benign texts of sources the model did not see. Pure and synchronous.
 */
import { decodeTable } from './lm.js';
import { SUFFIX_LM } from './lm-weights.js';
import type { SuffixScorer, SuffixWindow } from './scorer.js';

const TABLE = decodeTable(SUFFIX_LM.table);
/** Window value at which a finding is reported (score 0.5). */
export const SUFFIX_THRESHOLD = SUFFIX_LM.threshold;
/** Window value above the threshold at which the score saturates at 0.99. */
const SPAN = 1.5;

export interface SuffixFinding {
  score: number;
  start: number;
  end: number;
  window: SuffixWindow;
}

/** The best window of text under the committed model (no threshold): for evaluation and tests. */
export function suffixWindow(text: string, scorer: SuffixScorer): SuffixWindow {
  return scorer.best(text, TABLE);
}

/** A finding when text's best window reaches the threshold; its score grows from 0.5 to 0.99 over SPAN. */
export function detectSuffix(text: string, scorer: SuffixScorer): SuffixFinding | null {
  const window = scorer.best(text, TABLE);
  if (window.value < SUFFIX_THRESHOLD || looksBinary(text, window.start, window.end)) return null;
  const score = 0.5 + 0.49 * Math.min(1, (window.value - SUFFIX_THRESHOLD) / SPAN);
  return { score, start: window.start, end: window.end, window };
}

/**
 * Bytes read as text (a decoded image or archive) are gibberish too, but no one typed them: optimised
 * suffixes are printable tokens. A window with a control character, U+FFFD, or mostly non-ASCII code
 * units is not a suffix.
 */
function looksBinary(text: string, start: number, end: number): boolean {
  let wide = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) return true;
    if (c >= 0x80) wide++;
  }
  return wide * 3 > end - start;
}

export { SuffixScorer } from './scorer.js';
