import { describe, expect, it } from 'vitest';
import { foldName } from './fold.js';
import { createPiiDetector } from './index.js';
import { tokenize } from './tokens.js';

const ctx = { direction: 'input' as const, role: 'user' as const };
const pii = createPiiDetector();

function spans(text: string, type?: string): string[] {
  return pii
    .detect(text, ctx)
    .filter((f) => type === undefined || f.type === type)
    .map((f) => text.slice(f.start, f.end));
}

describe('PERSON', () => {
  it.each([
    ['title before an unknown family name', 'Please forward this to Ms. Okonkwo-Bright tomorrow', 'Okonkwo-Bright'],
    ['known given name and a surname', 'Yesterday Ingrid Halvorsen called about the invoice', 'Ingrid Halvorsen'],
    ['surname shape after a cue', 'The report was written by Tomasz Wiśniewski.', 'Tomasz Wiśniewski'],
    ['middle initial, leading verb left out', 'Contact Harriet Q. Pemberton for access', 'Harriet Q. Pemberton'],
    ['possessive stripped', "That is Oskar's laptop", 'Oskar'],
    ['chat speaker label', 'Brigida: are you coming tonight?', 'Brigida'],
    ['unknown name after "my name is"', 'Hi, my name is Zorvath and I need help', 'Zorvath'],
    ['upper-case record', 'NAME: MARGARET OLSEN', 'MARGARET OLSEN'],
    ['lower-case text', 'please cc ingrid halvorsen on this thread', 'ingrid halvorsen'],
  ])('%s', (_label, text, name) => {
    expect(spans(text, 'PERSON')).toContain(name);
  });

  it('finds a family name again where it recurs alone', () => {
    const text = 'The novel by Ferdinand Okafor sold well. Okafor later said it was luck.';
    expect(spans(text, 'PERSON')).toEqual(['Ferdinand Okafor', 'Okafor']);
  });

  it('names in a list with a serial comma ("Reyes, Okafor, and Lind were ...")', () => {
    expect(spans('The founders Reyes, Okafor, and Lind were at the launch.', 'PERSON')).toEqual(['Reyes', 'Okafor', 'Lind']);
    expect(spans('Reyes, Okafor and Lind were at the launch.', 'PERSON')).toEqual(['Reyes', 'Okafor', 'Lind']);
  });

  it('reads coordinated family names before a group verb as people', () => {
    expect(spans('Lindqvist and Brennan were both promoted.', 'PERSON')).toEqual(['Lindqvist', 'Brennan']);
  });

  it.each([
    'The Labor Day sale starts Monday',
    'Boston Consulting Group hired us last year',
    'Rules: be concise and polite',
    'Patient is a 40-year-old male with a cough',
    'Normally, the cells divide under control.',
    'my father retired at the age of 60',
    'Send it to 14 Cheriton Dr Harbour Extensions',
    'They volunteer with the Red Cross every year.',
    'Even so, Ping the server before you Edit the config.',
  ])('finds no person in %j', (text) => {
    expect(spans(text, 'PERSON')).toEqual([]);
  });

  it('prefers a place when a given name sits in a place slot', () => {
    const text = 'I am originally from Florence, and I moved here last year.';
    expect(spans(text, 'PERSON')).toEqual([]);
    expect(spans(text, 'LOCATION')).toEqual(['Florence']);
  });
});

describe('ADDRESS', () => {
  it.each([
    [
      'US street with city, state and ZIP',
      'Ship it to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please',
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ],
    ['German street, number after the name', 'Meine Adresse: Hauptstraße 12, 10115 Berlin', 'Hauptstraße 12, 10115 Berlin'],
    ['street-type prefix without a leading number', 'Send it to Rua das Flores 45, Porto', 'Rua das Flores 45, Porto'],
    ['US military address', 'Mail: PSC 1234, Box 5678\nAPO AE 09876', 'PSC 1234, Box 5678\nAPO AE 09876'],
    ['street corner', 'Meet me at the corner of Fifth Avenue and Main Street', 'the corner of Fifth Avenue and Main Street'],
    ['address phrase before a name-like street', 'She lives on Kowalczyk Jana 7 near the park', 'Kowalczyk Jana 7'],
    ['lower-case text', 'the courier drops it off at 512 elmwood lane, springfield', '512 elmwood lane, springfield'],
  ])('%s', (_label, text, address) => {
    expect(spans(text, 'ADDRESS')).toContain(address);
  });

  it.each([
    ['multi-line UK address', 'My flat:\n221B Baker Street\nLondon NW1 6XE\nUnited Kingdom', ['221B Baker Street', 'London NW1 6XE', 'United Kingdom']],
    ['unit on its own line', '88 Larkspur Lane\nSuite 12\nDenver, CO 80202', ['88 Larkspur Lane', 'Suite 12', 'Denver, CO 80202']],
  ])('%s: one span per line', (_label, text, lines) => {
    expect(spans(text, 'ADDRESS')).toEqual(lines);
  });

  it.each(['Table 3 shows the results', 'See Chapter 12 Section 4 for details', 'During 1984, the company grew', 'We scored 50 points in 3 games'])(
    'finds no address in %j',
    (text) => {
      expect(spans(text, 'ADDRESS')).toEqual([]);
    },
  );

  it('leaves phone numbers on the next line to the phone detector', () => {
    const text = 'PSC 1234, Box 5678\nAPO AE 09876\n416 555 0199 office';
    expect(spans(text, 'ADDRESS')).toEqual(['PSC 1234, Box 5678\nAPO AE 09876']);
  });
});

describe('LOCATION', () => {
  it.each([
    ['gazetteer city', 'She grew up in Tampere.', 'Tampere'],
    ['unknown town after a travel phrase', 'He flew to Kirkenes last week.', 'Kirkenes'],
    ['accented name folded for lookup', 'We spent a week in Kraków.', 'Kraków'],
    ['region', 'The office is in Bavaria.', 'Bavaria'],
    ['place after "University of"', 'She studied at the University of Tartu.', 'Tartu'],
  ])('%s', (_label, text, place) => {
    expect(spans(text, 'LOCATION')).toContain(place);
  });

  it.each([
    ['Boston Consulting Group hired us', 'Boston'],
    ['received a refund from STRIPE today', 'STRIPE'],
    ['during the invasion of Poland in WWII', 'WWII'],
    ['The service is written in Java and runs in Kubernetes', 'Java'],
  ])('keeps %j free of false places', (text, word) => {
    expect(spans(text, 'LOCATION')).not.toContain(word);
  });
});

describe('tokenizer and folding', () => {
  it('folds diacritics and special letters to ASCII', () => {
    expect(['Šárka', 'Jørgen', 'Þórunn', 'Łukasz', 'Straße'].map(foldName)).toEqual(['sarka', 'jorgen', 'thorunn', 'lukasz', 'strasse']);
  });

  it('classifies word shapes and strips possessives', () => {
    expect(tokenize("Anna's NASA x McKay B").map((t) => [t.text, t.shape])).toEqual([
      ['Anna', 'cap'],
      ['NASA', 'upper'],
      ['x', 'lower'],
      ['McKay', 'cap'],
      ['B', 'initial'],
    ]);
  });
});
