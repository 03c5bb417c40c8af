import { segmentView, type TextView } from './view.js';

/**
 * Strings written as character codes: `[103, 104, 112, ...]`, `chr(103)+chr(104)`, `String.fromCharCode(...)`,
 * `0x67, 0x68`, and hex bytes separated by spaces or colons (`67 68 70 5f`, an xxd or Wireshark dump). Only lists that decode to eight or more printable ASCII characters, mostly letters and digits,
 * become views: a CSV row of measurements decodes to punctuation soup and is left alone.
 */

const NUMBER = '(?:0[xX][0-9a-fA-F]{1,2}|\\d{2,3})';
// Numbers and separators are disjoint classes, so the scan is linear.
const LIST = new RegExp(`${NUMBER}(?:\\s*[,;]\\s*${NUMBER}){7,}`, 'g');
const HEX_BYTES = /(?<![0-9A-Za-z])[0-9a-fA-F]{2}(?:[ :][0-9a-fA-F]{2}){7,}(?![0-9A-Za-z])/g;
const CALL = /\b(?:chr|char|chrw|Chr|CHAR|ChrW|unichr)\s*\(\s*(0[xX][0-9a-fA-F]{1,2}|\d{1,3})\s*\)/g;
const CALL_GAP = /^[\s+,.&|]*$/;
const MIN_CHARS = 8;
const MAX_VIEWS = 16;

function decodeCodes(codes: readonly string[]): string | null {
  if (codes.length < MIN_CHARS) return null;
  let out = '';
  let tokenish = 0;
  for (const raw of codes) {
    const code = raw.startsWith('0x') || raw.startsWith('0X') ? parseInt(raw.slice(2), 16) : parseInt(raw, 10);
    if (code < 32 || code > 126) return null;
    const c = String.fromCharCode(code);
    if (/[A-Za-z0-9_-]/.test(c)) tokenish++;
    out += c;
  }
  return tokenish >= out.length * 0.8 ? out : null;
}

/** Cheap test: a run of comma-separated numbers or a character-code call. */
export function mayHaveCharCodes(text: string): boolean {
  return text.includes('(') || /\d\s*,\s*\d|[0-9a-fA-F]{2}[ :][0-9a-fA-F]{2}[ :][0-9a-fA-F]{2}/.test(text);
}

/** One view per decodable list, each pointing at the whole list. */
export function charCodeViews(text: string): TextView[] {
  if (!mayHaveCharCodes(text)) return [];
  const views: TextView[] = [];
  LIST.lastIndex = 0;
  for (let m = LIST.exec(text); m !== null && views.length < MAX_VIEWS; m = LIST.exec(text)) {
    const decoded = decodeCodes(m[0].split(/\s*[,;]\s*/));
    if (decoded !== null) views.push(segmentView('char_codes', decoded, m.index, m.index + m[0].length));
  }
  HEX_BYTES.lastIndex = 0;
  for (let m = HEX_BYTES.exec(text); m !== null && views.length < MAX_VIEWS; m = HEX_BYTES.exec(text)) {
    const decoded = decodeCodes(m[0].split(/[ :]/).map((h) => `0x${h}`));
    if (decoded !== null) views.push(segmentView('char_codes', decoded, m.index, m.index + m[0].length));
  }
  if (!text.includes('(')) return views;
  CALL.lastIndex = 0;
  let codes: string[] = [];
  let start = -1;
  let end = -1;
  const flush = (): void => {
    const decoded = decodeCodes(codes);
    if (decoded !== null && views.length < MAX_VIEWS) views.push(segmentView('char_codes', decoded, start, end));
    codes = [];
  };
  for (let m = CALL.exec(text); m !== null; m = CALL.exec(text)) {
    if (codes.length > 0 && !CALL_GAP.test(text.slice(end, m.index))) flush();
    if (codes.length === 0) start = m.index;
    codes.push(m[1] as string);
    end = m.index + m[0].length;
  }
  if (codes.length > 0) flush();
  return views;
}
