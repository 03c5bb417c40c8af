/**
 * Adversarial-suffix finding for the `prompt_injection` detector: the best window of the suffix model
 * (see scorer.ts) against the committed thresholds, calibrated by scripts/train-suffix-lm.ts on benign
 * texts of sources the model did not see: <= 0.1% FPR anywhere, <= 0.5% after a harmful request (a GCG
 * attack's shape). Pure and synchronous.
 */
import { asksForHarmNotDefence } from '../harmful-ask.js';
import { decodeTable } from './lm.js';
import { SUFFIX_LM } from './lm-weights.js';
import type { SuffixScorer, SuffixWindow } from './scorer.js';

const TABLE = decodeTable(SUFFIX_LM.table);
/** Window value at which a finding is reported (score 0.5). */
export const SUFFIX_THRESHOLD = SUFFIX_LM.threshold;
/** The lower value that suffices in a text asking for something harmful (a request, then the suffix). */
export const SUFFIX_AFTER_HARM = SUFFIX_LM.afterHarm;
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

/**
 * A finding when text's best window reaches the threshold; its score grows from 0.5 to 0.99 over SPAN.
 * `table`: the committed model unless evaluation passes one trained without the source being scored.
 */
export function detectSuffix(text: string, scorer: SuffixScorer, table: Uint8Array = TABLE): SuffixFinding | null {
  const window = scorer.best(text, table);
  const threshold = thresholdMet(window.value, text, SUFFIX_THRESHOLD, SUFFIX_AFTER_HARM);
  if (threshold === null || looksBinary(text, window.start, window.end)) return null;
  const score = 0.5 + 0.49 * Math.min(1, (window.value - threshold) / SPAN);
  return { score, start: window.start, end: window.end, window };
}

/**
 * The threshold a window's value meets, or null: `threshold` anywhere, the lower `afterHarm` only in a text that
 * asks for harm (benign text reaches it 0.5% of the time; next to a harmful ask it almost never does). The trainer
 * calls this with the thresholds it is choosing.
 */
export function thresholdMet(value: number, text: string, threshold: number, afterHarm: number): number | null {
  if (value >= threshold) return threshold;
  return value >= afterHarm && asksForHarmNotDefence(text) ? afterHarm : null;
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
