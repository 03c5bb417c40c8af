import { describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
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

describe('canonical JSON of objects that share a key set (the writer caches each key set once)', () => {
  it('sorts the same keys the same way whatever order they were inserted in, and past the cached size', () => {
    const keys = ['path', 'id', 'a\u20ac', 'B', 'trace', 'é', 'z\r', '10', '9'];
    const expected = canonicalize(Object.fromEntries(keys.map((k, i) => [k, i])));
    for (let shift = 0; shift < keys.length; shift++) {
      const rotated = [...keys.slice(shift), ...keys.slice(0, shift)];
      expect(canonicalJson(Object.fromEntries(rotated.map((k) => [k, keys.indexOf(k)])))).toBe(expected);
    }
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${(i * 37) % 200}`, i % 3 === 0 ? undefined : i]));
    expect(canonicalJson(wide)).toBe(canonicalize(wide));
    expect(canonicalJson(wide)).toBe(canonicalize(wide));
  });

  it('refuses a lone surrogate in a key on every strict call, after the lenient writer met the same key set', () => {
    const value = { '\ud800': 1, a: 2, b: 3, c: 4, d: 5 };
    expect(canonicalContentJson(value)).toBe('{"a":2,"b":3,"c":4,"d":5,"\\ud800":1}');
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson({ ...value })).toThrow(TypeError);
    expect(canonicalJson({ '\ud800': undefined, a: 2, b: 3, c: 4, d: 5 })).toBe('{"a":2,"b":3,"c":4,"d":5}');
  });

  it('escapes what JSON.stringify escapes and quotes the rest as it is', () => {
    const strings = ['plain', 'quote "x"', 'back\\slash', 'nul\u0000', 'unit\u001f', 'del\u007f', 'ls\u2028', 'pair 😀', ''];
    for (const s of strings) expect(canonicalJson({ s, [s]: s })).toBe(canonicalize({ s, [s]: s }));
  });
});
