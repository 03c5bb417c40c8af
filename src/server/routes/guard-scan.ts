import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REASON_CODES } from '../../core/reason-codes.js';
import type { ChatMessage } from '../../core/chat-types.js';
import { createDetector } from '../../guardrails/detectors/index.js';
import { DEFAULT_SCAN_LIMITS, evaluatePolicies, type DetectorPolicy, type OmittedFindings } from '../../guardrails/policy.js';
import { requestTargets } from '../../guardrails/scan-targets.js';
import type { Authenticator } from '../../identity/authenticator.js';
import { paramOf } from '../../stages/validate-request/index.js';
import { finishExchange, recordRejected, startExchange, type LifecycleDeps } from '../exchange-lifecycle.js';
import type { RuntimeHolder } from '../runtime.js';
import { sendRefusal } from './inference.js';

const bodySchema = z
  .strictObject({
    text: z.string().max(1_000_000).optional(),
    messages: z.array(z.looseObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.unknown() })).min(1).max(1000).optional(),
    direction: z.enum(['input', 'output']).default('input'),
  })
  .refine((b) => (b.text === undefined) !== (b.messages === undefined), 'send exactly one of "text" or "messages"');

export interface GuardScanDeps extends LifecycleDeps {
  holder: RuntimeHolder;
  authenticator?: Authenticator;
}

/** Used when the caller has no guardrail profile: every detector that needs no options, findings only. */
const DEFAULT_DETECTORS = ['prompt_injection', 'unicode', 'encoding', 'pii', 'secrets', 'keywords', 'code'];
/** Monitor policies over the default detectors: every finding reported, within the default scan limits. */
let defaultPolicies: DetectorPolicy[] | undefined;

/**
 * POST /v1/guard/scan: the gateway's detectors and the caller's own guardrail policy, for apps that do
 * not proxy their LLM traffic through us. Answers the findings (never the matched text) and the action
 * the caller's profile would take. Recorded like every exchange, without content.
 */
export function registerGuardScanRoute(app: FastifyInstance, deps: GuardScanDeps): void {
  app.post('/v1/guard/scan', async function guardScan(req: FastifyRequest, reply: FastifyReply) {
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue ? paramOf(issue.path) : '';
      recordRejected(req, reply, 400, 'invalid_request', deps);
      return sendRefusal(reply, req.id, { status: 400, reason: 'invalid_request', message: param ? `Invalid '${param}': ${issue?.message}` : (issue?.message ?? 'invalid body'), param: param || null });
    }
    const messages: ChatMessage[] = parsed.data.messages ? (parsed.data.messages as ChatMessage[]) : [{ role: parsed.data.direction === 'output' ? 'assistant' : 'user', content: parsed.data.text ?? '' }];
    const exchange = startExchange(req, reply, { operation: 'chat', body: { model: 'guard.scan', messages } }, deps.holder.current.configHash);
    if (deps.authenticator) {
      const auth = await deps.authenticator.authenticate(req.headers);
      if (!auth.ok) {
        const status = REASON_CODES[auth.reason].status;
        sendRefusal(reply, req.id, { status, reason: auth.reason, message: auth.message, param: null });
        return finishExchange(exchange, req, { status, reason: auth.reason, outcome: 'refused' }, deps, 'guard.scan');
      }
      exchange.principal = auth.principal;
      exchange.identity = { id: auth.principal.identity.id, kind: 'workload' };
    }
    const targets = requestTargets({ operation: 'chat', body: { model: 'guard.scan', messages } });
    const lookup = deps.holder.current.guardrails?.(exchange) ?? { status: 'none' as const };
    let body: Record<string, unknown>;
    if (lookup.status === 'found') {
      const decision = await evaluatePolicies(parsed.data.direction === 'output' ? lookup.profile.output : lookup.profile.input, targets, exchange.signal, { ...lookup.profile.limits, rewrite: false });
      body = {
        profile: lookup.profile.name,
        action: decision.unavailable.length > 0 ? 'block' : decision.action,
        unavailable: decision.unavailable,
        findings: decision.findings.map((f) => ({ detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path: f.path, action: f.action })),
        omitted: omittedCounts(decision.omitted),
        overBudget: decision.overBudget,
      };
    } else {
      defaultPolicies ??= DEFAULT_DETECTORS.map((name) => ({ detector: createDetector(name), action: 'monitor', threshold: 0, failMode: 'open' }));
      const decision = await evaluatePolicies(defaultPolicies, targets, exchange.signal, DEFAULT_SCAN_LIMITS);
      const findings = decision.findings.map((f) => ({ detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path: f.path }));
      body = { profile: null, action: 'allow', findings, omitted: omittedCounts(decision.omitted), overBudget: decision.overBudget };
    }
    reply.header('x-gatehouse-request-id', req.id).send(body);
    return finishExchange(exchange, req, { status: 200, reason: 'ok', outcome: 'ok' }, deps, 'guard.scan');
  });
}

/** Findings past the per-detector cap, as counts: the answer stays small whatever the text holds. */
function omittedCounts(omitted: readonly OmittedFindings[]): Array<{ detector: string; type: string; count: number }> {
  return omitted.map((o) => ({ detector: o.detector, type: o.type, count: o.count }));
}
