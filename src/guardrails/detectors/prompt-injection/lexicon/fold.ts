/**
 * Folding for lexicon matching: lower case, Latin and Greek diacritics stripped (é→e, ş→s, ı/İ→i, ά→α),
 * ё→е, Arabic letter variants unified (أ/إ/آ→ا, ى/ی→ي, ک→ك, ة→ه), Hebrew final letters as ordinary ones (ם→מ),
 * and marks that are optional in writing dropped (Arabic harakat and tatweel, Hebrew points, combining
 * accents). Attackers and ordinary
 * writers alike leave diacritics out, so lexicons are matched on the folded form. One unit in, at most one
 * out (0 means dropped), so spans map back to the text.
 */

const FOLD = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c + 32;

function base(c: number): number {
  const d = String.fromCharCode(c).normalize('NFD').toLowerCase();
  return d.charCodeAt(0);
}
// Latin-1, Latin Extended-A/B, Latin Extended Additional (Vietnamese), Greek: lower case, base letter.
for (const [a, b] of [
  [0xc0, 0x24f],
  [0x1e00, 0x1eff],
  [0x370, 0x3ff],
  [0x1f00, 0x1fff],
] as const) {
  for (let c = a; c <= b; c++) {
    const f = base(c);
    if (f < 0x300 || f > 0x36f) FOLD[c] = f;
  }
}
// Cyrillic: lower case only (й is not и), and ё→е as Russian writing does.
for (let c = 0x400; c <= 0x52f; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  if (l.length === 1) FOLD[c] = l.charCodeAt(0);
}
const SPECIAL: Array<[string, string]> = [
  ['ıİ', 'i'],
  ['łŁ', 'l'],
  ['đĐ', 'd'],
  ['øØ', 'o'],
  ['ς', 'σ'],
  ['ёЁ', 'е'],
  // Hebrew final letters to their ordinary forms: a suffix moves them inside the word (התעלם, התעלמו).
  ['ך', 'כ'],
  ['ם', 'מ'],
  ['ן', 'נ'],
  ['ף', 'פ'],
  ['ץ', 'צ'],
  // Indic letters with nukta (precomposed forms, composition-excluded) to their base; chandrabindu to anusvara.
  ['\u0958', '\u0915'],
  ['\u0959', '\u0916'],
  ['\u095a', '\u0917'],
  ['\u095b', '\u091c'],
  ['\u095c', '\u0921'],
  ['\u095d', '\u0922'],
  ['\u095e', '\u092b'],
  ['\u095f', '\u092f'],
  ['\u0901', '\u0902'],
  ['\u09dc', '\u09a1'],
  ['\u09dd', '\u09a2'],
  ['\u09df', '\u09af'],
  ['\u0981', '\u0982'],
  ['أإآٱ', 'ا'],
  ['ىیےۍ', 'ي'],
  ['ک', 'ك'],
  ['ة', 'ه'],
  ['ۀ', 'ه'],
];
for (const [from, to] of SPECIAL) for (const ch of from) FOLD[ch.charCodeAt(0)] = to.charCodeAt(0);
// Dropped: combining accents, Indic nukta (ज़ is written both ways), Cyrillic combining marks, Hebrew points, Arabic harakat, tatweel, zero-width.
const DROP: Array<[number, number]> = [
  [0x300, 0x36f],
  [0x483, 0x489],
  [0x591, 0x5bd],
  [0x5bf, 0x5bf],
  [0x5c1, 0x5c2],
  [0x5c4, 0x5c5],
  [0x5c7, 0x5c7],
  [0x93c, 0x93c],
  [0x9bc, 0x9bc],
  [0x610, 0x61a],
  [0x640, 0x640],
  [0x64b, 0x65f],
  [0x670, 0x670],
  [0x6d6, 0x6ed],
  [0x200b, 0x200f],
  [0x2060, 0x2064],
  [0xfeff, 0xfeff],
  [0xad, 0xad],
];
for (const [a, b] of DROP) for (let c = a; c <= b; c++) FOLD[c] = 0;
// Full-width ASCII forms.
for (let c = 0xff01; c <= 0xff5e; c++) FOLD[c] = FOLD[c - 0xfee0]!;

/** Folded code unit of c, or 0 when c is dropped. */
export function foldCode(c: number): number {
  return FOLD[c]!;
}

/** Folded form of a short string (lexicon entries, patterns). */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = FOLD[s.charCodeAt(i)]!;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}

const decoder = new TextDecoder('utf-16le');

/** Folded text and, when units were dropped, origin[k] = offset in text of folded unit k (origin[len] = text.length). */
export function foldText(text: string): { text: string; origin: Int32Array | null } {
  const n = text.length;
  const out = new Uint16Array(n);
  let origin: Int32Array | null = null;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const f = FOLD[text.charCodeAt(i)]!;
    if (f === 0) {
      if (origin === null) {
        origin = new Int32Array(n + 1);
        for (let j = 0; j < k; j++) origin[j] = j;
      }
      continue;
    }
    if (origin !== null) origin[k] = i;
    out[k++] = f;
  }
  if (origin !== null) origin[k] = n;
  return { text: decoder.decode(out.subarray(0, k)), origin };
}
