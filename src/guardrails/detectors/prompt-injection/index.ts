/**
 * `prompt_injection` detector: high-precision rules (named types with spans) plus a hashed n-gram logistic
 * regression scored over bounded windows. Pure and synchronous; never throws.
 */
import type { DetectContext, Detector, Finding } from '../../types.js';
import { HashedFeatures } from './features.js';
import { MODEL } from './committed-model.js';
import { bestWindow, sigmoid } from './model.js';
import { matchRules } from './rules.js';

export interface PromptInjectionOptions {
  /** Minimum classifier score for a 'classifier' finding. 0.5 is the operating point chosen on dev (FPR <= 1%). */
  threshold?: number;
}

/** Rules in tool results and documents are more likely indirect injection: a small boost, capped below 1. */
const TOOL_BOOST = 0.02;

/** Combined score (max of rule scores and classifier score) and the classifier's best window. */
export interface InjectionScore {
  score: number;
  classifier: number;
  start: number;
  end: number;
}

/** Classifier score of text (calibrated so 0.5 is the default operating point). */
export function classifierScore(text: string, features: HashedFeatures): InjectionScore {
  if (text.length === 0) return { score: 0, classifier: 0, start: 0, end: 0 };
  const w = bestWindow(text, MODEL, features);
  const s = sigmoid(w.logit - MODEL.offset);
  return { score: s, classifier: s, start: w.start, end: w.end };
}

export function createPromptInjectionDetector(options: PromptInjectionOptions = {}): Detector {
  const threshold = options.threshold ?? 0.5;
  const features = new HashedFeatures();
  return {
    name: 'prompt_injection',
    detect: function detectPromptInjection(text: string, context: DetectContext): Finding[] {
      try {
        if (typeof text !== 'string' || text.length === 0) return [];
        const boost = context?.role === 'tool' ? TOOL_BOOST : 0;
        const findings: Finding[] = matchRules(text).map((m) => ({
          detector: 'prompt_injection',
          type: m.rule.type,
          score: Math.min(0.99, m.rule.score + boost),
          start: m.start,
          end: m.end,
          evidence: `rule:${m.rule.id}`,
        }));
        const c = classifierScore(text, features);
        if (c.classifier >= threshold) {
          findings.push({
            detector: 'prompt_injection',
            type: 'classifier',
            score: round(c.classifier),
            start: c.start,
            end: c.end,
            evidence: `classifier:${round(c.classifier)}`,
          });
        }
        return findings;
      } catch {
        // A detector never throws; an internal fault reports a finding so policies fail closed on it.
        return [{ detector: 'prompt_injection', type: 'detector_error', score: 1, start: 0, end: 0, evidence: 'internal_error' }];
      }
    },
  };
}

/** Max finding score with the classifier always counted (threshold 0): what evaluation ranks by. */
export function scorePromptInjection(text: string, features = new HashedFeatures()): InjectionScore {
  const c = classifierScore(text, features);
  let score = c.classifier;
  for (const m of matchRules(text)) score = Math.max(score, m.rule.score);
  return { ...c, score };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export { matchRules, RULES } from './rules.js';
export type { InjectionRuleType } from './rules.js';
