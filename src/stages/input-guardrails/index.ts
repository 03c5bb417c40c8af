import { MODEL_OPERATIONS, type Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import { escalateUnredactable, refusalOf } from '../../guardrails/decision.js';
import { recordFindings } from '../../guardrails/findings-log.js';
import { describeFindings, evaluatePolicies, type PolicyFinding, type ScanTarget } from '../../guardrails/policy.js';
import type { ProfileResolver, TextRevealer } from '../../guardrails/profile.js';
import { redactText } from '../../guardrails/redaction.js';
import { DEFAULT_REVEALERS } from '../../guardrails/reveal.js';
import { plantCanary } from '../../guardrails/canary-plant.js';
import { requestTargets } from '../../guardrails/scan-targets.js';
import { vaultOf } from '../../guardrails/vault.js';

export interface GuardrailStageOptions {
  /** Decoded or revealed views of each text, scanned too. Default: unicode `revealHidden`, encoding `decodeSegments`. */
  revealers?: readonly TextRevealer[];
  /** false: shadow mode; verdicts are recorded, nothing is refused or rewritten. Default true. */
  enforce?: boolean;
}

/**
 * Scans every text of the request (all roles, tool definitions, tool-call arguments, embedding inputs, and
 * their decoded views) under the caller's guardrail profile. Block refuses with input_blocked; redact
 * rewrites the body in place, masked or tokenized into the exchange's vault, so the provider never sees
 * the value.
 */
export function createInputGuardrailsStage(resolveProfile: ProfileResolver, options: GuardrailStageOptions = {}): Stage {
  const enforce = options.enforce ?? true;
  const revealers = options.revealers ?? DEFAULT_REVEALERS;
  return {
    name: 'input-guardrails',
    operations: MODEL_OPERATIONS,
    enforce,
    failOpen: false,
    onRequest: async function inputGuardrails(exchange: Exchange): Promise<Verdict> {
      const lookup = resolveProfile(exchange);
      if (lookup.status === 'none') return CONTINUE;
      if (lookup.status === 'unknown') {
        return respond('guardrail_unavailable', 'The guardrail profile of this identity is not configured.', { policyId: `guardrails/${lookup.name}` });
      }
      const profile = lookup.profile;
      if (profile.input.length === 0) {
        if (profile.canary !== undefined && enforce) plantCanary(exchange.request, profile.canary);
        return { action: 'continue', policyId: `guardrails/${profile.name}` };
      }
      const targets = requestTargets(exchange.request);
      const scanned = revealers.length > 0 ? [...targets, ...revealedTargets(targets, revealers)] : targets;
      const decision = await evaluatePolicies(profile.input, scanned, exchange.signal);
      escalateUnredactable(decision, scanned);
      recordFindings(exchange, 'input', decision.findings);
      const refusal = refusalOf(decision, 'input', profile.name);
      if (refusal) return respond(refusal.reason, refusal.message, { param: refusal.param, policyId: refusal.policyId });
      if (decision.action === 'redact' && enforce) {
        const vault = profile.redaction.mode === 'tokenize' ? vaultOf(exchange, true) : undefined;
        applyRedactions(scanned, decision.findings, profile.redaction.mode, vault);
      }
      // After the scan: the marker is ours, not the caller's, and must not be judged as their input.
      if (profile.canary !== undefined && enforce) plantCanary(exchange.request, profile.canary);
      return { action: 'continue', policyId: `guardrails/${profile.name}`, note: describeFindings(decision) };
    },
  };
}

/** Rewrites each target that has redact findings, all of its spans at once. */
export function applyRedactions(targets: readonly ScanTarget[], findings: readonly PolicyFinding[], mode: 'mask' | 'tokenize', vault: Parameters<typeof redactText>[3]): void {
  const byTarget = new Map<number, PolicyFinding[]>();
  for (const f of findings) {
    if (f.action !== 'redact') continue;
    const list = byTarget.get(f.target) ?? [];
    list.push(f);
    byTarget.set(f.target, list);
  }
  for (const [index, list] of byTarget) {
    const target = targets[index];
    target?.replace?.(redactText(target.text, list, mode, vault));
  }
}

function revealedTargets(targets: readonly ScanTarget[], revealers: readonly TextRevealer[]): ScanTarget[] {
  const out: ScanTarget[] = [];
  for (const target of targets) {
    for (const reveal of revealers) {
      for (const text of reveal(target.text)) {
        // No replace: a finding here cannot be mapped back onto the original, so redact escalates to block.
        if (text !== target.text && text.length > 0) out.push({ path: target.path, text, context: target.context });
      }
    }
  }
  return out;
}
