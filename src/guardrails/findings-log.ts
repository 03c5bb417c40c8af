import type { Exchange } from '../core/exchange.js';
import type { RecordedFinding } from '../core/record.js';
import { boundedPath, DEFAULT_SCAN_LIMITS, stricter, type GuardrailAction, type OmittedFindings, type PolicyFinding } from './policy.js';

const FINDINGS = Symbol('guardrails.findings');

export type { RecordedFinding };

/** How many findings a record lists; past either cap it keeps a count per direction, detector and type. */
export interface RecordLimits {
  /** Per detector and direction. */
  readonly findingsPerDetector: number;
  /** All detectors, both directions. */
  readonly recordedFindings: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = Object.freeze({ findingsPerDetector: DEFAULT_SCAN_LIMITS.findingsPerDetector, recordedFindings: 500 });

/** Distinct (direction, detector, type) counts a record keeps; past it a detector's further types count under `*`. */
const MAX_COUNTED_TYPES = 64;
const MAX_TYPE_LENGTH = 128;

interface FindingsLog {
  listed: RecordedFinding[];
  perDetector: Map<string, number>;
  counted: Map<string, RecordedFinding & { omitted: number }>;
}

/**
 * Appends findings to the exchange's guardrail log, for the record. The record stays small whatever the
 * request holds: it lists at most `findingsPerDetector` findings per detector and direction and
 * `recordedFindings` in all, and counts the rest per detector and type (an entry with `omitted`: how many,
 * where the first was, the highest score, the strictest action). `omitted` are findings a decision already
 * counted instead of listing.
 */
export function recordFindings(
  exchange: Exchange,
  direction: 'input' | 'output',
  findings: readonly PolicyFinding[],
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
  omitted: readonly OmittedFindings[] = [],
): void {
  if (findings.length === 0 && omitted.length === 0) return;
  let log = exchange.state.get(FINDINGS) as FindingsLog | undefined;
  if (!log) {
    log = { listed: [], perDetector: new Map(), counted: new Map() };
    exchange.state.set(FINDINGS, log);
  }
  for (const f of findings) {
    const key = `${direction}\u0000${f.detector}`;
    const n = log.perDetector.get(key) ?? 0;
    if (n < limits.findingsPerDetector && log.listed.length < limits.recordedFindings) {
      log.perDetector.set(key, n + 1);
      log.listed.push({
        direction,
        detector: f.detector,
        type: f.type.slice(0, MAX_TYPE_LENGTH),
        score: f.score,
        start: f.start,
        end: f.end,
        path: boundedPath(f.path),
        action: f.action,
      });
    } else {
      count(log, direction, f, 1);
    }
  }
  for (const o of omitted) count(log, direction, o, o.count);
}

function count(
  log: FindingsLog,
  direction: 'input' | 'output',
  f: Pick<PolicyFinding, 'detector' | 'type' | 'score' | 'start' | 'end' | 'path' | 'action'>,
  n: number,
): void {
  let type = f.type.slice(0, MAX_TYPE_LENGTH);
  let key = `${direction}\u0000${f.detector}\u0000${type}`;
  if (!log.counted.has(key) && log.counted.size >= MAX_COUNTED_TYPES) {
    type = '*';
    key = `${direction}\u0000${f.detector}\u0000*`;
  }
  const known = log.counted.get(key);
  if (known) {
    known.omitted += n;
    if (f.score > known.score) known.score = f.score;
    known.action = stricter(known.action as GuardrailAction, f.action);
    return;
  }
  log.counted.set(key, {
    direction,
    detector: f.detector,
    type,
    score: f.score,
    start: f.start,
    end: f.end,
    path: boundedPath(f.path),
    action: f.action,
    omitted: n,
  });
}

/**
 * Every finding of the exchange so far, input then output, then the counts of those not listed. Count
 * entries are copies: a record handed to the sink never changes under it as later findings are counted.
 */
export function guardrailFindings(exchange: Exchange): readonly RecordedFinding[] {
  const log = exchange.state.get(FINDINGS) as FindingsLog | undefined;
  if (!log) return [];
  if (log.counted.size === 0) return log.listed;
  const counts = [...log.counted.values()].map((c) => ({ ...c }));
  counts.sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'input' ? -1 : 1));
  return [...log.listed, ...counts];
}

/**
 * Moves the findings a released request's run recorded onto the result exchange that ran it
 * (src/stages/approval-result/release.ts), so its one record lists them.
 */
export function carryFindings(from: Exchange, to: Exchange): void {
  const found = from.state.get(FINDINGS);
  if (found !== undefined) to.state.set(FINDINGS, found);
}
