import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * Refusal detector: the model declined ("I can't help with that", "As an AI ..."). Used by monitoring to
 * spot over-refusal and by evaluations of guardrail profiles, not to block. A refusal in the first
 * 200 characters is the answer itself and scores higher than one buried in a long reply.
 */

export interface RefusalDetectorOptions {
  /** Characters from the start within which a refusal keeps its full score. Default 200. */
  leadWindow?: number;
}

interface Rule {
  type: string;
  score: number;
  re: RegExp;
}

const A = "['’]"; // models emit both straight and curly apostrophes
const CANT = `(?:can${A}?t|cannot|can not|won${A}t|will not|am unable to|${A}m unable to|am not able to|${A}m not able to)`;

const RULES: readonly Rule[] = [
  { type: 'apology_refusal', score: 0.95, re: new RegExp(`\\bI(?:${A}m| am) (?:sorry|afraid),? (?:but )?I ${CANT}`, 'gi') },
  {
    type: 'direct_refusal',
    score: 0.9,
    re: new RegExp(`\\bI ${CANT} (?:help|assist|comply|provide|do that|do this|fulfill|support|create|generate|write|answer|engage|share|give)`, 'gi'),
  },
  { type: 'direct_refusal', score: 0.9, re: /\bI must (?:respectfully )?(?:decline|refuse)\b|\bI (?:have to|need to) decline\b/gi },
  {
    type: 'policy_refusal',
    score: 0.85,
    re: new RegExp(`\\b(?:that${A}s|that is|this is) (?:not something I can|against my (?:guidelines|policies|programming))`, 'gi'),
  },
  {
    type: 'policy_refusal',
    score: 0.7,
    re: /\b(?:violates?|goes against) (?:my|our|the|OpenAI's|Anthropic's) (?:content |usage |safety )?(?:policy|policies|guidelines)/gi,
  },
  { type: 'apology_refusal', score: 0.7, re: /\bI apologi[sz]e,? but\b/gi },
  { type: 'limitation', score: 0.6, re: new RegExp(`\\bI(?:${A}m| am) not (?:able|allowed|permitted) to\\b`, 'gi') },
  { type: 'ai_disclaimer', score: 0.6, re: /\bAs an AI(?: language model| assistant| model|, I)?\b/gi },
];

/** Creates the refusal detector. */
export function createRefusalDetector(options: RefusalDetectorOptions = {}): Detector {
  const leadWindow = options.leadWindow ?? 200;

  function detectRefusal(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string') return [];
    const findings: Finding[] = [];
    for (const rule of RULES) {
      let count = 0;
      for (const m of text.matchAll(rule.re)) {
        if (++count > 20) break;
        const score = m.index < leadWindow ? rule.score : Math.round(rule.score * 0.7 * 100) / 100;
        findings.push({ detector: 'refusal', type: rule.type, score, start: m.index, end: m.index + m[0].length, evidence: `rule:${rule.type}` });
      }
    }
    return findings;
  }

  return { name: 'refusal', detect: detectRefusal };
}
