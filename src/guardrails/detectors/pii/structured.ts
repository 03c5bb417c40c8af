import { cardBrandValid, ibanValid, luhnValid, ssnStructureValid } from './checksums.js';
import { phoneScore } from './phones.js';

/** A candidate entity before masking; scores are adjusted by context afterwards. */
export interface Candidate {
  type: string;
  start: number;
  end: number;
  score: number;
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
// Digit groups separated by single spaces or dashes; bounded so long digit runs stay linear.
const CARD = /\b\d(?:[ -]?\d){11,18}\b/g;
// Either compact or printed in groups of four (ISO 13616 paper format).
const IBAN = /\b[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?|(?:-[A-Za-z0-9]{4}){2,7}(?:-[A-Za-z0-9]{1,4})?)\b/g;
const SSN = /\b(\d{3})([- ]?)(\d{2})\2(\d{4})\b/g;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b/g;
const IPV6 =
  /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::?[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{1,4}){0,6}(?![\w:])|(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:])/g;
// One bounded character class (no nested optional groups) so long digit runs cannot backtrack exponentially.
const PHONE = /(?<![\w+])(?:\+|\(|\b)\d[\d ().\-\u00a0]{5,22}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?\b/g;

const EMAIL_EDGE = /[A-Za-z0-9._%+-]/;

function collect(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  collectFrom(re, text, 0, fn);
}

function collectFrom(re: RegExp, text: string, from: number, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

export function findEmails(text: string, out: Candidate[]): void {
  // The pattern runs only in a window around each "@" (local part <= 64, domain <= 9 labels of 63), which
  // finds the same matches as a scan of the whole text without trying every position of a long prompt.
  let from = 0;
  let windows = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < from || !EMAIL_EDGE.test(text[at - 1] ?? '') || !EMAIL_EDGE.test(text[at + 1] ?? '')) continue;
    // Text dense with "@" (a scraped mailing list, an attack): one scan of the rest is cheaper.
    if (++windows > 32) {
      collectFrom(EMAIL, text, from, (m) => out.push({ type: 'EMAIL_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.95 }));
      return;
    }
    const lo = Math.max(from, at - 64);
    const window = text.slice(lo, Math.min(text.length, at + 600));
    EMAIL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = EMAIL.exec(window)) !== null) {
      const start = lo + m.index;
      const end = start + m[0].length;
      if (start > at) break;
      if (end > at) {
        out.push({ type: 'EMAIL_ADDRESS', start, end, score: 0.95 });
        from = end;
        break;
      }
    }
  }
}

export function findCards(text: string, out: Candidate[]): void {
  collect(CARD, text, (m) => {
    // `+447700...`: an international phone number, never a card.
    if (text[m.index - 1] === '+') return;
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 12 || digits.length > 19) return;
    if (/^(\d)\1+$/.test(digits)) return;
    if (!luhnValid(digits)) {
      // Checksum-invalid: reported low so a strict policy can still act, ignored at default thresholds.
      out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + m[0].length, score: 0.2 });
      return;
    }
    out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + m[0].length, score: cardBrandValid(digits) ? 0.9 : 0.45 });
  });
}

export function findIbans(text: string, out: Candidate[]): void {
  collect(IBAN, text, (m) => {
    const valid = ibanValid(m[0]);
    const upper = /^[A-Z]{2}/.test(m[0]);
    out.push({ type: 'IBAN', start: m.index, end: m.index + m[0].length, score: valid ? (upper ? 0.95 : 0.85) : 0.15 });
  });
}

export function findSsns(text: string, out: Candidate[]): void {
  collect(SSN, text, (m) => {
    const [, area = '', sep = '', group = '', serial = ''] = m;
    if (!ssnStructureValid(area, group, serial)) return;
    // Bare 9-digit runs are ambiguous (order numbers, ZIP+4); they need a context word to count.
    out.push({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score: sep === '-' ? 0.75 : sep === ' ' ? 0.5 : 0.3 });
  });
}

