import { describe, expect, it } from 'vitest';
import { createRefusalDetector } from './index.js';
import { floodsFor } from '../detector-floods.fixtures.js';

const ctx = { direction: 'output' } as const;
const detector = createRefusalDetector();
const PROMPT = (
  'Here is the summary of the quarterly report for the finance team. Revenue grew 12% to $4.2M. ' +
  'I can help with the shipping question: we can ship by Friday, and I cannot wait to see the results. '
)
  .repeat(30)
  .slice(0, 4096);

describe('refusal detector', () => {
  it('detects refusals in several phrasings with spans', () => {
    expect(detector.detect("I'm sorry, but I can't help with that.", ctx)).toEqual([
      { detector: 'refusal', type: 'apology_refusal', score: 0.95, start: 0, end: 22, evidence: 'rule:apology_refusal' },
      { detector: 'refusal', type: 'direct_refusal', score: 0.9, start: 15, end: 27, evidence: 'rule:direct_refusal' },
    ]);
    const cases: Array<[string, string]> = [
      ['I cannot assist with creating malware.', 'direct_refusal'],
      ['I won’t provide instructions for that.', 'direct_refusal'],
      ['I must respectfully decline this request.', 'direct_refusal'],
      ["That's not something I can do.", 'policy_refusal'],
      ['This request violates our usage policies.', 'policy_refusal'],
      ['I apologize, but that is off limits.', 'apology_refusal'],
      ['As an AI language model, I do not have opinions.', 'ai_disclaimer'],
      ["I'm not able to browse the internet.", 'limitation'],
    ];
    for (const [text, type] of cases)
      expect(
        detector.detect(text, ctx).map((f) => f.type),
        text,
      ).toContain(type);
  });

  it('scores a refusal buried deep in a long answer lower', () => {
    const late = `${'Here is a long helpful answer. '.repeat(20)}I cannot help with the last part.`;
    expect(detector.detect(late, ctx)).toEqual([expect.objectContaining({ type: 'direct_refusal', score: 0.63 })]);
  });

  it('does not flag helpful answers that share the words', () => {
    for (const text of [PROMPT, "I can't wait to help you!", 'Sorry for the delay, here is the code.', 'The AI model is trained as an assistant.']) {
      expect(detector.detect(text, ctx), text).toEqual([]);
    }
  });

  it('never throws on random input, and finds nothing in floods of refusal openers', () => {
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
    for (const { text, findings } of floodsFor('refusal')) expect(detector.detect(text, ctx), text.slice(0, 12)).toHaveLength(findings);
  });
});
