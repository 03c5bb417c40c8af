import type { Exchange } from '../core/exchange.js';
import type { RecordedFinding } from '../storage/store.js';
import type { PolicyFinding } from './policy.js';

const FINDINGS = Symbol('guardrails.findings');

export type { RecordedFinding };

/** Appends findings to the exchange's guardrail log, for the record. */
export function recordFindings(exchange: Exchange, direction: 'input' | 'output', findings: readonly PolicyFinding[]): void {
  if (findings.length === 0) return;
  let log = exchange.state.get(FINDINGS) as RecordedFinding[] | undefined;
  if (!log) {
    log = [];
    exchange.state.set(FINDINGS, log);
  }
  for (const f of findings) log.push({ direction, detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path: f.path, action: f.action });
}

/** Every finding of the exchange so far, input then output. */
export function guardrailFindings(exchange: Exchange): readonly RecordedFinding[] {
  return (exchange.state.get(FINDINGS) as RecordedFinding[] | undefined) ?? [];
}