const DIGIT = /\d/;

/**
 * Every structured type in `text`, in this order: e-mail addresses, IBANs, cards, SSNs, IP addresses, phone
 * numbers. All but e-mail and IPv6 need a digit, which prose often lacks: one test skips their patterns.
 */
export function findStructured(text: string, out: Candidate[]): void {
  findEmails(text, out);
  if (!DIGIT.test(text)) {
    if (mayHoldIpv6(text)) findIpv6(text, out);
    return;
  }
  findIbans(text, out);
  findCards(text, out);
  findSsns(text, out);
  findIps(text, out);
  findPhones(text, out);
}

export function findIps(text: string, out: Candidate[]): void {
  collect(IPV4, text, (m) => {
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    // Version strings (v1.2.3.4, 1.2.3.4.5) are not addresses.
    if (before === '.' || (after === '.' && /\d/.test(text[m.index + m[0].length + 1] ?? ''))) return;
    // `WinPython-64bit-3.4.2.4`, `v1.2.3.4`, `_2.0.1.7`: a version glued to a name.
    if (/(?:[A-Za-z0-9][-_]|(?<![A-Za-z])[vV])$/.test(text.slice(Math.max(0, m.index - 2), m.index))) return;
    out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.85 });
  });
  if (mayHoldIpv6(text)) findIpv6(text, out);
}

/** IPv6 addresses in text, with no gate: findIps runs it only when mayHoldIpv6 says one can be there. */
export function findIpv6(text: string, out: Candidate[]): void {
  collect(IPV6, text, (m) => {
    // Full form has seven colons; anything shorter must use `::` compression (RFC 4291), which also rules out times.
    const colons = m[0].split(':').length - 1;
    if (colons > 7 || (colons !== 7 && !m[0].includes('::')) || m[0].split('::').length > 2) return;
    if (/^\d{1,2}:\d{2}(?::\d{2})?$/.test(m[0])) return;
    out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.8 });
  });
}

/**
 * Whether an IPv6 address findIps would keep can be in text: one holds `::` or seven colons, and a match is
 * made of hex digits and colons only, so without `::` some run of those must hold seven colons. One linear
 * pass instead of the address pattern tried at every position (most prose has colons, few have addresses).
 */
export function mayHoldIpv6(text: string): boolean {
  if (text.includes('::')) return true;
  // From colon to colon (indexOf is a native scan; prose has few colons): a run keeps counting while the
  // characters between two colons are all hex digits, and starts again at one otherwise.
  let colons = 0;
  let last = -1;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    colons = last >= 0 && allHex(text, last + 1, at) ? colons + 1 : 1;
    if (colons >= 7) return true;
    last = at;
  }
  return false;
}

function allHex(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export function findPhones(text: string, out: Candidate[]): void {
  collect(PHONE, text, (m) => {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    const core = raw.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/, '').replace(/\D/g, '');
    if (core.length < 7 || core.length > 15) return;
    const grouped = /[ .\-()]/.test(raw.trim());
    if (!grouped && !raw.startsWith('+') && !raw.startsWith('00') && core.length !== 10) return;
    if (/^(?:19|20)\d\d$/.test(digits)) return;
    // Dates and times (2018-02-24 12:45) and house numbers before a street name are not phones.
    if (/^\d{4}-\d{2}-\d{2}/.test(raw) || /^[ \t]+\p{Lu}\p{Ll}/u.test(text.slice(m.index + raw.length, m.index + raw.length + 3))) return;
    let start = m.index;
    let end = m.index + raw.length;
    while (end > start && /[\s.-]/.test(text[end - 1] ?? '')) end--;
    if (text[start] === '(' && !raw.includes(')')) start++;
    if (/\n/.test(raw)) return;
    const score = phoneScore(text.slice(start, end).replace(/\(0\)/, ''), text.slice(Math.max(0, start - 40), start), text.slice(end, end + 20));
    if (score > 0) out.push({ type: 'PHONE_NUMBER', start, end, score });
  });
}
