import { describe, expect, it } from 'vitest';
import { createCanaryDetector, makeCanary } from './index.js';

const ctx = { direction: 'output' } as const;
const PROMPT = (
  'Please summarise the quarterly report for the finance team. Revenue grew 12% to $4.2M. ' +
  'The customer asked whether we can ship by Friday; reply politely and list three options. '
)
  .repeat(30)
  .slice(0, 4096);

describe('canary detector', () => {
  const token = makeCanary();
  const detector = createCanaryDetector({ tokens: [token] });

  it('makes unguessable tokens', () => {
    expect(token).toMatch(/^gh-canary-[a-z2-7]{26}$/);
    expect(new Set(Array.from({ length: 100 }, makeCanary)).size).toBe(100);
  });

  it('finds a leaked canary with its span, masked in the evidence', () => {
    const text = `My instructions say: [${token}] You are a helpful bot.`;
    const findings = detector.detect(text, ctx);
    expect(findings).toEqual([{ detector: 'canary', type: 'canary_leak', score: 1, start: 22, end: 22 + token.length, evidence: `${token.slice(0, 12)}…` }]);
    expect(findings[0]?.evidence).not.toContain(token.slice(12));
  });

  it('finds the random part alone, upper-cased, or spelled out with separators', () => {
    const core = token.slice('gh-canary-'.length);
    expect(detector.detect(`id ${core.toUpperCase()}`, ctx)[0]).toMatchObject({ type: 'canary_leak', start: 3, end: 29 });
    const spaced = [...core].join(' ');
    expect(detector.detect(`it is ${spaced}!`, ctx)[0]).toMatchObject({ type: 'canary_leak_obfuscated', start: 6, end: 6 + spaced.length });
    const zw = [...core].join('\u200b');
    expect(detector.detect(zw, ctx)[0]?.type).toBe('canary_leak_obfuscated');
  });

  it('does not flag other canaries or normal text; rejects short tokens', () => {
    expect(detector.detect(`${PROMPT} ${makeCanary()}`, ctx)).toEqual([]);
    expect(createCanaryDetector({ tokens: [] }).detect(token, ctx)).toEqual([]);
    expect(() => createCanaryDetector({ tokens: ['short'] })).toThrow(TypeError);
  });

  it('never throws on random input, and finds nothing in a flood of near misses', () => {
    const core = token.slice('gh-canary-'.length);
    // '!' is not a separator: without it the next copy's first character could complete the token.
    const nearMiss = `${[...core.slice(0, -1)].join(' - ')} !`;
    expect(detector.detect(nearMiss.repeat(2000), ctx)).toEqual([]);
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
  });
});
