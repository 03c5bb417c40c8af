import { describe, expect, it } from 'vitest';
import { createKeywordsDetector } from './index.js';

const ctx = { direction: 'output' } as const;
const PROMPT = (
  'Please summarise the quarterly report for the finance team. The confidential details are in the appendix; ' +
  'reply politely and list three options. Internal discussions continue on Friday. '
)
  .repeat(30)
  .slice(0, 4096);

describe('keywords detector', () => {
  it('flags classification markers by default, case-sensitively, with spans', () => {
    const detector = createKeywordsDetector();
    const text = 'Header: STRICTLY CONFIDENTIAL\nFooter: SECRET//NOFORN and INTERNAL  ONLY';
    expect(detector.detect(text, ctx)).toEqual([
      { detector: 'keywords', type: 'classification', score: 1, start: 8, end: 29, evidence: 'classification: STRICTLY CONFIDENTIAL' },
      { detector: 'keywords', type: 'classification', score: 1, start: 38, end: 52, evidence: 'classification: SECRET//NOFORN' },
      { detector: 'keywords', type: 'classification', score: 1, start: 57, end: 71, evidence: 'classification: INTERNAL ONLY' },
    ]);
  });

  it('does not flag prose or partial words by default', () => {
    const detector = createKeywordsDetector();
    for (const text of [PROMPT, 'CONFIDENTIALITY agreement', 'NONCONFIDENTIAL', 'keep this confidential']) {
      expect(detector.detect(text, ctx), text).toEqual([]);
    }
  });

  it('supports custom lists, case-insensitivity and substring matching', () => {
    const detector = createKeywordsDetector({ lists: { codenames: ['Project Falcon', 'bluebird'], both: ['bluebird'] } });
    const findings = detector.detect('About project  FALCON and BlueBird.', ctx);
    expect(findings.map((f) => [f.type, f.start, f.end])).toEqual([
      ['codenames', 6, 21],
      ['codenames', 26, 34],
      ['both', 26, 34],
    ]);
    expect(detector.detect('bluebirds', ctx)).toEqual([]);
    const sub = createKeywordsDetector({ lists: { x: ['bird'] }, wholeWord: false });
    expect(sub.detect('bluebirds', ctx)).toHaveLength(1);
    expect(createKeywordsDetector({ lists: { x: ['Bird'] }, caseSensitive: true }).detect('bird', ctx)).toEqual([]);
  });

  it('escapes regex metacharacters in terms and rejects bad config', () => {
    const detector = createKeywordsDetector({ lists: { sym: ['a.b', '(x)'] } });
    expect(detector.detect('axb a.b (x)', ctx).map((f) => f.start)).toEqual([4, 8]);
    expect(() => createKeywordsDetector({ lists: { bad: 'nope' as unknown as string[] } })).toThrow(TypeError);
    expect(createKeywordsDetector({ lists: {} }).detect('anything', ctx)).toEqual([]);
  });

  it('never throws on random or huge input', () => {
    const detector = createKeywordsDetector();
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
    // 100,000 hits, capped at 200 findings: the cost of a flood is bounded by the cap, not the input.
    expect(detector.detect('CONFIDENTIAL '.repeat(100_000), ctx)).toHaveLength(200);
    expect(detector.detect('A'.repeat(1_000_000), ctx)).toEqual([]);
  });
});
