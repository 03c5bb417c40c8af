import type { ReasonCode } from '../core/reason-codes.js';
import type { PolicyDecision, PolicyFinding, ScanTarget } from './policy.js';
import { boundedPath, stricter } from './policy.js';

/** A refusal ready for a Respond verdict or a GatewayError: never carries the scanned text. */
export interface GuardrailRefusal {
  reason: ReasonCode;
  message: string;
  param: string | null;
  /** `guardrails/<profile>/<detector>:<type>`: which rule decided. */
  policyId: string;
}

/**
 * A redact finding on a text that cannot be rewritten (a tool name, a decoded view of a base64 segment) is
 * treated as a block: the value cannot be removed, so it must not pass.
 */
export function escalateUnredactable(decision: PolicyDecision, targets: readonly ScanTarget[]): void {
  for (const f of decision.findings) {
    if (f.action === 'redact' && !targets[f.target]?.replace) {
      f.action = 'block';
      decision.action = stricter(decision.action, 'block');
    }
  }
}

/** The refusal a decision calls for, if any. */
export function refusalOf(decision: PolicyDecision, direction: 'input' | 'output', profile: string): GuardrailRefusal | undefined {
  if (decision.unavailable.length > 0) {
    const names = decision.unavailable.join(', ');
    const broken = decision.unavailable.find((name) => !decision.overBudget.includes(name));
    if (broken !== undefined)
      return {
        reason: 'guardrail_unavailable',
        message: `The guardrail check ${names} could not run.`,
        param: null,
        policyId: `guardrails/${profile}/${broken}`,
      };
    const what = direction === 'input' ? 'The request has' : 'The answer has';
    return {
      reason: 'scan_budget_exceeded',
      message: `${what} more text than the guardrail checks ${names} may scan.`,
      param: null,
      policyId: `guardrails/${profile}/${decision.unavailable[0]}:scan_budget`,
    };
  }
  if (decision.action !== 'block' && decision.action !== 'require_approval') return undefined;
  // The cap lists at least one finding of every policy that found anything, so one is always there.
  const finding = (decision.findings.find((f) => f.action === decision.action) ?? decision.omitted.find((f) => f.action === decision.action)) as Pick<
    PolicyFinding,
    'detector' | 'type' | 'path'
  >;
  const path = boundedPath(finding.path);
  const type = finding.type.slice(0, 64);
  const what = `${finding.detector} detected ${type} in ${path}`;
  const policyId = `guardrails/${profile}/${finding.detector}:${type}`;
  if (decision.action === 'require_approval') {
    return { reason: 'approval_required', message: `This content needs human approval (${what}).`, param: path, policyId };
  }
  return direction === 'input'
    ? { reason: 'input_blocked', message: `The request was blocked by a guardrail: ${what}.`, param: path, policyId }
    : { reason: 'output_blocked', message: `The response was blocked by a guardrail: ${what}.`, param: path, policyId };
}
