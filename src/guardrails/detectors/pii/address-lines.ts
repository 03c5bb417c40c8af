import { foldName } from './fold.js';
import { COUNTRY_NAMES } from './places.js';
import type { Candidate } from './structured.js';

/**
 * A postal address written over several lines is reported one span per line, each typed ADDRESS with the
 * address's score: the street line, the unit line, the locality line, the country line. The same words are
 * redacted as with one span (the line breaks between them were never personal data), and each line is one
 * component of the address, which is how address parsers and the presidio-research data (which labels
 * street, unit, city, country and postcode separately in its split addresses) see it.
 *
 * Kept together: a line that starts with a comma continues the line before it ("Nijmegen\n, GE"), a line
 * that is only a postcode belongs to the locality before it ("Gossau\n, nan\n 65662"), and a military
 * address (PSC / Unit / ship, then APO / FPO / DPO) is one routing code, not place names.
 * Split further: a country name followed by a postcode on the last line ("Belgium 42940"): a postcode
 * belongs with its locality, so after a country it is a component of its own.
 */

const LINE_BREAK = /[ \t]*\r?\n[ \t>]*/g;
const MILITARY_LINE = /\b[ADF]PO[ \t]+A[AEP]\b/i;
const LONE_POSTCODE = /^(?:\d{3,6}(?:-\d{3,4})?|\d{3} \d{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/;
const COUNTRY_POSTCODE = /^(\p{L}[\p{L}\p{M}'’. -]*?)(?:[ \t]+\([\p{L} ]+\))?[ \t]+(\d{4,6}(?:-\d{3,4})?)$/u;

/** The address candidate `c` as one candidate per line when it is a multi-line postal address. */
export function addressLines(text: string, c: Candidate): Candidate[] {
  const body = text.slice(c.start, c.end);
  if (!body.includes('\n') || MILITARY_LINE.test(body)) return [c];
  const parts: Candidate[] = [];
  let lineStart = c.start;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(body); m !== null; m = LINE_BREAK.exec(body)) {
    addLine(text, lineStart, c.start + m.index, c.score, parts);
    lineStart = c.start + m.index + m[0].length;
  }
  addLine(text, lineStart, c.end, c.score, parts);
  const last = parts[parts.length - 1] as Candidate;
  const country = parts.length > 1 ? COUNTRY_POSTCODE.exec(text.slice(last.start, last.end)) : null;
  if (country && COUNTRY_NAMES.has(foldName(country[1] as string))) {
    const code = country[2] as string;
    parts.push({ ...last, start: last.end - code.length });
    last.end = last.start + (country[1] as string).length;
  }
  return parts;
}

/** Adds the line [start, end) as a part, or joins it to the part before when it continues that one. */
function addLine(text: string, start: number, end: number, score: number, parts: Candidate[]): void {
  if (end <= start) return;
  const line = text.slice(start, end);
  const prev = parts[parts.length - 1];
  const continues = line.startsWith(',') || (LONE_POSTCODE.test(line) && !/\d$/.test(text.slice(0, prev?.end ?? 0)));
  if (prev && continues) prev.end = end;
  else parts.push({ type: 'ADDRESS', start, end, score });
}
