import type { DetectContext, Detector, Finding } from '../../types.js';
import { findAddresses } from './address.js';
import { addressLines } from './address-lines.js';
import { maskValue } from './mask.js';
import { findLocations } from './locations.js';
import { findPersons } from './persons.js';
import { findStructured, type Candidate } from './structured.js';
import { isLowerCaseText, tokenize, TokenPool } from './tokens.js';

export interface PiiDetectorOptions {
  /** Types to report (default: all). */
  types?: string[];
  /** Findings below this score are dropped (default 0.5). */
  minScore?: number;
}

/** Context words within 40 characters before a candidate that raise its score. */
const CONTEXT: Record<string, RegExp> = {
  US_SSN: /\b(?:ssn|social security|social sec|ss#|ss no)\b/i,
  CREDIT_CARD: /\b(?:card|credit|debit|visa|mastercard|amex|cc|payment)\b/i,
  PHONE_NUMBER: /\b(?:call|phone|tel|telephone|mobile|cell|fax|desk|office|number|reach me|text me|whatsapp|contact)\b/i,
  IBAN: /\b(?:iban|account|bank|transfer|wire)\b/i,
  IP_ADDRESS: /\b(?:ip|address|host|server)\b/i,
  ADDRESS: /\b(?:lives? at|address|located at|ship to|deliver(?:ed)? to|send (?:it )?to|moving to)\b/i,
};

/** Higher wins when spans overlap: checksummed and structured types before free-text patterns. */
const PRIORITY: Record<string, number> = {
  EMAIL_ADDRESS: 9,
  IBAN: 8,
  CREDIT_CARD: 7,
  US_SSN: 6,
  IP_ADDRESS: 6,
  ADDRESS: 5.5,
  PHONE_NUMBER: 5,
  PERSON: 3,
  LOCATION: 2,
};

function applyContext(text: string, c: Candidate): Candidate {
  const re = CONTEXT[c.type];
  if (!re) return c;
  const window = text.slice(Math.max(0, c.start - 40), c.start);
  if (!re.test(window)) return c;
  // A checksum-invalid card or IBAN stays low even with a context word.
  if (c.score < 0.25) return c;
  return { ...c, score: Math.min(0.99, c.score + (c.type === 'US_SSN' ? 0.3 : 0.15)) };
}

function resolveOverlaps(all: Candidate[], minScore: number): Candidate[] {
  // Candidates that pass the threshold are resolved first, so a checksum-invalid card (scored low) never
  // hides a valid phone number on the same digits.
  const cands = [...all.filter((c) => c.score >= minScore), ...all.filter((c) => c.score < minScore)];
  const sorted = [...cands].sort(
    (a, b) =>
      Number(b.score >= minScore) - Number(a.score >= minScore) ||
      (PRIORITY[b.type] ?? 0) - (PRIORITY[a.type] ?? 0) ||
      b.score - a.score ||
      b.end - b.start - (a.end - a.start),
  );
  // Kept spans never overlap, so they stay sorted by start and a binary search finds the neighbours.
  const kept: Candidate[] = [];
  for (const c of sorted) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid] as Candidate).start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if ((before && before.end > c.start) || (after && after.start < c.end)) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

/**
 * The `pii` detector: emails, phone numbers (libphonenumber-js), cards (Luhn), IBANs (mod-97), US SSNs,
 * IPv4/IPv6, and pattern/gazetteer-based PERSON, ADDRESS and LOCATION. Evidence is masked.
 */
export function createPiiDetector(options: PiiDetectorOptions = {}): Detector {
  const types = options.types ? new Set(options.types) : undefined;
  const minScore = options.minScore ?? 0.5;
  const want = (t: string): boolean => types === undefined || types.has(t);
  // detect() is synchronous, so one pool per detector is never shared by two calls at once.
  const pool = new TokenPool();
  return {
    name: 'pii',
    detect: function detectPii(text: string, _context: DetectContext): Finding[] {
      try {
        if (typeof text !== 'string' || text.length === 0) return [];
        const cands: Candidate[] = [];
        findStructured(text, cands);
        const lowerCase = isLowerCaseText(text);
        const tokens = tokenize(text, pool);
        findAddresses(text, tokens, lowerCase, cands);
        if (want('PERSON')) findPersons(text, tokens, lowerCase, cands);
        if (want('LOCATION')) findLocations(text, tokens, lowerCase, cands);
        const resolved = resolveOverlaps(
          cands.map((c) => applyContext(text, c)),
          minScore,
        );
        return resolved
          .filter((c) => c.score >= minScore && want(c.type))
          .flatMap((c) => (c.type === 'ADDRESS' ? addressLines(text, c) : [c]))
          .map((c) => ({
            detector: 'pii' as const,
            type: c.type,
            score: Math.round(c.score * 100) / 100,
            start: c.start,
            end: c.end,
            evidence: maskValue(c.type, text.slice(c.start, c.end)),
          }));
      } catch {
        // Never throw from a detector; an internal bug yields no findings (see types.ts contract).
        return [];
      }
    },
  };
}
