/**
 * Cheap linear gates in front of patterns that would otherwise be tried at every position: each gate must
 * never say "no" where its pattern finds something. Checked on random strings from alphabets built to hit
 * the patterns' edges, plus hand-written cases.
 */
import { describe, expect, it } from 'vitest';
import { findIpv6, mayHoldIpv6 } from './pii/structured.js';
import { mayHoldSpacedRun, SPACED_RUN } from './prompt-injection/reassemble.js';
import { LIST, maskLists } from './prompt-injection/suffix/mask.js';
import type { Candidate } from './pii/structured.js';

/** xorshift32: deterministic, so a failure names a string that fails again. */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function randomStrings(alphabet: string[], count: number, maxLength: number, seed: number): string[] {
  const next = rng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const n = 1 + Math.floor(next() * maxLength);
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    out.push(s);
  }
  return out;
}

describe('IPv6 gate', () => {
  const alphabet = ['0', '1', 'a', 'f', 'F', 'g', 'z', ':', ':', ':', '::', ' ', '.', 'x', '12', 'db8'];
  const texts = [
    ...randomStrings(alphabet, 20000, 40, 1),
    '2001:db8:85a3:0:0:8a2e:370:7334',
    'host fe80::1 up',
    '::1',
    'at 12:30:45 and 1:2:3:4:5:6:7:8',
    'a:b:c:d:e:f:0:1 then g:',
  ];
  it('never rules out a text in which the address pattern finds an address', () => {
    let found = 0;
    for (const text of texts) {
      const out: Candidate[] = [];
      findIpv6(text, out);
      if (out.length > 0) {
        found++;
        expect(mayHoldIpv6(text), text).toBe(true);
      }
    }
    expect(found).toBeGreaterThan(100);
  });
  it('rules out ordinary prose with colons and times', () => {
    expect(mayHoldIpv6('Note: the meeting is at 10:30. Contact: ops@example.com, host db.internal:5432.')).toBe(false);
  });
});

describe('spaced-letters gate', () => {
  const alphabet = ['a', 'B', 'c', 'd', 'E', ' ', ' ', ' ', '  ', ' - ', '\t', '-', '.', '_', '*', '/', '|', '+', ',', '~', "'", '"', '`', 'word', '1', '\n'];
  const texts = [...randomStrings(alphabet, 60000, 30, 2), 'say h e l l o now', 'i.g.n.o.r.e', 'x - y - z - w', 'a b c'];
  it('never rules out a text the spaced-run pattern matches', () => {
    let matched = 0;
    for (const text of texts) {
      SPACED_RUN.lastIndex = 0;
      if (SPACED_RUN.test(text)) {
        matched++;
        expect(mayHoldSpacedRun(text), JSON.stringify(text)).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
  it('rules out prose with one-letter words', () => {
    expect(mayHoldSpacedRun('I think a cat is a pet, and I am sure of it.')).toBe(false);
  });
});

describe('suffix mask: list starts', () => {
  const alphabet = [...'a|Bc|iOS|(x)|(|)|v1.2|C++|a/b|x-y|_|and |or | | |  |, |, |,|.|!|\n|é'.split('|'), 'w'.repeat(31), 'w'.repeat(33)];
  // The longest item: three parenthesised 31-char words, then the optional space before the comma.
  const word = `(A${'w'.repeat(30)})`;
  const longest = `${word} ${word} ${word} `;
  const texts = [
    ...randomStrings(alphabet, 30000, 40, 3),
    `so ${longest}, ${longest}, ${longest}`,
    `${longest},   ${longest},  b and c`,
    'Plan a week in Lisbon, Porto, Coimbra and Faro for my parents.',
    `${'Some prose before the list, and more of it. '.repeat(5)}Each API, such as notesAPI, claimsAPI, and documentsAPI, has its own service.`,
  ];
  it('marks exactly what the list pattern matches over the whole text', () => {
    let matched = 0;
    const mask = new Uint8Array(512);
    for (const text of texts) {
      const expected = new Uint8Array(text.length);
      LIST.lastIndex = 0;
      for (let m = LIST.exec(text); m; m = LIST.exec(text)) expected.fill(1, m.index, m.index + m[0].length);
      if (expected.includes(1)) matched++;
      mask.fill(0);
      maskLists(text, mask);
      expect([...mask.subarray(0, text.length)].join(''), JSON.stringify(text)).toBe(expected.join(''));
    }
    expect(matched).toBeGreaterThan(500);
  });
});
