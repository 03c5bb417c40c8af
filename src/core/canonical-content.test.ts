import { describe, expect, it } from 'vitest';
import { canonicalContentJson, canonicalJson } from './canonical.js';

describe('canonicalContentJson (stored content) vs canonicalJson (chain entries)', () => {
  it('keeps lone surrogates as escapes, in values and keys, and parses back to the same strings', () => {
    const value = { b: 'x\ud800y', a: ['\udfff', 'pair \ud83d\ude00'], '\udc00k': 1 };
    const text = canonicalContentJson(value);
    expect(text).toBe('{"a":["\\udfff","pair \u{1f600}"],"b":"x\\ud800y","\\udc00k":1}');
    expect((text as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('writes NaN and Infinity as null, as JSON.stringify sent them; the chain refuses them', () => {
    expect(canonicalContentJson({ n: Infinity, m: [NaN, -Infinity, 1] })).toBe(JSON.stringify({ m: [null, null, 1], n: null }));
    expect(() => canonicalJson({ n: Infinity })).toThrow(TypeError);
  });

  it('agrees with canonicalJson on everything the chain accepts', () => {
    const value = { z: 1.5, a: [true, null, 'é', { y: -0, x: 1e21 }], m: '\u2028' };
    expect(canonicalContentJson(value)).toBe(canonicalJson(value));
  });
});
