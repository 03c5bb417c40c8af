import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REASON_CODES } from '../../core/reason-codes.js';
import type { ChatMessage } from '../../core/chat-types.js';
import { createDetector } from '../../guardrails/detectors/index.js';
import { evaluatePolicies } from '../../guardrails/policy.js';
import { requestTargets } from '../../guardrails/scan-targets.js';
import type { Detector } from '../../guardrails/types.js';
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
let defaultDetectors: Detector[] | undefined;

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
      const decision = await evaluatePolicies(parsed.data.direction === 'output' ? lookup.profile.output : lookup.profile.input, targets, exchange.signal);
      body = {
        profile: lookup.profile.name,
        action: decision.unavailable.length > 0 ? 'block' : decision.action,
        unavailable: decision.unavailable,
        findings: decision.findings.map((f) => ({ detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path: f.path, action: f.action })),
      };
    } else {
      defaultDetectors ??= DEFAULT_DETECTORS.map((name) => createDetector(name));
      const findings = targets.flatMap((t) => defaultDetectors!.flatMap((d) => d.detect(t.text, t.context).map((f) => ({ detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end, path: t.path }))));
      body = { profile: null, action: 'allow', findings };
    }
    reply.header('x-gatehouse-request-id', req.id).send(body);
    return finishExchange(exchange, req, { status: 200, reason: 'ok', outcome: 'ok' }, deps, 'guard.scan');
  });
}
