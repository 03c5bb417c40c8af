import type { DetectContext, Detector, Finding } from '../../types.js';
import { findAssignments } from './assignments.js';
import { findBareTokens } from './bare-tokens.js';
import { pairedStart } from './credential-pairs.js';
import { CONTEXT_RULES } from './context-rules.js';
import { CSV_HINTS, findCsvSecrets } from './csv-columns.js';
import { ENCODED_HINTS, findEncodedSecrets, findWeakPasswords } from './encoded.js';
import { lockfileLineRanges } from './lockfile.js';
import { scanKubernetesSecrets } from './kubernetes-secrets.js';
import { buildHintIndex, type TextFacts } from './prefilter.js';
import { scanPrivateKeys } from './private-keys.js';
import { PROVIDER_RULES, type SecretRule } from './provider-rules.js';
import { SIGNED_URL_RULES } from './signed-urls.js';
import { SLOT_RULES } from './slot-rules.js';
import { compose, originalSpan, reversedView, rot13, rot13View, textViews, type TextView } from '../../views/index.js';

const RULES: readonly SecretRule[] = [...PROVIDER_RULES, ...CONTEXT_RULES, ...SIGNED_URL_RULES, ...SLOT_RULES];
const RULE_HINTS = RULES.map((rule) => (rule.hint === undefined ? [] : typeof rule.hint === 'string' ? [rule.hint] : rule.hint));
// Provider prefixes as they read reversed or rot13'd (`_phg`, `AIKA`, `tuc_`, `fx-`): their presence is what
// makes a reversed or rotated view worth building. Short or generic hints would fire on ordinary text.
const TRANSFORMABLE = PROVIDER_RULES.flatMap((r) => (r.hint === undefined ? [] : typeof r.hint === 'string' ? [r.hint] : r.hint)).filter(
  (h) => (h.length >= 4 || h === 'sk-' || h === 'xox') && !h.includes('://'),
);
const REVERSED_HINTS = new Set(TRANSFORMABLE.map((h) => [...h].reverse().join('')));
const ROTATED_HINTS = new Set(TRANSFORMABLE.map(rot13));
const MAX_TRANSFORMED = 65536;
const HINTS = buildHintIndex([...RULE_HINTS.flat(), ...ENCODED_HINTS, ...REVERSED_HINTS, ...ROTATED_HINTS, ...CSV_HINTS]);
/** Per hint (its index in HINTS): 1 when it reads reversed, 2 rot13'd, 3 both: a transformed view is worth building. */
const TRANSFORMED_BY_HINT = Uint8Array.from(HINTS.hints, (h) => (REVERSED_HINTS.has(h) ? 1 : 0) | (ROTATED_HINTS.has(h) ? 2 : 0));
/** Per hint: 1 for the base64 JSON prefixes findEncodedSecrets looks for. */
const ENCODED_BY_HINT = Uint8Array.from(HINTS.hints, (h) => (ENCODED_HINTS.includes(h) ? 1 : 0));
/** Per hint: 1 for a CSV header word beside a separator: the CSV column scan is worth running. */
const CSV_BY_HINT = Uint8Array.from(HINTS.hints, (h) => (CSV_HINTS.includes(h) ? 1 : 0));
/** Per hint: the rules (indexes into RULES) its presence lets run. */
const RULES_BY_HINT: number[][] = HINTS.hints.map((h) => RULE_HINTS.flatMap((hints, r) => (hints.includes(h) ? [r] : [])));
/** Rules without hints: they always run (past their minRun). */
const UNHINTED = RULE_HINTS.flatMap((hints, r) => (hints.length === 0 ? [r] : []));
const MIN_RUN = Int32Array.from(RULES, (rule) => rule.minRun ?? 0);
/**
 * Per rule: the scanRules call that let it run. A call number rather than a flag array per call; reading a
 * typed array skips the ~120 rules prose does not hint at without touching the rule objects.
 */
