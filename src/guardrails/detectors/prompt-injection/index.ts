/**
 * `prompt_injection` detector: high-precision rules (named types with spans) plus a hashed n-gram logistic
 * regression scored over bounded units (windows, lines, sentences and sentence pairs; the maximum counts, so
 * padding cannot dilute an attack), on the text and on its decoded views (escapes, Morse, rot13, payloads
 * reassembled from parts, smuggled words rejoined), plus an adversarial-suffix finding from a char model of
 * benign text (suffix/). Pure and synchronous; never throws. See docs/guardrails.md.
 */
import type { DetectContext, Detector, Finding } from '../../types.js';
import { analyse, type Analysis } from './analysis.js';
import { MODEL } from './committed-model.js';
import { UnitScorer, sigmoid } from './model.js';
import { countsInUserMessage, userMessageRuleScore } from './embedded-data.js';
import { ruleApplies } from './rules.js';

export interface PromptInjectionOptions {
  /** Minimum classifier score for a 'classifier' finding. 0.5 is the operating point calibrated for FPR <= 0.5% on pooled leave-one-source-out benign texts (scripts/train-injection.ts, CALIBRATION_FPR). */
  threshold?: number;
}

/** Rules in tool results and documents are more likely indirect injection: a small boost, capped below 1. */
const TOOL_BOOST = 0.02;

/** Combined score (max of rule scores and classifier score) and the classifier's best unit. */
export interface InjectionScore {
  score: number;
  classifier: number;
  start: number;
  end: number;
}

function classifierOf(a: Analysis): number {
  return sigmoid(a.unit.logit - MODEL.offset);
}

/** Creates the detector. It owns one reusable scorer: detect is synchronous, so calls never interleave. */
export function createPromptInjectionDetector(options: PromptInjectionOptions = {}): Detector {
  const threshold = options.threshold ?? 0.5;
  const scorer = new UnitScorer();
  return {
    name: 'prompt_injection',
    detect: function detectPromptInjection(text: string, context: DetectContext): Finding[] {
      try {
        if (typeof text !== 'string' || text.length === 0) return [];
        const a = analyse(text, MODEL, scorer);
        return findingsOf(text, a, context, threshold);
      } catch {
        // A detector never throws; an internal fault reports a finding so policies fail closed on it.
        return [{ detector: 'prompt_injection', type: 'detector_error', score: 1, start: 0, end: 0, evidence: 'internal_error' }];
      }
    },
  };
}

/** The findings of one analysis: rules (whole text and decoded views), the suffix, and the classifier at the threshold. */
function findingsOf(text: string, a: Analysis, context: DetectContext, threshold: number): Finding[] {
  const boost = context?.role === 'tool' ? TOOL_BOOST : 0;
  const inData = context?.role === 'tool' || context?.part === 'file_text' || context?.part === 'document';
  const counts = countsInUserMessage(text);
  const findings: Finding[] = a.rules
    .filter((m) => inData || counts(m))
    .map((m) => ({
      detector: 'prompt_injection',
      type: m.rule.type,
      score: Math.min(0.99, m.rule.score + boost),
      start: m.start,
      end: m.end,
      evidence: `rule:${m.rule.id}`,
    }));
  for (const { view, match } of a.decodedRules) {
    if (!ruleApplies(match.rule.id, inData)) continue;
    findings.push({
      detector: 'prompt_injection',
      type: match.rule.type,
      score: Math.min(0.99, match.rule.score + boost),
      start: 0,
      end: text.length,
      evidence: `rule:${match.rule.id}:${view}`,
    });
  }
  // Strings pulled out of binary bytes are gibberish no one typed: not an optimised suffix.
  if (a.suffix && context?.part !== 'binary_strings') {
    findings.push({
      detector: 'prompt_injection',
      type: 'adversarial_suffix',
      score: round(a.suffix.score),
      start: a.suffix.start,
      end: a.suffix.end,
      evidence: `suffix:${a.suffix.window.value.toFixed(2)}`,
    });
  }
  const c = classifierOf(a);
  if (c >= threshold) {
    findings.push({
      detector: 'prompt_injection',
      type: 'classifier',
      score: round(c),
      start: a.unit.start,
      end: a.unit.end,
      evidence: `classifier:${round(c)}${languageTag(a)}${a.view ? `:${a.view}` : ''}`,
    });
  }
  return findings;
}

/** Max finding score with the classifier always counted (threshold 0): what evaluation ranks by. */
export function scorePromptInjection(text: string, scorer = new UnitScorer()): InjectionScore {
  if (text.length === 0) return { score: 0, classifier: 0, start: 0, end: 0 };
  const a = analyse(text, MODEL, scorer);
  const classifier = classifierOf(a);
  // Scored as a user's own message: rules that count only inside data do so only in pasted data.
  const score = Math.max(classifier, userMessageRuleScore(text, a));
  return { score, classifier, start: a.unit.start, end: a.unit.end };
}

/** ":lang=ru-Cyrl" for a text not in English (the language guess of the lexicon pass), else "". */
function languageTag(a: Analysis): string {
  const { lang, script } = a.language;
  if (lang === 'en' || lang === 'und') return '';
  return `:lang=${lang.includes('-') ? lang : `${lang}-${script}`}`;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export { matchRules, RULES } from './rules.js';
export type { InjectionRuleType } from './rules.js';
