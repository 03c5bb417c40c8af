import type { ChatRequest, ChatResult } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import { GUARDED_OPERATIONS, type Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type ResponseBody, type Stage, type StreamReport, type Verdict } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { escalateUnredactable, refusalOf } from '../../guardrails/decision.js';
import { recordFindings } from '../../guardrails/findings-log.js';
import { describeFindings, evaluatePolicies, type PolicyFinding } from '../../guardrails/policy.js';
import type { CompiledProfile, GuardrailStageOptions, ProfileResolver } from '../../guardrails/profile.js';
import { applyRedactions } from '../../guardrails/redaction.js';
import { conversationOf, withConversation } from '../../guardrails/render/conversation.js';
import { embeddingsResultTargets, relocateFindings, resultTargets, type ResultTarget } from '../../guardrails/result-targets.js';
import type { SchemaContext } from '../../guardrails/tool-schema.js';
import { vaultOf } from '../../guardrails/vault.js';
import { mcpResultTargets } from '../../guardrails/mcp-targets.js';
import { guardStream } from './stream.js';

const STAGE = 'output-guardrails';

/**
 * Checks the answer under the caller's guardrail profile: every text of a complete result (see
 * guardrails/result-targets.ts), or the streamed deltas through a bounded hold-back window. Block refuses
 * with output_blocked (mid stream: a GatewayError, which the server turns into an in-band error event);
 * redact rewrites before release, and drops the logprobs of a choice it rewrote, which would spell the
 * value again; tokenized placeholders are restored for the caller when the profile says so.
 */
export function createOutputGuardrailsStage(resolveProfile: ProfileResolver, options: Omit<GuardrailStageOptions, 'revealers'> = {}): Stage {
  const enforce = options.enforce ?? true;
  return {
    name: STAGE,
    operations: GUARDED_OPERATIONS,
    enforce,
    failOpen: false,
    onResponse: async function outputGuardrails(exchange: Exchange, response: ResponseBody): Promise<Verdict> {
      const lookup = resolveProfile(exchange);
      if (lookup.status === 'none') return CONTINUE;
      if (lookup.status === 'unknown')
        return respond('guardrail_unavailable', 'The guardrail profile of this identity is not configured.', { policyId: `guardrails/${lookup.name}` });
      const profile = lookup.profile;
      if (!GUARDED_OPERATIONS.has(response.operation)) return CONTINUE;
      const chat = response.operation === 'chat';
      const targets = targetsOf(response, exchange, profile);
      const decision = await evaluatePolicies(profile.output, targets, exchange.signal, profile.limits);
      relocateFindings(decision.findings, targets);
      escalateUnredactable(decision, targets);
      recordFindings(exchange, 'output', decision.findings, profile.limits, decision.omitted);
      const refusal = refusalOf(decision, 'output', profile.name);
      if (refusal) return respond(refusal.reason, refusal.message, { param: refusal.param, policyId: refusal.policyId });
      if (decision.action === 'redact' && enforce) {
        applyRedactions(targets, decision.findings, profile.redaction.mode, undefined);
        if (chat) dropRewrittenLogprobs(response.body, targets, decision.findings);
      }
      if (chat) restoreTargets(profile, exchange, response.body);
      return { action: 'continue', policyId: `guardrails/${profile.name}`, note: describeFindings(decision) };
    },
    vetUpstreamText: upstreamMessageVetter(resolveProfile, enforce),
    transformStream: function outputGuardrailsStream(
      exchange: Exchange,
      parts: AsyncIterable<StreamPart>,
      report: StreamReport,
    ): AsyncIterable<StreamPart> | null {
      const lookup = resolveProfile(exchange);
      if (lookup.status === 'none') return null;
      if (lookup.status === 'unknown') {
        report.policyId = `guardrails/${lookup.name}`;
        return refuseStream();
      }
      const profile = lookup.profile;
      // Nothing to check and nothing to restore: no hold-back, no added latency.
      if (profile.output.length === 0 && !(profile.redaction.restore && vaultOf(exchange))) return null;
      const options = {
        profile,
        enforce,
        schemas: toolSchemas(exchange),
        contentSchema: responseSchema(exchange),
        conversation: conversationFor(profile, exchange),
      };
      return guardStream(exchange, parts, options, report);
    },
  };
}

/** The texts of an answer the output policies read: a chat result's, embeddings', or an MCP tool result's. */
function targetsOf(response: ResponseBody, exchange: Exchange, profile: CompiledProfile): ResultTarget[] {
  if (response.operation === 'chat') return withConversations(withSchemas(resultTargets(response.body), exchange), conversationFor(profile, exchange));
  if (response.operation === 'embeddings') return embeddingsResultTargets(response.body);
  // Tool results are not the model's text: no choice, and no vault placeholders to put back.
  return mcpResultTargets(response.body).map((t) => ({ ...t, choice: undefined, restorable: false }));
}