const RUNS = new Uint32Array(RULES.length);
let scans = 0;

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function scanRules(text: string, facts: TextFacts, out: Finding[]): void {
  if (scans === 0xffffffff) {
    RUNS.fill(0);
    scans = 0;
  }
  const scan = ++scans;
  for (const h of facts.found) for (const r of RULES_BY_HINT[h] as number[]) RUNS[r] = scan;
  for (const r of UNHINTED) RUNS[r] = scan;
  for (let r = 0; r < RULES.length; r++) {
    if (RUNS[r] === scan && facts.longestRun >= (MIN_RUN[r] as number)) runRule(RULES[r] as SecretRule, text, out);
  }
}

function runRule(rule: SecretRule, text: string, out: Finding[]): void {
  rule.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = rule.re.exec(text)) !== null) {
    const value = m[rule.group];
    if (m[0].length === 0) rule.re.lastIndex++;
    if (value === undefined || value === '') continue;
    if (rule.check && !rule.check(value)) continue;
    const start = m.indices?.[rule.group]?.[0] ?? m.index + m[0].lastIndexOf(value);
    if (rule.accept && !rule.accept(text, start, start + value.length)) continue;
    const from = rule.partner === undefined || !m[rule.partner] ? undefined : m.indices?.[rule.partner]?.[0];
    const spanStart = from !== undefined && from < start ? from : start;
    out.push({ detector: 'secrets', type: rule.id, score: rule.score, start: spanStart, end: start + value.length, evidence: `rule:${rule.id}` });
  }
}

/** Whether `a` should name a cluster over `b`: the higher score; on a tie the earlier start, then the earlier rule. */
function outranks(a: Finding, ai: number, b: Finding, bi: number): boolean {
  return a.score !== b.score ? a.score > b.score : a.start !== b.start ? a.start < b.start : ai < bi;
}

/**
 * One finding per cluster of overlapping ones: the highest-scoring one's type and evidence (provider rules,
 * which run first, winning ties), over the union of their spans. A union rather than a winner's span, because a
 * credential's span (a user with its password) can overlap a narrower finding on one half; keeping only one of
 * them would leave the other half unredacted.
 */
function dedupe(findings: Finding[]): Finding[] {
  const order = findings.map((_, i) => i).sort((a, b) => (findings[a] as Finding).start - (findings[b] as Finding).start || a - b);
  const kept: Finding[] = [];
  let end = -1;
  let best = -1;
  for (const i of order) {
    const f = findings[i] as Finding;
    if (kept.length > 0 && f.start < end) {
      const start = (kept[kept.length - 1] as Finding).start;
      if (outranks(f, i, findings[best] as Finding, best)) best = i;
      end = Math.max(end, f.end);
      kept[kept.length - 1] = { ...(findings[best] as Finding), start, end };
      continue;
    }
    best = i;
    end = f.end;
    kept.push(f);
  }
  return kept;
}

/**
 * The `secrets` detector: provider key formats, private keys, JWTs, credentials in connection strings,
 * command lines, constructors and Authorization headers, the signatures of signed storage URLs, generic keyword assignments, keyword-less
 * machine-made tokens in assignment or label positions, base64'd credential JSON, the `data:` values of
 * Kubernetes Secret manifests, the cells of CSV columns named as secrets and the best-known weak passwords. Lock-file integrity hashes (Cargo.lock, go.sum, npm, pip, ...) are explicit negatives.
 * Every rule also reads the decoded views of the text (guardrails/views: base64, hex, escapes, character
 * codes, full-width and invisible characters, spelled out, and reversed or rot13 when a provider prefix
 * appears so transformed); a finding there is reported on the encoded span, evidence `rule:x via kind`.
 * Evidence is the rule id, never the value.
 *
 * Scores, for policy thresholds: private keys and prefixed provider formats 0.85-0.98; credential slots
 * (URL and connection-string passwords, CLI flags, constructors, Authorization headers) 0.8-0.9; keyword
 * assignments 0.55 (a quoted word) to 0.9 (a long random value); keyword-less tokens 0.6-0.75, JWT-shaped
 * tokens 0.7, weak passwords 0.6. A threshold of 0.7 keeps formats and slots and drops most heuristics.
 */
