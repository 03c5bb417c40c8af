import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../scripts/mulberry32.js';
import { AnchorAutomaton } from './anchor-automaton.js';

/** Every (literal, end offset) pair, the slow way: what the automaton must report. */
function naive(literals: readonly string[], text: string): string[] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: string[] = [];
  literals.forEach((literal, index) => {
    const l = literal.toLowerCase();
    for (let at = lower.indexOf(l); at !== -1; at = lower.indexOf(l, at + 1)) out.push(`${index}@${at + l.length}`);
  });
  return out.sort();
}

function scanned(automaton: AnchorAutomaton, text: string): string[] {
  const out: string[] = [];
  automaton.scan(text, (literal, end) => out.push(`${literal}@${end}`));
  return out.sort();
}

describe('AnchorAutomaton', () => {
  it('finds overlapping and nested literals, case-insensitively', () => {
    const literals = ['he', 'she', 'his', 'hers', 'ignore previous', 'previous'];
    const a = new AnchorAutomaton(literals);
    const found: number[] = [];
    a.scan('uSHErs: IGNORE Previous', (i) => found.push(i));
    expect(found.sort()).toEqual([0, 1, 3, 4, 5]);
  });

  it('reports nothing for text without any literal, and resets on characters no literal has', () => {
    const a = new AnchorAutomaton(['ignore all', 'dan']);
    const found: number[] = [];
    a.scan('ignore\u00e9all d\u00e1n ignore_all', (i) => found.push(i));
    expect(found).toEqual([]);
    a.scan('ignore all', (i) => found.push(i));
    expect(found).toEqual([0]);
  });

  it('refuses a literal it cannot fold like the regex it replaces', () => {
    expect(() => new AnchorAutomaton(['ignor\u00e9'])).toThrow(/not ASCII/);
  });

  it('agrees with a naive search on random literals and texts (seeded)', () => {
    const random = mulberry32(20261207);
    const alphabet = 'abcAB -\u00e9';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * 6)]).join('');
    for (let round = 0; round < 60; round++) {
      const literals = [...new Set(Array.from({ length: 1 + Math.floor(random() * 8) }, () => word(1 + Math.floor(random() * 4))))];
      const text = word(Math.floor(random() * 30)).replace(/b/g, () => (random() < 0.2 ? '\u00e9' : 'b'));
      expect(scanned(new AnchorAutomaton(literals), text)).toEqual(naive(literals, text));
    }
  });
});
