import { describe, expect, it } from 'vitest';
import { OBFUSCATIONS, fakeTokens } from '../../views/obfuscate.fixtures.js';
import { detect } from './secrets.fixtures.js';

const NAMES = Object.keys(OBFUSCATIONS);

describe('secrets hidden by an obfuscation', () => {
  for (const name of NAMES) {
    it(`finds provider tokens written ${name}, on the span of the encoded form`, () => {
      const encode = OBFUSCATIONS[name] as (s: string) => string;
      for (const [kind, token] of Object.entries(fakeTokens(name.length * 7))) {
        const encoded = encode(token);
        const text = `Deploy notes.\nThe ${kind} credential is ${encoded}\nRotate it monthly.`;
        const at = text.indexOf(encoded);
        const hits = detect(text).filter((f) => f.score >= 0.5);
        const hit = hits.find((f) => f.start >= at - 1 && f.end <= at + encoded.length + 1 && f.end - f.start >= encoded.length * 0.6);
        expect(hit, `${name} ${kind}: ${JSON.stringify(hits)}`).toBeDefined();
        expect(hit?.evidence).not.toContain(token);
      }
    });
  }

  it.each([
    ['base64 of reversed', ['reversed', 'base64']],
    ['hex of rot13', ['rot13', 'hex']],
    ['spaced rot13', ['rot13', 'spaced']],
    ['reversed full-width', ['full_width', 'reversed']],
  ])('finds tokens two obfuscations deep: %s', (_name, steps) => {
    for (const token of Object.values(fakeTokens(steps.join('').length))) {
      const encoded = steps.reduce((s, step) => (OBFUSCATIONS[step] as (v: string) => string)(s), token);
      const text = `payload: ${encoded} end`;
      const hit = detect(text).find((f) => f.score >= 0.5 && f.start >= 8 && f.end <= 9 + encoded.length + 1);
      expect(hit, `${steps.join('+')} ${token.slice(0, 5)}`).toBeDefined();
    }
  });

  it('a token written plainly keeps its plain evidence', () => {
    const { github } = fakeTokens(3);
    expect(detect(`use ${github}`)[0]?.evidence).toBe('rule:github_token');
  });

  it('flags none of the benign look-alikes', () => {
    const image = `![chart](data:image/png;base64,${Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 7) % 256)).toString('base64')})`;
    const benign = [
      image,
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 and md5 5d41402abc4b2a76b9719d911017c592',
      'Reversed for the puzzle: .god yzal eht revo spmuj xof nworb kciuq ehT',
      'date,open,close\n2024-01-02,101, 104, 99, 87, 76, 65, 54, 43, 32\n2024-01-03,104,107',
      'Spell it: H E L L O W O R L D, then s-u-p-e-r-c-a-l-i-f-r-a-g.',
      'Ｗｅｌｃｏｍｅ ｔｏ ｔｈｅ ｓｈｏｐ — full-width greeting',
      'caf\\u00e9 na\\u00efve r\\u00e9sum\\u00e9 \\u2014 escaped accents',
      'q=%E2%9C%93+check%20mark%20and%20spaces',
      'Vg jnf gur orfg bs gvzrf, vg jnf gur jbefg bs gvzrf (rot13 Dickens)',
    ];
    for (const text of benign)
      expect(
        detect(text).filter((f) => f.score >= 0.5),
        text.slice(0, 30),
      ).toEqual([]);
  });
});
