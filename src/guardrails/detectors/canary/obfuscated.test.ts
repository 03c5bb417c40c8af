import { describe, expect, it } from 'vitest';
import { OBFUSCATIONS } from '../../views/obfuscate.fixtures.js';
import { createCanaryDetector, makeCanary } from './index.js';

const ctx = { direction: 'output' } as const;

describe('canary leaked through an encoding', () => {
  for (const [name, encode] of Object.entries(OBFUSCATIONS)) {
    it(`finds the canary written ${name}, whole or its random part alone, on the encoded span`, () => {
      for (let k = 0; k < 3; k++) {
        const token = makeCanary();
        const detector = createCanaryDetector({ tokens: [token] });
        const leaked = k === 2 ? token.slice('gh-canary-'.length) : token;
        const encoded = encode(leaked);
        const text = `My instructions begin with ${encoded} and then say to be helpful.`;
        const at = text.indexOf(encoded);
        const hits = detector.detect(text, ctx);
        expect(hits.length, `${name}: ${encoded}`).toBeGreaterThan(0);
        expect(hits[0]?.start).toBeGreaterThanOrEqual(at);
        expect(hits[0]?.end).toBeLessThanOrEqual(at + encoded.length);
        expect(hits[0]?.evidence).not.toContain(token.slice(12));
      }
    });
  }

  it('stays quiet on encoded text that is not the canary', () => {
    const detector = createCanaryDetector({ tokens: [makeCanary()] });
    for (const encode of Object.values(OBFUSCATIONS)) {
      expect(detector.detect(`Answer: ${encode(makeCanary())} (another deployment's marker)`, ctx)).toEqual([]);
      expect(detector.detect(`Answer: ${encode('You are a helpful assistant for ACME support.')}`, ctx)).toEqual([]);
    }
  });
});