export function createSecretsDetector(): Detector {
  return {
    name: 'secrets',
    detect: function detectSecrets(text: string, _context: DetectContext): Finding[] {
      try {
        if (typeof text !== 'string' || text.length === 0) return [];
        const facts = HINTS.facts(text);
        const plain = scanText(text, facts);
        const viewed: Finding[] = [];
        for (const view of viewsFor(text, facts)) {
          const viewFacts = HINTS.facts(view.text);
          scanView(view, viewFacts, viewed);
          // Two steps deep: base64 of a reversed token, a spelled-out rot13 token.
          for (const inner of transformedViews(view.text, viewFacts)) scanView(compose(view, inner), HINTS.facts(inner.text), viewed);
        }
        if (viewed.length === 0) return plain.length === 0 ? [] : dedupe(plain);
        // What the text says plainly wins over a decoded reading of the same span.
        const kept = dedupe(plain);
        return dedupe([...kept, ...dedupe(viewed).filter((v) => !kept.some((k) => overlaps(k, v)))]);
      } catch {
        // A pure detector never throws; an internal bug yields no findings rather than a crash.
        return [];
      }
    },
  };
}

/** The shared decoded views, plus reversed and rot13 readings when a provider prefix appears so transformed. */
function viewsFor(text: string, facts: TextFacts): readonly TextView[] {
  const shared = textViews(text);
  const transformed = transformedViews(text, facts);
  return transformed.length === 0 ? shared : [...shared, ...transformed];
}

function transformedViews(text: string, facts: TextFacts): TextView[] {
  let transformed = 0;
  for (const h of facts.found) transformed |= TRANSFORMED_BY_HINT[h] as number;
  const reversed = (transformed & 1) !== 0;
  const rotated = (transformed & 2) !== 0;
  const views: TextView[] = [];
  if (!reversed && !rotated) return views;
  // Like the shared views, bounded: a prefix planted in a huge text must not buy a full copy of it.
  const bounded = text.length > MAX_TRANSFORMED ? text.slice(0, MAX_TRANSFORMED) : text;
  if (reversed) views.push(reversedView(bounded));
  if (rotated) views.push(rot13View(bounded));
  return views;
}

function scanView(view: TextView, facts: TextFacts, out: Finding[]): void {
  for (const f of scanText(view.text, facts)) {
    const span = originalSpan(view, f.start, f.end);
    if (span.end > span.start) out.push({ ...f, ...span, evidence: `${f.evidence ?? ''} via ${view.kind}` });
  }
}

/** Findings of every rule on one text, overlapping ones included; lock-file lines dropped. */
function scanText(text: string, facts: TextFacts): Finding[] {
  const raw: Finding[] = [];
  scanPrivateKeys(text, raw);
  scanKubernetesSecrets(text, raw);
  scanRules(text, facts, raw);
  for (const hit of findAssignments(text)) {
    raw.push({
      detector: 'secrets',
      type: 'generic_secret',
      score: hit.score,
      start: pairedStart(text, hit.start),
      end: hit.end,
      evidence: `rule:generic_assignment(${hit.keyword})`,
    });
  }
  for (const hit of facts.found.some((h) => CSV_BY_HINT[h] === 1) ? findCsvSecrets(text) : []) {
    raw.push({ detector: 'secrets', type: 'generic_secret', score: hit.score, start: hit.start, end: hit.end, evidence: 'rule:csv_secret_column' });
  }
  for (const hit of [
    ...findBareTokens(text, facts.longTokens),
    ...findEncodedSecrets(
      text,
      facts.found.some((h) => ENCODED_BY_HINT[h] === 1),
    ),
    ...findWeakPasswords(text),
  ]) {
    raw.push({ detector: 'secrets', type: 'generic_secret', score: hit.score, start: hit.start, end: hit.end, evidence: `rule:${hit.rule}` });
  }
  if (raw.length === 0) return raw;
  const lockLines = lockfileLineRanges(text);
  return raw.filter((f) => !lockLines.some(([s, e]) => f.start >= s && f.end <= e));
}
