import type { ChatMessage } from '../../core/chat-types.js';
import type { Exchange, GuardScanRequest } from '../../core/exchange.js';
import type { LocalTerminal } from '../../core/stage.js';
import { escalateUnredactable } from '../../guardrails/decision.js';
import { scanJoined } from '../../guardrails/joined-views.js';
import { maskFlaggedKeys } from '../../guardrails/leaf-targets.js';
import {
  DEFAULT_SCAN_LIMITS,
  evaluatePolicies,
  type DetectorPolicy,
  type OmittedFindings,
  type PolicyDecision,
  type PolicyFinding,
  type ScanLimits,
} from '../../guardrails/policy.js';
import type { ProfileResolver } from '../../guardrails/profile.js';
import { redactText } from '../../guardrails/redaction.js';
import { conversationText, withConversation } from '../../guardrails/render/conversation.js';
import { scanRequest } from '../../guardrails/request-targets.js';
import { DEFAULT_REVEALERS, dropDecodedDuplicates, revealedTargets } from '../../guardrails/reveal.js';

/** Used when the caller has no guardrail profile: every detector that needs no options, findings only. */
const DEFAULT_DETECTORS = ['prompt_injection', 'unicode', 'encoding', 'pii', 'secrets', 'keywords', 'code'];

/**
 * The terminal of POST /v1/guard/scan: the gateway's detectors under the caller's own guardrail profile,
 * for apps that do not proxy their LLM traffic through us. Answers the findings (never the matched text)
 * and the action the caller's profile would take; without a profile, the default detectors' findings and
 * `allow`. The stages before it decided whether the caller may scan at all, and how often. Both paths run
 * within the scan limits: findings past the per-detector cap come back as counts (`omitted`).
 */
export function createGuardScanTerminal(resolveProfile: ProfileResolver | undefined): LocalTerminal {
  /** Monitor policies over the default detectors: every finding reported, within the default scan limits. */
  let defaults: Promise<DetectorPolicy[]> | undefined;
  return {
    name: 'guard-scan',
    answer: async function scanContent(exchange: Exchange): Promise<Record<string, unknown>> {
      const body = exchange.request.body as GuardScanRequest;
      const direction = body.direction ?? 'input';
      const messages: ChatMessage[] = body.messages ?? [{ role: direction === 'output' ? 'assistant' : 'user', content: body.text ?? '' }];
      const scan = scanRequest({ operation: 'chat', body: { model: 'guard.scan', messages } });
      if (direction === 'output') attachConversation(scan, messages);
      const lookup = resolveProfile?.(exchange) ?? { status: 'none' as const };
      if (lookup.status === 'found') {
        const policies = direction === 'output' ? lookup.profile.output : lookup.profile.input;
        const decision = await scanWhole(policies, scan, exchange.signal, { ...lookup.profile.limits, rewrite: false });
        return {
          profile: lookup.profile.name,
          action: decision.unavailable.length > 0 ? 'block' : decision.action,
          unavailable: decision.unavailable,
          findings: decision.findings.map((f) => ({
            detector: f.detector,
            type: f.type,
            score: f.score,
            start: f.start,
            end: f.end,
            path: f.path,
            ...viewOf(f, decision.revealed),
            action: f.action,
          })),
          omitted: omittedCounts(decision.omitted),
          overBudget: decision.overBudget,
          ...transformedText(body, decision.findings, decision.revealed[0]),
        };
      }
      defaults ??= defaultPolicies().catch((err: unknown) => {
        defaults = undefined;
        throw err;
      });
      const decision = await scanWhole(await defaults, scan, exchange.signal, DEFAULT_SCAN_LIMITS);
      const findings = decision.findings.map((f) => ({
        detector: f.detector,
        type: f.type,
        score: f.score,
        start: f.start,
        end: f.end,
        path: f.path,
        ...viewOf(f, decision.revealed),
      }));
      return { profile: null, action: 'allow', findings, omitted: omittedCounts(decision.omitted), overBudget: decision.overBudget };
    },
  };
}

/**
 * The default detectors, imported on the first scan without a profile: a configuration without guardrails
 * (the recording proxy) then never loads the detectors' modules (~17 MB resident) unless this endpoint is
 * used. A module that cannot load rejects the scan (a 500), it never answers `allow` without scanning.
 */
async function defaultPolicies(): Promise<DetectorPolicy[]> {
  const { createDetector } = await import('../../guardrails/detectors/index.js');
  return DEFAULT_DETECTORS.map((name) => ({ detector: createDetector(name), action: 'monitor', threshold: 0, failMode: 'open' }));
}

/**
 * Every piece, its revealed views (tag characters, decoded segments) and the joined views a split payload
 * is read through: what the input guardrails read, so a scan decides as the gateway would.
 */
async function scanWhole(
  policies: readonly DetectorPolicy[],
  scan: ReturnType<typeof scanRequest>,
  signal: AbortSignal,
  limits: ScanLimits,
): Promise<PolicyDecision & { revealed: [number, number] }> {
  const revealed = revealedTargets(scan.targets, DEFAULT_REVEALERS);
  const scanned = [...scan.targets, ...revealed];
  const decision = await evaluatePolicies(policies, scanned, signal, limits);
  await scanJoined(policies, scan.groups, scan.targets, scanned, decision, signal, limits);
  dropDecodedDuplicates(decision, scan.targets.length);
  escalateUnredactable(decision, scanned);
  maskFlaggedKeys(decision.findings, scanned);
  return { ...decision, revealed: [scan.targets.length, scan.targets.length + revealed.length] };
}

/**
 * An output scan of messages: the non-assistant ones are the conversation the exfiltration detector compares
 * answer URLs with (what the user wrote, the system prompt). A lone `text` has no conversation.
 */
function attachConversation(scan: ReturnType<typeof scanRequest>, messages: readonly ChatMessage[]): void {
  const conversation = conversationText(messages.filter((m) => m.role !== 'assistant'));
  if (conversation === '') return;
  for (let i = 0; i < scan.targets.length; i++) {
    const t = scan.targets[i] as (typeof scan.targets)[number];
    scan.targets[i] = { ...t, context: withConversation(t.context, conversation) };
  }
}

/**
 * The caller's `text` as the render transforms leave it (a defanged image, escaped HTML, ...), for an
 * application that renders model output it got elsewhere. Only transform rewrites apply: masks of other
 * redact findings are the caller's to decide. Absent when the request sent messages or nothing changed.
 */
function transformedText(body: GuardScanRequest, findings: readonly PolicyFinding[], revealedFrom: number): { transformed?: string } {
  if (body.text === undefined || body.messages !== undefined) return {};
  // Only the caller's own text: a finding in a decoded view spans other text.
  const own = (f: PolicyFinding) => f.target < revealedFrom && f.path === 'messages[0].content';
  const edits = findings.filter((f) => own(f) && f.replacement !== undefined && f.action === 'redact');
  return edits.length > 0 ? { transformed: redactText(body.text, edits, 'mask', undefined) } : {};
}

/** A finding in a revealed view spans the decoded text, not the caller's: the answer says so. */
function viewOf(f: PolicyFinding, revealed: readonly [number, number]): { view?: 'decoded' } {
  return f.target >= revealed[0] && f.target < revealed[1] ? { view: 'decoded' } : {};
}

/** Findings past the per-detector cap, as counts: the answer stays small whatever the text holds. */
function omittedCounts(omitted: readonly OmittedFindings[]): Array<{ detector: string; type: string; count: number }> {
  return omitted.map((o) => ({ detector: o.detector, type: o.type, count: o.count }));
}
