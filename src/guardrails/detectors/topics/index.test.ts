import { describe, expect, it } from 'vitest';
import { createTopicsDetector } from './index.js';

const ctx = { direction: 'input' } as const;
const PROMPT = (
  'Please summarise the quarterly report for the finance team. Revenue grew 12% to $4.2M. ' +
  'The customer asked whether we can ship by Friday; reply politely and list three options. '
)
  .repeat(30)
  .slice(0, 4096);
const detector = createTopicsDetector({
  topics: {
    weapons: ['gun*', 'rifle', 'ammunition', 'build a bomb', 'explosive*'],
    gambling: ['casino', 'sports betting', 'poker'],
    violence: ['explosive*'],
  },
});

describe('topics detector', () => {
  it('scores a topic by its distinct terms and spans first to last hit', () => {
    const text = 'How do I build a  bomb with explosives and a rifle? Also, any rifle tips?';
    const findings = detector.detect(text, ctx);
    const weapons = findings.find((f) => f.type === 'weapons');
    expect(weapons).toMatchObject({ detector: 'topics', score: 0.875, start: 9, end: 67 });
    expect(weapons?.evidence).toBe('3 terms: build a bomb, explosive*, rifle');
    expect(findings.find((f) => f.type === 'violence')).toMatchObject({ score: 0.5, start: 28, end: 38 });
    expect(detector.detect('Which casino has the best POKER night?', ctx)).toEqual([
      { detector: 'topics', type: 'gambling', score: 0.75, start: 6, end: 31, evidence: '2 terms: casino, poker' },
    ]);
  });

  it('does not flag benign look-alikes', () => {
    for (const text of [PROMPT, 'The begun project', 'a shotgun wedding? no: a gunslinger', 'pokerface']) {
      const found = detector.detect(text, ctx).filter((f) => f.type !== 'weapons' || !text.includes('gunslinger'));
      expect(found, text).toEqual([]);
    }
    // A prefix term matches word starts only: "gunslinger" is a gun* word by design.
    expect(detector.detect('gunslinger', ctx)[0]?.type).toBe('weapons');
  });

  it('rejects bad config and never throws on random or huge input', () => {
    expect(() => createTopicsDetector({ topics: { x: 'casino' as unknown as string[] } })).toThrow(TypeError);
    expect(createTopicsDetector({ topics: {} }).detect('casino', ctx)).toEqual([]);
    expect(detector.detect('casino '.repeat(200_000), ctx)).toHaveLength(1);
    expect(detector.detect('g'.repeat(1_000_000), ctx)).toEqual([]);
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
  });
});
