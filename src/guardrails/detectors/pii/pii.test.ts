import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './index.js';
import { floodsFor } from '../detector-floods.fixtures.js';

const ctx = { direction: 'input' as const, role: 'user' as const };
const pii = createPiiDetector();

function spans(text: string): Array<[string, string]> {
  return pii.detect(text, ctx).map((f) => [f.type, text.slice(f.start, f.end)]);
}

describe('pii detector', () => {
  it.each([
    ['Mail me at jane.doe@example.com please', 'EMAIL_ADDRESS', 'jane.doe@example.com'],
    ['Call me at (415) 555-2671 tomorrow', 'PHONE_NUMBER', '(415) 555-2671'],
    ['my card is 4111 1111 1111 1111 thanks', 'CREDIT_CARD', '4111 1111 1111 1111'],
    ['wire it to GB82WEST12345698765432 today', 'IBAN', 'GB82WEST12345698765432'],
    ['wire it to GB82 WEST 1234 5698 7654 32 today', 'IBAN', 'GB82 WEST 1234 5698 7654 32'],
    ['My SSN is 123-45-6789.', 'US_SSN', '123-45-6789'],
    ['server at 192.168.10.25 is down', 'IP_ADDRESS', '192.168.10.25'],
    ['ping 2001:db8:85a3::8a2e:370:7334 now', 'IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334'],
    ['Please ask Dr. Watson about it', 'PERSON', 'Watson'],
    ['Yesterday Michael Johnson called', 'PERSON', 'Michael Johnson'],
    ['She lives at 221 Baker Street, London', 'ADDRESS', '221 Baker Street, London'],
    ['We moved to Germany last year', 'LOCATION', 'Germany'],
  ])('finds %s', (text, type, value) => {
    expect(spans(text)).toContainEqual([type, value]);
  });

  it('skips or scores low checksum-invalid cards and IBANs', () => {
    expect(spans('card 4111 1111 1111 1112')).not.toContainEqual(['CREDIT_CARD', '4111 1111 1111 1112']);
    expect(spans('iban GB82WEST12345698765433')).not.toContainEqual(['IBAN', 'GB82WEST12345698765433']);
    const low = createPiiDetector({ minScore: 0 })
      .detect('card 4111 1111 1111 1112', ctx)
      .find((f) => f.type === 'CREDIT_CARD');
    expect(low?.score ?? 0).toBeLessThan(0.5);
  });

  it('raises SSN confidence with a context word and rejects invalid areas', () => {
    const bare = createPiiDetector({ minScore: 0 })
      .detect('ref 123 45 6789', ctx)
      .find((f) => f.type === 'US_SSN');
    const cued = createPiiDetector({ minScore: 0 })
      .detect('SSN 123 45 6789', ctx)
      .find((f) => f.type === 'US_SSN');
    expect(cued!.score).toBeGreaterThan(bare!.score);
    expect(spans('SSN 666-12-3456')).not.toContainEqual(['US_SSN', '666-12-3456']);
  });

  it('never puts the raw value in evidence', () => {
    const text = 'jane.doe@example.com 4111 1111 1111 1111 GB82WEST12345698765432 123-45-6789 +1 415 555 2671';
    const findings = pii.detect(text, ctx);
    expect(findings.length).toBeGreaterThanOrEqual(5);
    for (const f of findings) expect(f.evidence ?? '').not.toContain(text.slice(f.start, f.end));
  });

  it('honours the types option', () => {
    const only = createPiiDetector({ types: ['EMAIL_ADDRESS'] }).detect('a@b.io 192.168.0.1', ctx);
    expect(only.map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
  });

  it('never throws on random input, and finds what it should in pathological floods', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const s = Array.from({ length: Math.floor(rnd() * 400) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
      expect(() => pii.detect(s, ctx)).not.toThrow();
    }
    for (const { text, findings } of floodsFor('pii')) expect(pii.detect(text, ctx), text.slice(0, 12)).toHaveLength(findings);
  });
});
