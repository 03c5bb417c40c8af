import { describe, expect, it } from 'vitest';
import { cardBrandValid, ibanValid, luhnValid, ssnStructureValid } from './checksums.js';
import { createPiiDetector } from './index.js';
import { phoneScore } from './phones.js';

const ctx = { direction: 'input' as const, role: 'user' as const };
const pii = createPiiDetector();

function found(text: string, type: string): string[] {
  return pii
    .detect(text, ctx)
    .filter((f) => f.type === type)
    .map((f) => text.slice(f.start, f.end));
}

/** Appends the two ISO 13616 check digits to a country code and BBAN (the same computation banks use). */
function withCheckDigits(country: string, bban: string): string {
  const digits = [...`${bban}${country}00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let rem = 0;
  for (const d of digits) rem = (rem * 10 + Number(d)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

/** Appends a Luhn check digit. */
function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

describe('phone numbers by national numbering plans', () => {
  it.each([
    ['Call me at (212) 736-5000 tomorrow', '(212) 736-5000'],
    ['reach her on +44 161 496 0754 after lunch', '+44 161 496 0754'],
    ['Festnetz 030 9018 2231', '030 9018 2231'],
    ['tél : 01 45 22 87 10', '01 45 22 87 10'],
    ['bel me op +31 10 287 4455', '+31 10 287 4455'],
    ['Sydney office (02) 8251 7700', '(02) 8251 7700'],
    ['from abroad dial 0044 161 496 0754', '0044 161 496 0754'],
    ['móvil 622 48 91 37', '622 48 91 37'],
    ['781 2290 office', '781 2290'],
    ['Mobile #: 07911 123456', '07911 123456'],
    ['standort 01.42.68.53.00', '01.42.68.53.00'],
    ['dial 415.555.2671 now', '415.555.2671'],
  ])('finds %s', (text, value) => {
    expect(found(text, 'PHONE_NUMBER')).toEqual([value]);
  });

  it.each([
    'Order #4410-2231 has shipped',
    'invoice no. 2023-0517-09 is overdue',
    'ISBN 978-1-4028-9462-6',
    'the town had 1 204 877 residents',
    'see the report dated 14.03.2021',
    'ref 455-21-9087',
    'SKU 88213-44590',
    '| Ashworth | 88 | 173.624 (279.42) |',
    'build number 6.2.9200.16384 shipped',
    'at 40.761194; -73.965806 between the avenues',
    '- v1.3 (2026-02-04): added a section',
    '| 2010 (2011) | remake |',
  ])('does not take %s for a phone number', (text) => {
    expect(found(text, 'PHONE_NUMBER')).toEqual([]);
  });

  it('trusts an international number more than a national one valid only by chance', () => {
    expect(phoneScore('+44 161 496 0754', '')).toBeGreaterThan(phoneScore('1614960754', ''));
    expect(phoneScore('455-21-9087', 'call ')).toBe(0);
  });
});

describe('SSN structure (SSA rules)', () => {
  it.each([
    ['000', '12', '3456'],
    ['666', '12', '3456'],
    ['912', '12', '3456'],
    ['123', '00', '4567'],
    ['123', '45', '0000'],
  ])('rejects %s-%s-%s', (area, group, serial) => {
    expect(ssnStructureValid(area, group, serial)).toBe(false);
    expect(found(`SSN ${area}-${group}-${serial}`, 'US_SSN')).toEqual([]);
  });

  it('accepts a well-formed number and needs a cue for a bare nine-digit run', () => {
    expect(found('SSN 219-09-9998', 'US_SSN')).toEqual(['219-09-9998']);
    expect(found('social security 219099998', 'US_SSN')).toEqual(['219099998']);
    expect(found('tracking 219099998', 'US_SSN')).toEqual([]);
  });
});

describe('IBAN: country length and mod-97', () => {
  const de = withCheckDigits('DE', '500105175407324931');
  const nl = withCheckDigits('NL', 'RABO0300065264');
  const fr = withCheckDigits('FR', '30006000011234567890189');

  it.each([de, nl, fr])('accepts %s compact, grouped by spaces and by dashes', (iban) => {
    const spaced = iban.replace(/(.{4})/g, '$1 ').trim();
    const dashed = iban.replace(/(.{4})/g, '$1-').replace(/-$/, '');
    expect(found(`IBAN ${iban}`, 'IBAN')).toEqual([iban]);
    expect(found(`pay to ${spaced} today`, 'IBAN')).toEqual([spaced]);
    expect(found(`pay to ${dashed} today`, 'IBAN')).toEqual([dashed]);
  });

  it('rejects a right checksum at the wrong length for its country, or an unknown country', () => {
    const shortDe = withCheckDigits('DE', '5001051754073249');
    const unknown = withCheckDigits('QQ', '500105175407324931');
    expect(ibanValid(shortDe)).toBe(false);
    expect(ibanValid(unknown)).toBe(false);
    expect(found(`IBAN ${shortDe}`, 'IBAN')).toEqual([]);
    expect(found(`IBAN ${unknown}`, 'IBAN')).toEqual([]);
  });
});

describe('cards: Luhn and issuer ranges', () => {
  it.each([withLuhn('453201511283036'), withLuhn('545454545454545'), withLuhn('37144963539843'), withLuhn('601100099990001')])('finds %s', (card) => {
    expect(cardBrandValid(card)).toBe(true);
    expect(found(`paid with ${card}`, 'CREDIT_CARD')).toEqual([card]);
  });

  it('needs an issuer range and a length that network issues', () => {
    const noIssuer = withLuhn('123456781234567');
    const amexTooLong = withLuhn('371449635398431');
    expect(cardBrandValid(noIssuer)).toBe(false);
    expect(cardBrandValid(amexTooLong)).toBe(false);
    expect(found(`account ${noIssuer}`, 'CREDIT_CARD')).toEqual([]);
    // The word "card" still vouches for a Luhn-valid number from an unlisted issuer.
    expect(found(`card number ${noIssuer}`, 'CREDIT_CARD')).toEqual([noIssuer]);
  });

  it('does not read the digits of an international phone number as a card', () => {
    expect(found('mobile +447911123456', 'CREDIT_CARD')).toEqual([]);
  });
});

describe('addresses and places by structure', () => {
  function spans(text: string): string[] {
    return pii
      .detect(text, ctx)
      .filter((f) => f.type === 'ADDRESS' || f.type === 'LOCATION')
      .map((f) => text.slice(f.start, f.end));
  }

  it.each([
    ['Please post it to Váci utca 47, Budapest', 'Váci utca 47, Budapest'],
    ['We met at Karl Johans gate 22 yesterday', 'Karl Johans gate 22'],
    ['The office is on Andrássy út 3.', 'Andrássy út 3'],
    ['the flat on Kongens gade 12, 1264 København', 'Kongens gade 12, 1264 København'],
  ])('a street type written as its own word: %s', (text, value) => {
    expect(spans(text)).toContain(value);
  });

  it.each([
    ['Envoyez-le au 8 rue des Lilas, 69003 Lyon', '8 rue des Lilas, 69003 Lyon'],
    ['Morada: Rua das Flores 12, 4050-262 Porto', 'Rua das Flores 12, 4050-262 Porto'],
    ['adres: ul. Długa 44/50, 80-831 Gdańsk', 'ul. Długa 44/50, 80-831 Gdańsk'],
    ['Wir sind in der Lindenstr. 3b, 50674 Köln.', 'Lindenstr. 3b, 50674 Köln'],
    ['sídlo: Karlovo náměstí 13/2, 121 35 Praha 2', 'Karlovo náměstí 13/2, 121 35 Praha 2'],
    ['post it to Flat 4, 27 Mill Lane, Leeds LS1 4AB', 'Flat 4, 27 Mill Lane, Leeds LS1 4AB'],
  ])('continental layouts: %s', (text, value) => {
    expect(spans(text)).toContain(value);
  });

  it('a street named with words that are also street types', () => {
    expect(spans('the gigs on Harbor Mill Street were loud')).toEqual(['Harbor Mill Street']);
  });

  it('an all-capitals city with letters beyond ASCII is one word, not a state code', () => {
    expect(spans('12 Storgatan 4\nÖREBRO\nSweden 70210')).toEqual(['12 Storgatan 4', 'ÖREBRO', 'Sweden', '70210']);
  });

  it('a place that a postcode follows after "in"', () => {
    expect(spans('we opened a branch in Kvistgård 3490 last spring')).toEqual(['Kvistgård']);
    expect(spans('support the team in Pontelagoscuro 44123 this year')).toEqual(['Pontelagoscuro']);
  });

  it.each(['I joined in March 2021', 'it shipped in Windows 2000', 'see the figures in Chapter 1021', 'meet at gate 12 tomorrow'])('nothing in %s', (text) => {
    expect(spans(text)).toEqual([]);
  });
});

describe('IP addresses', () => {
  it.each(['C:\\WinPython-64bit-3.4.2.4\\python.exe', 'release v1.2.3.4 is out', 'pkg_2.0.1.7.tar.gz'])('a version is not an address: %s', (text) => {
    expect(found(text, 'IP_ADDRESS')).toEqual([]);
  });

  it.each([
    ['sock.connect(("192.168.1.100", 12345))', '192.168.1.100'],
    ['host-a at 10.0.0.15 is down', '10.0.0.15'],
  ])('finds %s', (text, value) => {
    expect(found(text, 'IP_ADDRESS')).toEqual([value]);
  });
});
