import type { GuardrailAction } from '../config/schema-guardrails.js';
import type { AsyncDetector, DetectContext, Detector, DetectorName, Finding } from './types.js';

export type { GuardrailAction };

/** One detector under one policy, built once per configuration version. */
export interface DetectorPolicy {
  readonly detector: Detector | AsyncDetector;
  readonly action: GuardrailAction;
  readonly threshold: number;
  readonly failMode: 'closed' | 'open';
}

/** A text to scan, where it sits in the request or answer, and (when it can be) how to rewrite it. */
export interface ScanTarget {
  /** JSON-ish path, e.g. `messages[2].content`; also the `param` of a refusal. */
  readonly path: string;
  readonly text: string;
  readonly context: DetectContext;
  /** Writes a redacted text back; absent for texts that cannot be rewritten. */
  readonly replace?: (text: string) => void;
}

/** A finding at or above its policy's threshold, with where it was found and what the policy says. */
export interface PolicyFinding extends Finding {
  path: string;
  action: GuardrailAction;
  /** Index into the scanned targets. */
  target: number;
}

export interface PolicyDecision {
  /** The strictest action across every finding: block > require_approval > redact > monitor > allow. */
  action: GuardrailAction;
  findings: PolicyFinding[];
  /** Detectors that threw under failMode closed: the exchange must be refused with guardrail_unavailable. */
  unavailable: DetectorName[];
  /** Detectors that threw under failMode open: recorded, then ignored. */
  failedOpen: DetectorName[];
}

const RANK: Record<GuardrailAction, number> = { allow: 0, monitor: 1, redact: 2, require_approval: 3, block: 4 };

/** The stricter of two actions. */
export function stricter(a: GuardrailAction, b: GuardrailAction): GuardrailAction {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Runs every active detector over every target and maps findings to one decision. Detectors run
 * synchronously where they are synchronous; only async detectors (webhook, llm_judge) are awaited, so the
 * common case costs no promise per target. An `allow` policy does not run its detector at all.
 */
export async function evaluatePolicies(policies: readonly DetectorPolicy[], targets: readonly ScanTarget[], signal: AbortSignal): Promise<PolicyDecision> {
  const decision: PolicyDecision = { action: 'allow', findings: [], unavailable: [], failedOpen: [] };
  for (const policy of policies) {
    if (policy.action === 'allow') continue;
    let failed = false;
    for (let t = 0; t < targets.length && !failed; t++) {
      const target = targets[t] as ScanTarget;
      if (target.text.length === 0) continue;
      let found: Finding[];
      try {
        const out = (policy.detector as AsyncDetector).detect(target.text, target.context, signal);
        found = isPromise(out) ? await out : out;
      } catch {
        failed = true;
        (policy.failMode === 'open' ? decision.failedOpen : decision.unavailable).push(policy.detector.name);
        continue;
      }
      for (const f of found) {
        if (f.score < policy.threshold) continue;
        decision.findings.push({ ...f, path: target.path, action: policy.action, target: t });
        decision.action = stricter(decision.action, policy.action);
      }
    }
  }
  return decision;
}

/** Compact trace note: detector:type@path[start,end]=score action, never the scanned text. */
export function describeFindings(decision: Pick<PolicyDecision, 'findings' | 'failedOpen' | 'unavailable'>, limit = 16): string | undefined {
  const parts = decision.findings.slice(0, limit).map((f) => `${f.detector}:${f.type}@${f.path}[${f.start},${f.end}]=${round(f.score)} ${f.action}`);
  if (decision.findings.length > limit) parts.push(`+${decision.findings.length - limit} more`);
  for (const name of decision.failedOpen) parts.push(`${name}:fail_open`);
  for (const name of decision.unavailable) parts.push(`${name}:unavailable`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}

function isPromise(value: unknown): value is Promise<Finding[]> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
