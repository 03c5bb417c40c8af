import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * Keywords detector: custom term lists, matched in one pass by a single compiled alternation. The default
 * list flags data-classification markers, so a document marked CONFIDENTIAL does not leave unnoticed.
 */

export interface KeywordsDetectorOptions {
  /** List name (the finding type) to terms. Spaces in a term match any run of whitespace. */
  lists?: Record<string, string[]>;
  /** Default false; true when `lists` is omitted, because "confidential" in prose is not a marker. */
  caseSensitive?: boolean;
  /** Terms match only between non-word characters. Default true. */
  wholeWord?: boolean;
}

export const DEFAULT_KEYWORD_LISTS: Readonly<Record<string, string[]>> = {
  classification: [
    'CONFIDENTIAL',
    'STRICTLY CONFIDENTIAL',
    'INTERNAL ONLY',
    'INTERNAL USE ONLY',
    'FOR INTERNAL USE ONLY',
    'RESTRICTED',
    'TOP SECRET',
    'SECRET//NOFORN',
    'NOFORN',
    'FOR OFFICIAL USE ONLY',
    'CUI',
    'PROPRIETARY AND CONFIDENTIAL',
    'ATTORNEY-CLIENT PRIVILEGED',
  ],
};

const MAX_FINDINGS = 200;

function escapeTerm(term: string): string {
  return term
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
}

function normalize(term: string, caseSensitive: boolean): string {
  const collapsed = term.trim().replace(/\s+/g, ' ');
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}

/** Creates the keywords detector; throws on an invalid configuration (at start, never in detect). */
export function createKeywordsDetector(options: KeywordsDetectorOptions = {}): Detector {
  const lists = options.lists ?? DEFAULT_KEYWORD_LISTS;
  const caseSensitive = options.caseSensitive ?? options.lists === undefined;
  const wholeWord = options.wholeWord ?? true;

  // normalized term -> [list name, configured term]; one term may sit in several lists.
  const owners = new Map<string, Array<[string, string]>>();
  for (const [list, terms] of Object.entries(lists)) {
    if (!Array.isArray(terms)) throw new TypeError(`keywords: list "${list}" must be an array of strings`);
    for (const term of terms) {
      if (typeof term !== 'string' || term.trim() === '') continue;
      const key = normalize(term, caseSensitive);
      const entry = owners.get(key) ?? [];
      entry.push([list, term.trim()]);
      owners.set(key, entry);
    }
  }
  // Longest first, so "STRICTLY CONFIDENTIAL" wins over "CONFIDENTIAL" at the same position.
  const alternation = [...owners.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeTerm)
    .join('|');
  const pattern =
    alternation === ''
      ? null
      : new RegExp(wholeWord ? `(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])` : `(?:${alternation})`, caseSensitive ? 'gu' : 'giu');

  function detectKeywords(text: string, _context: DetectContext): Finding[] {
    if (pattern === null || typeof text !== 'string') return [];
    const findings: Finding[] = [];
    for (const m of text.matchAll(pattern)) {
      for (const [list, term] of owners.get(normalize(m[0], caseSensitive)) ?? []) {
        findings.push({
          detector: 'keywords',
          type: list,
          score: 1,
          start: m.index,
          end: m.index + m[0].length,
          evidence: `${list}: ${term}`,
        });
      }
      if (findings.length >= MAX_FINDINGS) break;
    }
    return findings;
  }

  return { name: 'keywords', detect: detectKeywords };
}
