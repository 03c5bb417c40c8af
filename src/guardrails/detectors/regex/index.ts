import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * Regex detector: operator-supplied patterns, compiled once at start. JavaScript regexes backtrack, so a
 * pattern like `(a+)+$` is exponential on hostile input (ReDoS). Two guards:
 * 1. patterns with a quantified group that itself ends in a quantifier (`(a+)+`, `(\w*){2,}`) or with a
 *    backreference are refused at creation;
 * 2. only the first `maxInputLength` characters (default 65,536) are scanned; a longer text yields a
 *    `scan_truncated` finding with score 0, so the record shows it without tripping a threshold.
 * These bound, but do not eliminate, super-linear patterns: keep custom patterns simple and anchored.
 */

export interface RegexDetectorOptions {
  /** Pattern name (the finding type) to JavaScript regex source. */
  patterns: Record<string, string>;
  /** Extra flags for every pattern: 'i', 'm', 's' or 'u'. */
  flags?: string;
  maxInputLength?: number;
}

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}]\)(?:[+*]|\{\d+,\d*\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;
const MAX_FINDINGS_PER_PATTERN = 100;

/** Why a pattern is refused, or null when it passes the ReDoS guard. */
export function unsafePatternReason(source: string): string | null {
  if (NESTED_QUANTIFIER.test(source)) return 'nested quantifier';
  if (BACKREFERENCE.test(source)) return 'backreference';
  return null;
}

/** Creates the regex detector; throws on an invalid or unsafe pattern (at start, never in detect). */
export function createRegexDetector(options: RegexDetectorOptions): Detector {
  const flags = options.flags ?? '';
  if (!/^[imsu]*$/.test(flags)) throw new TypeError(`regex: unsupported flags "${flags}"`);
  const maxInputLength = options.maxInputLength ?? 65_536;
  const compiled: Array<[string, RegExp]> = [];
  for (const [name, source] of Object.entries(options.patterns ?? {})) {
    if (typeof source !== 'string' || source === '') throw new TypeError(`regex: pattern "${name}" is empty`);
    const reason = unsafePatternReason(source);
    if (reason !== null) throw new TypeError(`regex: pattern "${name}" refused (${reason}: ReDoS risk)`);
    compiled.push([name, new RegExp(source, `g${flags}`)]);
  }

  function detectRegex(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string') return [];
    const findings: Finding[] = [];
    const scanned = text.length > maxInputLength ? text.slice(0, maxInputLength) : text;
    for (const [name, re] of compiled) {
      re.lastIndex = 0;
      let count = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(scanned)) !== null && count < MAX_FINDINGS_PER_PATTERN) {
        if (m[0].length === 0) {
          re.lastIndex++; // an empty match would loop forever
          continue;
        }
        count++;
        // Custom patterns often match identifiers: the evidence names the rule, never the match.
        findings.push({ detector: 'regex', type: name, score: 1, start: m.index, end: m.index + m[0].length, evidence: `pattern:${name}` });
      }
    }
    if (scanned.length < text.length) {
      findings.push({
        detector: 'regex',
        type: 'scan_truncated',
        score: 0,
        start: maxInputLength,
        end: text.length,
        evidence: `scanned first ${maxInputLength} chars`,
      });
    }
    return findings;
  }

  return { name: 'regex', detect: detectRegex };
}
