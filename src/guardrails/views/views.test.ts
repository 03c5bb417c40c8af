import { describe, expect, it } from 'vitest';
import { charCodeViews } from './char-codes.js';
import { chunkedView } from './chunked.js';
import { compatView } from './compat.js';
import { escapesView } from './escapes.js';
import { originalSpan, reversedView, rot13View, textViews, type TextView } from './index.js';
import { OBFUSCATIONS } from './obfuscate.fixtures.js';
import { spacedView } from './spaced.js';

const WORD = 'Tr0ub4dor-and-3-horses';

/** The view that spells `needle`, and the original span it maps to. */
function locate(views: readonly (TextView | null)[], needle: string): { kind: string; start: number; end: number } | undefined {
  for (const v of views) {
    const i = v?.text.indexOf(needle) ?? -1;
    if (v && i !== -1) return { kind: v.kind, ...originalSpan(v, i, i + needle.length) };
  }
  return undefined;
}

describe('decoded views', () => {
  it('each encoding of a value, inside prose, is read back and mapped to the encoded span', () => {
    for (const [name, encode] of Object.entries(OBFUSCATIONS)) {
      if (name === 'rot13' || name === 'reversed') continue;
      const encoded = encode(WORD);
      const text = `Here it is: ${encoded} -- keep it safe.`;
      const hit = locate(textViews(text), WORD);
      expect(hit, name).toBeDefined();
      expect(hit?.start, name).toBeGreaterThanOrEqual(12);
      expect(hit?.end, name).toBeLessThanOrEqual(12 + encoded.length);
      // The encoded form (a list's brackets or call aside) is what redaction rewrites.
      expect((hit?.end ?? 0) - (hit?.start ?? 0), name).toBeGreaterThanOrEqual(encoded.length * 0.7);
    }
  });

  it('reversed and rot13 views map each character back', () => {
    const text = `key: ${OBFUSCATIONS.reversed?.(WORD)}!`;
    const rev = reversedView(text);
    const i = rev.text.indexOf(WORD);
    expect(originalSpan(rev, i, i + WORD.length)).toEqual({ start: 5, end: 5 + WORD.length });
    const rot = rot13View(`x ${OBFUSCATIONS.rot13?.(WORD)}`);
    expect(rot.text).toBe(`k ${WORD}`);
    expect(originalSpan(rot, 2, 2 + WORD.length)).toEqual({ start: 2, end: 2 + WORD.length });
  });

  it('spelled-out runs need ten characters and one repeated separator', () => {
    expect(spacedView('I have a b c d in a list, and x, y.')).toBeNull();
    expect(spacedView('Road trip: A to B to C, then D.')).toBeNull();
    expect(spacedView('1.2.3.4 and 10.0.0.1')).toBeNull();
    const spaced = spacedView('the value is s k - p r o j - 1 2 3 4 5 6 ok');
    expect(spaced?.text).toBe('the value is sk-proj-123456 ok');
  });

  it('char-code lists decode only to mostly-alphanumeric printable text', () => {
    expect(charCodeViews('temperatures: 12, 15, 19, 22, 25, 31, 33, 28, 21, 14, 9, 3')).toEqual([]);
    expect(charCodeViews('sales,2019,2020,2021\nq1,120,130,140,150,160,170,180,190')).toEqual([]);
    expect(charCodeViews('ids = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]')).toEqual([]);
    expect(charCodeViews('mac 00:1a:2b:3c:4d:5e, dump 8f a3 00 ff 12 e4 9c 7b 01 02')).toEqual([]);
    expect(charCodeViews('bytes = [104, 101, 108, 108, 111, 119, 111, 114, 108, 100]')[0]?.text).toBe('helloworld');
  });

  it('ordinary text, hashes and images get no view', () => {
    const hash = 'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    const image = `data:image/png;base64,${Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)).toString('base64')}`;
    const prose = 'Please summarise the quarterly report. Revenue grew 12% to $4.2M & costs fell; reply by Friday.';
    for (const text of [hash, image, prose, 'short']) expect(textViews(text), text.slice(0, 20)).toEqual([]);
    expect(escapesView('AT&T and R&D, 50% off & more')).toBeNull();
    expect(compatView('naïve café résumé')).toBeNull();
  });
});

describe('chunked view: a token cut into equal groups', () => {
  it('joins equal groups with one separator, a prefix group and a shorter last group included', () => {
    expect(chunkedView('my key is ghp_-R7x2-Kq9L-mZ4v-T8wY-b3Nc-J5dF-1hP6-sA0e-U2iO.')?.text).toBe('my key is ghp_R7x2Kq9LmZ4vT8wYb3NcJ5dF1hP6sA0eU2iO.');
    expect(chunkedView('AKIA|Q3EX|AMPL|E7RT|K2LM|NP here')?.text).toBe('AKIAQ3EXAMPLE7RTK2LMNP here');
  });

  it('maps the joined token back to the grouped span, so a finding redacts what was sent', () => {
    const text = 'token: ghp_-R7x2-Kq9L-mZ4v-T8wY-b3Nc-J5dF-1hP6-sA0e-U2iO';
    const view = chunkedView(text)!;
    const at = view.text.indexOf('ghp_');
    expect(originalSpan(view, at, view.text.length)).toEqual({ start: text.indexOf('ghp_'), end: text.length });
  });

  it.each([
    'Request id 550e8400-e29b-41d4-a716-446655440000 failed at 2024-03-01.',
    'Call me at 555-123-4567 or +1-415-555-0132.',
    'The build is v1.2.3.4 on host 10.0.12.7.',
    'Steps: mix-well-then-bake-for-twenty-minutes.',
    'See abc-def-ghi-jkl for the naming scheme.',
  ])('leaves unequal groups and words without digits alone: %s', (text) => {
    expect(chunkedView(text)).toBeNull();
  });
});
