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
  /**
   * The findings: every redact finding (each one is rewritten), and at most `findingsPerDetector` of each
   * other policy; the rest are counted in `omitted`. The action is decided over all of them.
   */
  findings: PolicyFinding[];
  /** Findings past the per-detector cap, counted per detector and type. */
  omitted: OmittedFindings[];
  /** Detectors that threw, or hit the scan budget, under failMode closed: refused with guardrail_unavailable or scan_budget_exceeded. */
  unavailable: DetectorName[];
  /** Detectors that threw, or hit the scan budget, under failMode open: recorded, then ignored. */
  failedOpen: DetectorName[];
  /** Detectors (closed or open) that failed because the texts exceed the scan budget, not because they threw. */
  overBudget: DetectorName[];
}

/** Findings of one detector and type that a decision counts but does not list. */
export interface OmittedFindings {
  detector: DetectorName;
  type: string;
  /** Where the first omitted one is. */
  path: string;
  start: number;
  end: number;
  /** The highest score among them. */
  score: number;
  action: GuardrailAction;
  count: number;
}

/** What one evaluation may cost: a bounded scan and a bounded list of findings. */
export interface ScanLimits {
  /** Characters each detector may scan (all targets, revealed views included); past it, its failMode decides. */
  readonly maxScanChars: number;
  /** Findings of one non-redacting policy listed in the decision; the rest are counted. */
  readonly findingsPerDetector: number;
  /** false: nothing will be rewritten (a scan that only reports), so redact findings are capped like the rest. */
  readonly rewrite?: boolean;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = Object.freeze({ maxScanChars: 2 * 1024 * 1024, findingsPerDetector: 100 });

/** Scanned characters between two yields to the event loop: small requests never yield. */
const YIELD_EVERY_CHARS = 64 * 1024;

const RANK: Record<GuardrailAction, number> = { allow: 0, monitor: 1, redact: 2, require_approval: 3, block: 4 };

/** The stricter of two actions. */
export function stricter(a: GuardrailAction, b: GuardrailAction): GuardrailAction {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Runs every active detector over every target and maps findings to one decision. Detectors run
 * synchronously where they are synchronous; only async detectors (classifier, webhook, llm_judge) are awaited,
 * all targets started before the first is awaited (a worker pool batches them), so the common case costs no
 * promise per target. An `allow` policy does not run its detector at all.
 *
 * Cost is bounded: each detector scans at most `limits.maxScanChars` (a closed detector facing more is
 * not run at all, an open one scans up to the budget); past `findingsPerDetector` a policy's findings are
 * only counted; and once 64K characters have been scanned the loop yields to the event loop between
 * detector calls, so health checks and other requests are served while a large request is scanned.
 */
export async function evaluatePolicies(
  policies: readonly DetectorPolicy[],
  targets: readonly ScanTarget[],
  signal: AbortSignal,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<PolicyDecision> {
  const decision: PolicyDecision = { action: 'allow', findings: [], omitted: [], unavailable: [], failedOpen: [], overBudget: [] };
  const overBudget = totalChars(targets) > limits.maxScanChars;
  const run: ScanRun = { decision, limits, signal, sinceYield: 0 };
  for (const policy of policies) {
    if (policy.action === 'allow') continue;
    if (overBudget && !admitOverBudget(decision, policy)) continue;
    const outcome = await scanPolicy(run, policy, targets);
    if (outcome === 'aborted') return abandon(decision, policies, policy);
    if (outcome === 'failed') {
      const list = policy.failMode === 'open' ? decision.failedOpen : decision.unavailable;
      if (!list.includes(policy.detector.name)) list.push(policy.detector.name);
    }
  }
  return decision;
}

/** One evaluation's shared state: the decision being built and the characters scanned since the last yield. */
interface ScanRun {
  decision: PolicyDecision;
  limits: ScanLimits;
  signal: AbortSignal;
  sinceYield: number;
}

/**
 * A policy over budget: recorded, and refused whatever the scan would find when it fails closed (running
 * the detector would only spend the cost the budget bounds). True when it still runs (it fails open).
 */
function admitOverBudget(decision: PolicyDecision, policy: DetectorPolicy): boolean {
  decision.overBudget.push(policy.detector.name);
  if (policy.failMode === 'closed') {
    decision.unavailable.push(policy.detector.name);
    return false;
  }
  decision.failedOpen.push(policy.detector.name);
  return true;
}

/** A policy's findings added to the decision: listed up to the limit, counted past it. */
class PolicyFindings {
  private listed = 0;
  private omitted: Map<string, OmittedFindings> | undefined;
  constructor(
    private readonly run: ScanRun,
    private readonly policy: DetectorPolicy,
  ) {}

  keep(found: Finding[], t: number, path: string): void {
    const { decision, limits } = this.run;
    const { policy } = this;
    const listAll = policy.action === 'redact' && limits.rewrite !== false;
    for (const f of found) {
      if (f.score < policy.threshold) continue;
      decision.action = stricter(decision.action, policy.action);
      if (listAll || this.listed < limits.findingsPerDetector) {
        this.listed += 1;
        decision.findings.push(policyFinding(f, path, policy.action, t));
      } else {
        this.omitted = countOmitted(this.omitted ?? new Map(), f, path, policy.action);
      }
    }
  }

  close(): void {
    if (this.omitted) this.run.decision.omitted.push(...this.omitted.values());
  }
}

type Pending = Array<{ t: number; path: string; out: Finding[] | Promise<Finding[]> }>;

/**
 * One policy's detector over the targets, within the budget. An async detector (a model in a worker pool, a
 * webhook) gets every target before the first is awaited, so a pool can batch them; results are still taken
 * in target order, and a failure ends the scan with the findings before it kept.
 */
async function scanPolicy(run: ScanRun, policy: DetectorPolicy, targets: readonly ScanTarget[]): Promise<'done' | 'failed' | 'aborted'> {
  const findings = new PolicyFindings(run, policy);
  let budget = run.limits.maxScanChars;
  let pending: Pending | undefined;
  let outcome: 'done' | 'failed' = 'done';
  for (let t = 0; t < targets.length && budget > 0; t++) {
    const target = targets[t] as ScanTarget;
    if (target.text.length === 0) continue;
    if (run.sinceYield >= YIELD_EVERY_CHARS) {
      run.sinceYield = 0;
      await yieldToEventLoop();
      if (run.signal.aborted) return 'aborted';
    }
    // Only a fail-open detector gets here over budget: it reads the budget's worth, from the start.
    const text = target.text.length > budget ? target.text.slice(0, budget) : target.text;
    budget -= text.length;
    run.sinceYield += text.length;
    let out: Finding[] | Promise<Finding[]>;
    try {
      out = (policy.detector as AsyncDetector).detect(text, target.context, run.signal);
    } catch {
      outcome = 'failed';
      break;
    }
    if (pending === undefined && !isPromise(out)) findings.keep(out, t, target.path);
    else (pending ??= []).push({ t, path: target.path, out });
  }
  if (pending !== undefined && (await keepSettled(pending, findings)) === 'failed') outcome = 'failed';
  findings.close();
  return outcome;
}

async function keepSettled(pending: Pending, findings: PolicyFindings): Promise<'done' | 'failed'> {
  const settled = await Promise.allSettled(pending.map((p) => p.out));
  for (let k = 0; k < settled.length; k++) {
    const result = settled[k] as PromiseSettledResult<Finding[]>;
    if (result.status === 'rejected') return 'failed';
    const p = pending[k] as Pending[number];
    findings.keep(result.value, p.t, p.path);
  }
  return 'done';
}

/** Written out rather than spread: this runs once per finding, and a large request can have 100k. */
function policyFinding(f: Finding, path: string, action: GuardrailAction, target: number): PolicyFinding {
  const out: PolicyFinding = { detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path, action, target };
  if (f.evidence !== undefined) out.evidence = f.evidence;
  if (f.replacement !== undefined) out.replacement = f.replacement;
  return out;
}

function countOmitted(omitted: Map<string, OmittedFindings>, f: Finding, path: string, action: GuardrailAction): Map<string, OmittedFindings> {
  const known = omitted.get(f.type);
  if (known) {
    known.count += 1;
    if (f.score > known.score) known.score = f.score;
  } else {
    omitted.set(f.type, { detector: f.detector, type: f.type, path, start: f.start, end: f.end, score: f.score, action, count: 1 });
  }
  return omitted;
}

function totalChars(targets: readonly ScanTarget[]): number {
  let n = 0;
  for (const t of targets) n += t.text.length;
  return n;
}

/** The client went away mid-scan: what was not scanned fails closed, whatever the policy's mode. */
function abandon(decision: PolicyDecision, policies: readonly DetectorPolicy[], current: DetectorPolicy): PolicyDecision {
  for (let i = policies.indexOf(current); i < policies.length; i++) {
    const policy = policies[i] as DetectorPolicy;
    if (policy.action !== 'allow' && !decision.unavailable.includes(policy.detector.name)) decision.unavailable.push(policy.detector.name);
  }
  return decision;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Longest path a trace note or a record repeats: property names in a request are the client's to choose. */
export const MAX_FINDING_PATH = 256;

/** A path cut to MAX_FINDING_PATH characters. */
export function boundedPath(path: string): string {
  return path.length > MAX_FINDING_PATH ? `${path.slice(0, MAX_FINDING_PATH - 1)}…` : path;
}

/** Compact trace note: detector:type@path[start,end]=score action, never the scanned text; bounded in length. */
export function describeFindings(
  decision: Pick<PolicyDecision, 'findings' | 'failedOpen' | 'unavailable'> & Partial<Pick<PolicyDecision, 'omitted' | 'overBudget'>>,
  limit = 16,
): string | undefined {
  const parts = decision.findings
    .slice(0, limit)
    .map((f) => `${f.detector}:${f.type.slice(0, 64)}@${boundedPath(f.path)}[${f.start},${f.end}]=${round(f.score)} ${f.action}`);
  let more = decision.findings.length - Math.min(limit, decision.findings.length);
  for (const o of decision.omitted ?? []) more += o.count;
  if (more > 0) parts.push(`+${more} more`);
  const overBudget = decision.overBudget ?? [];
  for (const name of decision.failedOpen) parts.push(overBudget.includes(name) ? `${name}:fail_open(scan_budget)` : `${name}:fail_open`);
  for (const name of decision.unavailable) parts.push(overBudget.includes(name) ? `${name}:unavailable(scan_budget)` : `${name}:unavailable`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}

function isPromise(value: unknown): value is Promise<Finding[]> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
