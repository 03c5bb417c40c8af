import { GUARDED_OPERATIONS, type Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import { escalateUnredactable, refusalOf } from '../../guardrails/decision.js';
import { recordFindings } from '../../guardrails/findings-log.js';
import { forgetDecodedSegments } from '../../guardrails/detectors/encoding/index.js';
import { describeFindings, evaluatePolicies } from '../../guardrails/policy.js';
import type { GuardrailStageOptions, ProfileResolver } from '../../guardrails/profile.js';
import { applyRedactions } from '../../guardrails/redaction.js';
import { DEFAULT_REVEALERS, dropDecodedDuplicates, revealedTargets } from '../../guardrails/reveal.js';
import { plantCanary } from '../../guardrails/canary-plant.js';
import { scanJoined } from '../../guardrails/joined-views.js';
import { maskFlaggedKeys } from '../../guardrails/leaf-targets.js';
import { scanRequest, type RequestScan } from '../../guardrails/request-targets.js';
import { tokenArrayTargets } from '../../guardrails/token-text.js';
import { vaultOf } from '../../guardrails/vault.js';
import type { ApprovalDesk } from '../../approvals/desk.js';
import { refuseOrHold } from './hold-request.js';
import { releaseApproval } from './release.js';

export interface InputGuardrailsOptions extends GuardrailStageOptions {
  /** Holds a request a require_approval policy matched; absent: it is refused with approval_required. */
  desk?: ApprovalDesk | undefined;
}

/**
 * Scans every string of the request (all roles and content part types, decoded file and image payloads,
 * tool and response schemas, tool-call ids and arguments, metadata, unknown fields, embedding inputs and
 * token arrays, and their decoded views, and split payloads joined) under the caller's guardrail profile.
 * Block refuses with input_blocked; redact rewrites the body in place, masked or tokenized into the
 * exchange's vault, so the provider never sees the value.
 *
 * A require_approval finding holds the request for a person (hold-request.ts) before any provider is called;
 * the approved request runs again with `exchange.releasedBy` set, and that one policy then lets it pass.
 *
 * Unknown fields are judged here rather than in validate-request because the rule depends on the caller's
 * environment, and validate-request runs before authenticate: production callers may send only fields the
 * gateway understands (or the operator allowed); elsewhere unknown fields are forwarded and scanned.
 */
export function createInputGuardrailsStage(resolveProfile: ProfileResolver, options: InputGuardrailsOptions = {}): Stage {
  const enforce = options.enforce ?? true;
  const revealers = options.revealers ?? DEFAULT_REVEALERS;
  const allowed = new Set(options.allowedExtraFields ?? []);
  return {
    name: 'input-guardrails',
    operations: GUARDED_OPERATIONS,
    enforce,
    failOpen: false,
    onRequest: async function inputGuardrails(exchange: Exchange): Promise<Verdict> {
      const lookup = resolveProfile(exchange);
      if (lookup.status === 'unknown') {
        return respond('guardrail_unavailable', 'The guardrail profile of this identity is not configured.', { policyId: `guardrails/${lookup.name}` });
      }
      const production = exchange.principal?.identity.environment === 'production';
      const profile = lookup.status === 'found' ? lookup.profile : undefined;
      const scanning = profile !== undefined && profile.input.length > 0;
      const scan = scanning || production ? scanRequest(exchange.request) : undefined;
      if (production && scan) {
        const extra = scan.extras.find((e) => !allowed.has(e.shape));
        if (extra) return respond('invalid_request', `Unknown field '${extra.param}' is not accepted for production identities.`, { param: extra.param });
      }
      if (!profile) return CONTINUE;
      if (!scanning || !scan) {
        if (profile.canary !== undefined && enforce) plantCanary(exchange.request, profile.canary);
        return { action: 'continue', policyId: `guardrails/${profile.name}` };
      }
      const refused = await addTokenArrays(exchange, scan);
      if (refused) return refused;
      const targets = scan.targets;
      forgetDecodedSegments();
      const scanned = revealers.length > 0 ? [...targets, ...revealedTargets(targets, revealers)] : targets.slice();
      const decision = await evaluatePolicies(profile.input, scanned, exchange.signal, profile.limits);
      await scanJoined(profile.input, scan.groups, targets, scanned, decision, exchange.signal, profile.limits);
      dropDecodedDuplicates(decision, targets.length);
      escalateUnredactable(decision, scanned);
      maskFlaggedKeys(decision.findings, scanned);
      recordFindings(exchange, 'input', decision.findings, profile.limits, decision.omitted);
      if (exchange.releasedBy !== undefined) releaseApproval(decision);
      const refusal = refusalOf(decision, 'input', profile.name);
      // In shadow mode nothing is held: the verdict is recorded and the request goes on.
      if (refusal) return refuseOrHold(exchange, profile, refusal, enforce ? options.desk : undefined);
      if (decision.action === 'redact' && enforce) {
        const vault =
          profile.redaction.mode === 'tokenize'
            ? vaultOf(
                exchange,
                true,
                scanned.map((t) => t.text),
              )
            : undefined;
        applyRedactions(scanned, decision.findings, profile.redaction.mode, vault);
      }
      // After the scan: the marker is ours, not the caller's, and must not be judged as their input.
      if (profile.canary !== undefined && enforce) plantCanary(exchange.request, profile.canary);
      return { action: 'continue', policyId: `guardrails/${profile.name}`, note: describeFindings(decision) };
    },
  };
}

/** Embedding token arrays, decoded, join the targets; ids no tokenizer knows are refused as invalid. */
async function addTokenArrays(exchange: Exchange, scan: RequestScan): Promise<Verdict | undefined> {
  if (exchange.request.operation !== 'embeddings') return undefined;
  const tokens = await tokenArrayTargets(exchange.request.body);
  if (!tokens.ok)
    return respond('invalid_request', `Invalid '${tokens.path}': contains token ids that no supported tokenizer (cl100k_base, o200k_base) can decode.`, {
      param: tokens.path,
    });
  for (const t of tokens.targets) scan.targets.push(t);
  return undefined;
}
