import { describe, expect, it } from 'vitest';
import { tokenize, TokenPool } from './tokens.js';

const words = (text: string, pool?: TokenPool): string[] => tokenize(text, pool).map((t) => `${t.text}:${t.shape}:${t.fold}`);

describe('tokenize with a pool', () => {
  it('returns what a fresh tokenize returns, call after call, longer texts then shorter', () => {
    const pool = new TokenPool();
    const texts = ["Daniel's invoice from Northwind Traders, sent to ANNA K. Berg in Zürich.", 'short one', 'Jean-Luc van Damme met O’Neill', '', 'x'];
    for (const text of [...texts, ...[...texts].reverse()]) expect(words(text, pool), text).toEqual(words(text));
  });
});
