import { describe, expect, it } from 'vitest';
import { encodedTailStart } from './encoded-tail.js';
import { OBFUSCATIONS } from './obfuscate.fixtures.js';

describe('encodedTailStart: a long-form encoding still arriving at the end of a stream window', () => {
  it.each(['unicode_escapes', 'hex_escapes', 'percent', 'html_entities', 'char_code_list', 'python_chr', 'hex_bytes'])(
    '%s: the run start, while the run is incomplete',
    (name) => {
      const encoded = (OBFUSCATIONS[name] as (s: string) => string)('ghp_partial0123456789');
      const head = 'The value is ';
      const partial = `${head}${encoded.slice(0, Math.floor(encoded.length * 0.6))}`;
      expect(encodedTailStart(partial, 1024)).toBeLessThanOrEqual(head.length);
      expect(encodedTailStart(partial, 1024)).toBeGreaterThanOrEqual(head.length - 1);
    },
  );

  it('looks back at most the limit, so a hold is bounded', () => {
    const run = '\\u0041'.repeat(1000);
    expect(encodedTailStart(`x ${run}`, 300)).toBe(run.length + 2 - 300);
  });

  it('ordinary endings hold nothing', () => {
    for (const text of [
      'We met at 10, 11 and 12 (roughly).',
      'A bad face, a faded bead; decaf coffee',
      'ids: 12, 13',
      'Price: 5% off (today)',
      'see https://example.com/a%20b',
    ])
      expect(encodedTailStart(text, 1024), text).toBe(-1);
  });
});
