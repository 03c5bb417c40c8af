import type { Candidate } from './structured.js';

/**
 * Street addresses by pattern: house number + street words + a street suffix (English and common European
 * forms), P.O. boxes and US military addresses, with an optional unit and a tail of city / state / ZIP /
 * country segments. Addresses with no suffix and no number stay out of reach.
 */

const SUFFIX =
  'Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Way|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Crescent|Close|Parks?|Points?|Islands?|Heights|Gardens|Grove|Hill|Hills|Row|Walk|Mews|Green|Plaza|Alley|Loop|Run|Pass|Path|Pike|Ridge|Port|Estates?|Ville|Mill|Mills|Falls|Manor|Meadows?|Springs?|Views?|Crossing|Junction|Center|Centre|Shores?|Harbor|Harbour|Rue|Via|Calle|Rua';
const EUROPEAN_STREET = String.raw`[\p{Lu}][\p{L}\-]*(?:straße|strasse|str\.|gasse|weg|vej|gade|vägen|gatan|gata|veien|vegen|gate|laan|straat|gracht|plein|tie|katu|kuja|polku|braut|ulica|cesta|utca|út|ská|cká|ná|ova|ovo|ev)`;
const UNIT = String.raw`(?:[,\s]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|#)\s*#?\d+[A-Za-z]?){0,2}`;
const TAIL = String.raw`(?:[ \t]*(?:,[ \t]*\n?|\n)[ \t]*(?:[\p{Lu}][\p{L}'.\-]*(?:[ \t][\p{Lu}][\p{L}'.\-]*){0,3}(?:,?[ \t]+[A-Z]{2,3})?(?:[ \t]+\d{4,6})?|[A-Z]{2,3}(?:[ \t]+\d{4,6})?|\d{4,6})){0,4}`;

const STREET = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?(?:[ \t]+\d{1,6})?[ \t]+(?:[\p{Lu}\d][\p{L}\d.'\-]*[ \t]+){0,4}(?:${SUFFIX})\b\.?` + UNIT + TAIL,
  'gu',
);
const EURO = new RegExp(String.raw`(?:\b\d{1,6}[ \t]+)?${EUROPEAN_STREET}[ \t]+\d{1,5}[A-Za-z]?\b` + UNIT + TAIL, 'gu');
const PO_BOX = new RegExp(String.raw`\b(?:P\.?\s?O\.?\s?Box|Post(?:al)?\s+Office\s+Box|PO Box)\s+\d{1,6}` + UNIT + TAIL, 'giu');
const MILITARY = /\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USNV|USS|USCGC)\s+[A-Z][a-z]+)\s*\n?\s*(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}\b/g;
const UNIT_ONLY = /\b(?:Apt\.?|Apartment|Suite)\s+#?\d{1,5}\b/g;

function scan(re: RegExp, text: string, score: number, out: Candidate[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let end = m.index + m[0].length;
    while (end > m.index && /[\s,]/.test(text[end - 1] ?? '')) end--;
    out.push({ type: 'ADDRESS', start: m.index, end, score });
    if (m[0].length === 0) re.lastIndex++;
  }
}

export function findAddresses(text: string, out: Candidate[]): void {
  scan(MILITARY, text, 0.9, out);
  scan(STREET, text, 0.75, out);
  scan(EURO, text, 0.65, out);
  scan(PO_BOX, text, 0.8, out);
  scan(UNIT_ONLY, text, 0.55, out);
}
