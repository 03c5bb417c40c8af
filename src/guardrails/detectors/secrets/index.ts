import type { DetectContext, Detector, Finding } from '../../types.js';
import { findAssignments } from './assignments.js';
import { lockfileLineRanges } from './lockfile.js';
import { PRIVATE_KEY_BEGIN, PROVIDER_RULES } from './provider-rules.js';

/** Masks a secret for evidence: rule id plus a short prefix only for self-identifying provider prefixes. */
function evidenceFor(ruleId: string): string {
  return `rule:${ruleId}`;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function scanProviders(text: string, out: Finding[]): void {
  for (const rule of PROVIDER_RULES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text)) !== null) {
      const value = m[rule.group];
      if (value === undefined) continue;
      if (rule.check && !rule.check(value)) continue;
      const start = m.index + m[0].lastIndexOf(value);
      out.push({ detector: 'secrets', type: rule.id, score: rule.score, start, end: start + value.length, evidence: evidenceFor(rule.id) });
    }
  }
}

function scanPrivateKeys(text: string, out: Finding[]): void {
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PRIVATE_KEY_BEGIN.exec(text)) !== null) {
    const endMarker = text.indexOf('-----END', m.index + m[0].length);
    let end = text.length;
    if (endMarker !== -1) {
      const close = text.indexOf('-----', endMarker + 8);
      end = close === -1 ? text.length : close + 5;
    }
    out.push({ detector: 'secrets', type: 'private_key', score: 0.98, start: m.index, end, evidence: 'rule:private_key' });
    PRIVATE_KEY_BEGIN.lastIndex = end;
  }
}

/** Keeps the highest-scoring finding among overlapping ones, provider rules winning ties. */
function dedupe(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => b.score - a.score || a.start - b.start);
  const kept: Finding[] = [];
  for (const f of sorted) if (!kept.some((k) => overlaps(k, f))) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * The `secrets` detector: provider key formats, private keys, JWTs, connection strings with passwords and
 * generic high-entropy assignments. Lock-file integrity hashes (Cargo.lock, go.sum, npm) are explicit
 * negatives. Evidence is the rule id, never the value.
 */
export function createSecretsDetector(): Detector {
  return {
    name: 'secrets',
    detect: function detectSecrets(text: string, _context: DetectContext): Finding[] {
      try {
        if (typeof text !== 'string' || text.length === 0) return [];
        const raw: Finding[] = [];
        scanPrivateKeys(text, raw);
        scanProviders(text, raw);
        for (const hit of findAssignments(text)) {
          raw.push({ detector: 'secrets', type: 'generic_secret', score: hit.score, start: hit.start, end: hit.end, evidence: `rule:generic_assignment(${hit.keyword})` });
        }
        if (raw.length === 0) return [];
        const lockLines = lockfileLineRanges(text);
        const kept = raw.filter((f) => !lockLines.some(([s, e]) => f.start >= s && f.end <= e));
        return dedupe(kept);
      } catch {
        // A pure detector never throws; an internal bug yields no findings rather than a crash.
        return [];
      }
    },
  };
}
