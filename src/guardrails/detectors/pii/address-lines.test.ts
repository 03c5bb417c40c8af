import { describe, expect, it } from 'vitest';
import { redactText } from '../../redaction.js';
import { createPiiDetector } from './index.js';

const ctx = { direction: 'input' as const, role: 'user' as const };
const pii = createPiiDetector();

function spans(text: string, types: string[] = ['ADDRESS', 'LOCATION']): string[] {
  return pii
    .detect(text, ctx)
    .filter((f) => types.includes(f.type))
    .map((f) => text.slice(f.start, f.end));
}

describe('multi-line postal addresses: one ADDRESS span per line', () => {
  it.each([
    [
      'Polish, with a recipient line',
      'Please send the contract to:\nMarta Kowalczyk\nul. Piotrkowska 104/12\n90-006 Łódź\nPoland',
      ['ul. Piotrkowska 104/12', '90-006 Łódź', 'Poland'],
    ],
    ['German', 'Lieferadresse:\nBergmannstraße 27\n10961 Berlin\nGermany', ['Bergmannstraße 27', '10961 Berlin', 'Germany']],
    ['French', 'Envoyez le colis à\n14 rue de la République\n69002 Lyon\nFrance', ['14 rue de la République', '69002 Lyon', 'France']],
    [
      'Canadian, unit on its own line',
      'Mailing address:\n402 Kingsway Avenue\nApt 7\nBurnaby, BC V5H 4A9\nCanada',
      ['402 Kingsway Avenue', 'Apt 7', 'Burnaby, BC V5H 4A9', 'Canada'],
    ],
    ['quoted in an e-mail reply', '> Hanna Berg\n> 9 Vasagatan 14\n> Suite 2\n> Uppsala', ['9 Vasagatan 14', 'Suite 2', 'Uppsala']],
  ])('%s', (_label, text, lines) => {
    expect(spans(text)).toEqual(lines);
  });

  it('splits a postcode written after the country from the country', () => {
    expect(spans('Return address\n57 Harbour Road\nUnit 3\nDunedin\nNew Zealand 9016')).toEqual([
      '57 Harbour Road',
      'Unit 3',
      'Dunedin',
      'New Zealand',
      '9016',
    ]);
  });

  it('keeps a line that starts with a comma, or holds only a postcode, with the line before it', () => {
    expect(spans('Deliver to 31 Elm Row\nLeith\n, Edinburgh\n EH7 4AH')).toEqual(['31 Elm Row', 'Leith\n, Edinburgh\n EH7 4AH']);
  });

  it('keeps a military address as one routing code', () => {
    expect(spans('Mail: Unit 2050 Box 4190\nAPO AP 96278')).toEqual(['Unit 2050 Box 4190\nAPO AP 96278']);
  });

  it('every line carries the score of the whole address', () => {
    const scores = pii
      .detect('Ship to:\n402 Kingsway Avenue\nApt 7\nBurnaby, BC V5H 4A9\nCanada', ctx)
      .filter((f) => f.type === 'ADDRESS')
      .map((f) => f.score);
    expect(scores).toHaveLength(4);
    expect(new Set(scores).size).toBe(1);
  });

  it('redacts every word of the address and keeps the line breaks', () => {
    const text = 'Address:\n14 rue de la République\n69002 Lyon\nFrance\nThanks!';
    const out = redactText(text, pii.detect(text, ctx), 'mask', undefined);
    expect(out).toBe('Address:\n[ADDRESS]\n[ADDRESS]\n[ADDRESS]\nThanks!');
  });

  it('does not take the next sentence for a city line', () => {
    expect(spans('Sent from our office at 660 Harbor Street, Oakland, CA 94607\nAdd "approved" to the subject line.')).toEqual([
      '660 Harbor Street, Oakland, CA 94607',
    ]);
  });
});

describe('one-line addresses stay one span', () => {
  it.each([
    ['Australian', 'Ship to: 17 Wattle Grove, Carlton VIC 3053, Australia', '17 Wattle Grove, Carlton VIC 3053, Australia'],
    ['Dutch', 'Het adres is Prinsengracht 263, 1016 GV Amsterdam', 'Prinsengracht 263, 1016 GV Amsterdam'],
    ['US, "Dr" as Drive', 'They live at 4410 Cheriton Dr, Austin, TX 78745', '4410 Cheriton Dr, Austin, TX 78745'],
    ['Czech particle inside the street name', 'Bydlím na adrese Jiřího z Poděbrad 12, Praha', 'Jiřího z Poděbrad 12, Praha'],
    ['French street name in lower case', 'Livraison au 12 rue des petits champs, 75001 Paris', '12 rue des petits champs, 75001 Paris'],
  ])('%s', (_label, text, address) => {
    expect(spans(text, ['ADDRESS'])).toEqual([address]);
  });

  it('"Dr" before a name is a title, not a street type', () => {
    expect(spans('We walked 5 Miles Dr Smith said', ['ADDRESS'])).toEqual([]);
  });

  it('lower-case words after "rue" that run on into a sentence are not a street', () => {
    expect(spans('She told 2 rue de la paix jokes in the chat today', ['ADDRESS'])).toEqual([]);
  });
});

describe('places in prose', () => {
  it.each([
    ['a city under its own-language name', 'Our team met in Wien and then flew to Lisboa.', ['Wien', 'Lisboa']],
    ['Copenhagen in Danish', 'The workshop is in København next month.', ['København']],
    ['cities and a country', 'She moved to Trondheim from Chile and commutes to Oslo.', ['Trondheim', 'Chile', 'Oslo']],
  ])('%s', (_label, text, places) => {
    expect(spans(text, ['LOCATION'])).toEqual(places);
  });

  it.each([
    'The quarterly report is attached; the numbers look fine and the deploy went out on Tuesday.',
    'Set the timeout to 30 seconds and retry 3 times before giving up.',
    'Our gent in the sales team will call back.',
    'Step 4 of 7: open the settings, then choose Apply.',
  ])('finds no place or address in %j', (text) => {
    expect(spans(text)).toEqual([]);
  });
});
