/** Shared helpers for the evasion-class tests: the real detector, as a gateway policy would call it. */
import type { DetectContext, Finding } from '../../../types.js';
import { createPromptInjectionDetector } from '../index.js';

export const detector = createPromptInjectionDetector();
export const USER: DetectContext = { direction: 'input', role: 'user' };
export const TOOL: DetectContext = { direction: 'input', role: 'tool' };
/** The default policy threshold: a finding at or above it blocks. */
export const BLOCK_AT = 0.5;

export function blocking(text: string, context: DetectContext = USER): Finding[] {
  return detector.detect(text, context).filter((f) => f.score >= BLOCK_AT);
}