/**
 * An upstream's error message is text the client reads, like an answer: shown only when the output
 * policies find nothing to redact or block in it (a poisoned upstream could otherwise use it to leak).
 */
function upstreamMessageVetter(resolveProfile: ProfileResolver, enforce: boolean) {
  return async function vetUpstreamMessage(exchange: Exchange, text: string): Promise<boolean> {
    const lookup = resolveProfile(exchange);
    if (lookup.status === 'none') return true;
    if (lookup.status === 'unknown') return false;
    const profile = lookup.profile;
    if (profile.output.length === 0) return true;
    const targets = [{ path: 'error.message', text, context: { direction: 'output' as const, role: 'assistant' as const, part: 'content' as const } }];
    const decision = await evaluatePolicies(profile.output, targets, exchange.signal, profile.limits);
    recordFindings(exchange, 'output', decision.findings, profile.limits, decision.omitted);
    const clean = decision.unavailable.length === 0 && (decision.action === 'allow' || decision.action === 'monitor');
    return clean || !enforce;
  };
}

/** Puts the request's vault originals back into the answer's free text, after the scan. */
function restoreTargets(profile: CompiledProfile, exchange: Exchange, result: ChatResult): void {
  const vault = vaultOf(exchange);
  if (!profile.redaction.restore || !vault) return;
  for (const t of resultTargets(result)) {
    if (!t.restorable) continue;
    const restored = t.context.part === 'tool_arguments' ? vault.restoreJson(t.text) : vault.restore(t.text);
    if (restored !== t.text) t.replace?.(restored);
  }
}

/**
 * Logprobs repeat the answer token by token: once a redaction rewrote any text of a choice, its logprobs
 * would give the value back, so they go. (A finding in the logprobs alone drops them through their own
 * target's rewrite.)
 */
function dropRewrittenLogprobs(result: ChatResult, targets: readonly ResultTarget[], findings: readonly PolicyFinding[]): void {
  for (const f of findings) {
    if (f.action !== 'redact') continue;
    const choice = targets[f.target]?.choice;
    const entry = choice === undefined ? undefined : result.choices[choice];
    if (entry?.logprobs) entry.logprobs = null;
  }
}

/** Parameter schemas of the request's tools by name, for the json_schema detector's context. */
export function toolSchemas(exchange: Exchange): ReadonlyMap<string, Record<string, unknown>> {
  const schemas = new Map<string, Record<string, unknown>>();
  if (exchange.request.operation !== 'chat') return schemas;
  for (const tool of (exchange.request.body as ChatRequest).tools ?? []) {
    if (tool.function?.parameters) schemas.set(tool.function.name, tool.function.parameters);
  }
  return schemas;
}

/** The response_format JSON schema the request asked for, if any. */
export function responseSchema(exchange: Exchange): Record<string, unknown> | undefined {
  if (exchange.request.operation !== 'chat') return undefined;
  const format = (exchange.request.body as ChatRequest).response_format;
  return format?.type === 'json_schema' ? format.json_schema.schema : undefined;
}

/** Attaches the schema each text must satisfy: its tool's parameters, or (the content only) the response_format. */
function withSchemas(targets: ResultTarget[], exchange: Exchange): ResultTarget[] {
  const schemas = toolSchemas(exchange);
  const content = responseSchema(exchange);
  if (schemas.size === 0 && content === undefined) return targets;
  return targets.map((t) => {
    const part = t.context.part;
    const name = (t.context as SchemaContext).toolName;
    const schema = part === 'tool_arguments' ? (name === undefined ? undefined : schemas.get(name)) : part === 'content' ? content : undefined;
    return schema ? { ...t, context: { ...t.context, schema } } : t;
  });
}

/** The request's text, when the profile has an exfiltration policy to compare URLs with it; else undefined. */
export function conversationFor(profile: CompiledProfile, exchange: Exchange): string | undefined {
  const wanted = profile.output.some((p) => p.detector.name === 'exfiltration' && p.action !== 'allow');
  return wanted ? conversationOf(exchange) : undefined;
}

function withConversations(targets: ResultTarget[], conversation: string | undefined): ResultTarget[] {
  if (conversation === undefined) return targets;
  return targets.map((t) => ({ ...t, context: withConversation(t.context, conversation) }));
}

/**
 * A stream refused at its first read. A generator that never yields: the refusal is thrown while the stream
 * is read, where the runner takes it for this stage's refusal, not from transformStream (a stage failure).
 */
// biome-ignore lint/correctness/useYield: a stream that fails at its first read
async function* refuseStream(): AsyncGenerator<StreamPart> {
  throw new GatewayError('guardrail_unavailable', 'The guardrail profile of this identity is not configured.');
}
