import { describe, expect, it } from 'vitest';
import { buildHintIndex } from './prefilter.js';

describe('hint prefilter', () => {
  const index = buildHintIndex(['ghp_', 'gho_', 'sk-', '--', 'AKIA', 'Ünïcode', 'https://']);
  const hints = (text: string): string[] => index.facts(text).found.map((h) => index.hints[h] as string);

  it('reports exactly the hints present, two-character and overlapping ones included', () => {
    expect(hints('use sk-abc, not ghx_ or gho_x; --flag').sort()).toEqual(['--', 'gho_', 'sk-']);
    expect(hints('sk-')).toEqual(['sk-']);
    expect(hints('AKIAAKIA')).toEqual(['AKIA']);
    expect(hints('x Ünïcode y')).toEqual(['Ünïcode']);
    expect(hints('')).toEqual([]);
    expect(index.idOf('AKIA')).toBe(4);
    expect(index.idOf('AKIB')).toBe(-1);
  });

  it('measures the longest alphanumeric run and lists 20+ character token runs', () => {
    const facts = index.facts('short words, a_20_char_token_xxxxxx and abcdefghij0123456789XY.');
    expect(facts.longestRun).toBe(22);
    expect(facts.longTokens.map(([s, e]) => e - s)).toEqual([22, 22]);
  });
});
