import { describe, expect, it } from 'vitest';
import { buildHintIndex } from './prefilter.js';

describe('hint prefilter', () => {
  const index = buildHintIndex(['ghp_', 'gho_', 'sk-', '--', 'AKIA', 'Ünïcode', 'https://']);

  it('reports exactly the hints present, two-character and overlapping ones included', () => {
    expect([...index.facts('use sk-abc, not ghx_ or gho_x; --flag').hints].sort()).toEqual(['--', 'gho_', 'sk-']);
    expect([...index.facts('sk-').hints]).toEqual(['sk-']);
    expect([...index.facts('AKIAAKIA').hints]).toEqual(['AKIA']);
    expect([...index.facts('x Ünïcode y').hints]).toEqual(['Ünïcode']);
    expect(index.facts('').hints.size).toBe(0);
  });

  it('measures the longest alphanumeric run and lists 20+ character token runs', () => {
    const facts = index.facts('short words, a_20_char_token_xxxxxx and abcdefghij0123456789XY.');
    expect(facts.longestRun).toBe(22);
    expect(facts.longTokens.map(([s, e]) => e - s)).toEqual([22, 22]);
  });
});
