import { distinctChars, shannonEntropy } from './entropy.js';

/**
 * Generic credential assignments: an identifier naming a secret (`password`, `api_key`, `AUTH_TOKEN`,
 * `stripe SECRET`) followed by a separator and a value that looks random enough to be a credential.
 */

export interface AssignmentHit {
  start: number;
  end: number;
  keyword: string;
  score: number;
}

const KEYWORD = /key|secret|token|passw(?:or)?d|pass(?![a-z])|pwd|passphrase|credential|auth|access|private|sid|api|pat(?![a-z])/gi;
const IDENT_CHAR = /[A-Za-z0-9_.\-]/;
const VALUE = /[A-Za-z0-9_\-+\/=.~!@#$%^&*?]{6,300}/y;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|<.*>|\[.*\]|\{.*\}|%.*%|null|none|nil|true|false|undefined|changeme|password\d*|secret|example|your[_\-]?\w*|my[_\-]?\w*|test|dummy|redacted|placeholder|not[_\-]?set|string|value|required|optional|xxx\w*)$/i;

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && IDENT_CHAR.test(ch);
}

/** Reads the separator after an identifier: `=`, `:`, `:=`, `=>`, quotes, or (weaker) plain whitespace. */
function readSeparator(text: string, i: number): { next: number; strong: boolean } | undefined {
  let j = i;
  const limit = Math.min(text.length, i + 12);
  let strong = false;
  let sawSpace = false;
  while (j < limit) {
    const ch = text[j];
    if (ch === '"' || ch === "'" || ch === '`' || ch === ']' || ch === ')') j++;
    else if (ch === ' ' || ch === '\t') {
      sawSpace = true;
      j++;
    } else if (ch === '=' || ch === ':' || ch === '>' || ch === ',') {
      strong = true;
      j++;
    } else break;
  }
  if (!strong && !sawSpace) return undefined;
  return { next: j, strong };
}

function valueScore(value: string, strongSeparator: boolean, keywordUpper: boolean): number {
  if (value.length < 8 || PLACEHOLDER.test(value)) return 0;
  if (value.startsWith('$') && !value.startsWith('$2') && value.length < 40) return 0;
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return 0;
  if (/^(?:https?|ftp):?\/\//i.test(value) || /^\.\.?\//.test(value)) return 0;
  if (/^[A-Za-z_]+\.[A-Za-z_]+(?:\.[A-Za-z_]+)*$/.test(value)) return 0;
  const distinct = distinctChars(value);
  const entropy = shannonEntropy(value);
  if (distinct < 5 || entropy < 2.3) return 0;
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (!strongSeparator) {
    // Prose ("the key insight"): without `=`/`:` only digit-bearing or shouted-keyword values count.
    if (!(hasDigit && hasLetter) && !(keywordUpper && value.length >= 16)) return 0;
  }
  if (!hasDigit && !mixedCase && value.length < 16 && /^[a-z_\-]+$/.test(value)) return strongSeparator ? 0.55 : 0;
  let score = 0.6;
  if (hasDigit && hasLetter) score += 0.15;
  if (value.length >= 20) score += 0.1;
  if (entropy >= 3.5) score += 0.1;
  return Math.min(score, 0.9);
}

const TAIL_KEYWORDS = /^(?:[-_.]?(?:key|secret|token|access|private|api|auth|sid|pat|id|v\d))*[-_.]/i;

/**
 * `zipcodebase-secret-123e4567-...`, `holidayapiKEY-<uuid>`: the value is glued to the identifier by a
 * dash or underscore. Only a long, digit-and-letter, high-entropy tail counts.
 */
function gluedValue(text: string, afterKeyword: number, identEnd: number): { start: number; end: number; score: number } | undefined {
  const tail = text.slice(afterKeyword, identEnd);
  const lead = TAIL_KEYWORDS.exec(tail);
  if (!lead) return undefined;
  const value = tail.slice(lead[0].length).replace(/[.\-_]+$/, '');
  if (value.length < 16 || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return undefined;
  if (shannonEntropy(value) < 3 || distinctChars(value) < 8) return undefined;
  const start = afterKeyword + lead[0].length;
  return { start, end: start + value.length, score: 0.7 };
}

/** Finds generic secret assignments; linear in the text length (each identifier is read once). */
export function findAssignments(text: string): AssignmentHit[] {
  const hits: AssignmentHit[] = [];
  KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD.exec(text)) !== null) {
    let identEnd = m.index + m[0].length;
    while (identEnd < text.length && identEnd - m.index < 80 && isIdentChar(text[identEnd])) identEnd++;
    KEYWORD.lastIndex = identEnd;
    let identStart = m.index;
    while (identStart > 0 && m.index - identStart < 80 && isIdentChar(text[identStart - 1])) identStart--;
    const ident = text.slice(identStart, identEnd);
    const glued = gluedValue(text, m.index + m[0].length, identEnd);
    if (glued) {
      hits.push({ ...glued, keyword: m[0].toLowerCase() });
      continue;
    }
    // `PRIVATE KEY xyz`, `SECRET KEY xyz`: allow one more shouted keyword word before the value.
    let sepAt = identEnd;
    const follow = /^[ \t]+(KEY|TOKEN|SECRET|ID)\b/.exec(text.slice(identEnd, identEnd + 12));
    if (follow) sepAt = identEnd + follow[0].length;
    const sep = readSeparator(text, sepAt);
    if (!sep) continue;
    VALUE.lastIndex = sep.next;
    const v = VALUE.exec(text);
    if (!v) continue;
    let value = v[0].replace(/[.,;!?]+$/, '');
    // A quoted value ends at its closing quote; trailing `",` etc. are not part of it.
    const start = sep.next;
    if (/^(?:public|publishable|id|name|label|url|file|path|type|field|length|size|count|max|min)$/i.test(ident.split(/[_.\-]/).pop() ?? '')) continue;
    if (text[start + value.length] === '(') continue;
    const keywordUpper = m[0] === m[0].toUpperCase();
    const score = valueScore(value, sep.strong, keywordUpper);
    if (score <= 0) continue;
    hits.push({ start, end: start + value.length, keyword: m[0].toLowerCase(), score });
    value = '';
  }
  return hits;
}
