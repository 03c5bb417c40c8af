import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime, type Span, type Tracer } from '@opentelemetry/api';
import { addHrTimes, millisToHrTime } from '@opentelemetry/core';
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { TraceEntry } from '../core/exchange.js';
import type { ExchangeRecord, RecordedFinding } from '../core/record.js';

/*
 * GenAI attribute names as of semantic conventions 1.38. They live in the package's `incubating` entry,
 * which may rename them in a minor release, so (as the package advises) they are copied here.
 * 1.38 names the provider `gen_ai.provider.name`; `gen_ai.system` is deprecated.
 */
const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
const GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';

/** Span events per exchange at most; the total is always in `gatehouse.guardrail.findings`. */
const MAX_FINDING_EVENTS = 64;
const GEN_AI_OPERATIONS: ReadonlySet<string> = new Set(['chat', 'embeddings']);
/** Routes without parameters, so a span name never carries a client-chosen path. */
const FIXED_ROUTES: ReadonlySet<string> = new Set([
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/messages',
  '/v1/messages/count_tokens',
  '/v1/responses',
  '/v1/guard/scan',
  '/v1/models',
  '/oauth/token',
  '/.well-known/jwks.json',
]);

export interface SpanMapping {
  /** Configured model names; a requested model outside them is kept out of span names. */
  models?: ReadonlySet<string>;
  /** The provider type (`openai`, `anthropic`, ...) of a configured provider id. */
  providerType?: (providerId: string) => string | undefined;
}

/** `gen_ai.provider.name` for a Gatehouse provider type, using the conventions' well-known values. */
export function genAiProviderName(providerType: string): string {
  if (providerType === 'azure-openai') return 'azure.ai.openai';
  return providerType;
}

/**
 * Emits the spans of one final exchange record, after the fact: a SERVER span over the whole exchange
 * and one child per decision-trace entry. The trace keeps durations only, so children are laid end to
 * end from the exchange start, in trace order, clipped to its end. Guardrail findings become events
 * with detector, type, score and action: the record holds no content, so no span can.
 */
export function emitExchangeSpans(tracer: Tracer, record: ExchangeRecord, mapping: SpanMapping): void {
  const start = millisToHrTime(record.createdAt);
  const end = offset(start, Math.max(0, record.latencyMs));
  const root = tracer.startSpan(
    spanName(record, mapping),
    { kind: SpanKind.SERVER, startTime: start, attributes: rootAttributes(record, mapping), root: true },
    ROOT_CONTEXT,
  );
  if (isFailure(record)) {
    root.setAttribute(ATTR_ERROR_TYPE, record.reason);
    root.setStatus({ code: SpanStatusCode.ERROR, message: record.reason });
  }
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  let elapsedMs = 0;
  let requestPhaseEndMs = 0;
  for (const entry of record.trace) {
    const beginMs = Math.min(elapsedMs, record.latencyMs);
    elapsedMs = Math.min(beginMs + Math.max(0, entry.durationUs) / 1000, Math.max(0, record.latencyMs));
    if (entry.phase === 'request') requestPhaseEndMs = elapsedMs;
    const child = tracer.startSpan(entry.stage, { kind: SpanKind.INTERNAL, startTime: offset(start, beginMs), attributes: stageAttributes(entry) }, parent);
    if (entry.verdict === 'error') {
      child.setAttribute(ATTR_ERROR_TYPE, entry.reason ?? 'stage_failed');
      child.setStatus({ code: SpanStatusCode.ERROR, message: entry.reason ?? 'stage_failed' });
    }
    child.end(offset(start, elapsedMs));
  }
  addFindingEvents(root, record.findings, offset(start, requestPhaseEndMs), end);
  root.end(end);
}

function spanName(record: ExchangeRecord, mapping: SpanMapping): string {
  if (GEN_AI_OPERATIONS.has(record.operation)) {
    const model = record.modelRequested;
    const named = model !== null && (mapping.models === undefined || mapping.models.has(model));
    return named ? `${record.operation} ${model}` : record.operation;
  }
  const path = pathOf(record.path);
  return FIXED_ROUTES.has(path) ? `${record.method} ${path}` : record.method;
}

function rootAttributes(record: ExchangeRecord, mapping: SpanMapping): Attributes {
  const genAi = GEN_AI_OPERATIONS.has(record.operation);
  const providerType = record.providerId === null ? undefined : mapping.providerType?.(record.providerId);
  return compact({
    [GEN_AI_OPERATION_NAME]: genAi ? record.operation : undefined,
    [GEN_AI_REQUEST_MODEL]: record.modelRequested,
    [GEN_AI_RESPONSE_MODEL]: record.upstreamModel,
    [GEN_AI_PROVIDER_NAME]: record.providerId === null ? undefined : genAiProviderName(providerType ?? record.providerId),
    [GEN_AI_USAGE_INPUT_TOKENS]: record.promptTokens,
    [GEN_AI_USAGE_OUTPUT_TOKENS]: record.completionTokens,
    [GEN_AI_CONVERSATION_ID]: record.conversationId,
    [ATTR_HTTP_REQUEST_METHOD]: record.method,
    [ATTR_URL_PATH]: pathOf(record.path),
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: record.status,
    'gatehouse.request_id': record.id,
    'gatehouse.operation': record.operation,
    'gatehouse.outcome': record.outcome,
    'gatehouse.reason': record.reason,
    'gatehouse.identity': record.identityId,
    'gatehouse.environment': record.environment,
    'gatehouse.policy_version': record.policyVersion,
    'gatehouse.provider_id': record.providerId,
    'gatehouse.deployment_id': record.deploymentId,
    'gatehouse.model_version': record.modelVersion,
    'gatehouse.streamed': record.streamed,
    'gatehouse.ttfb_ms': record.ttfbMs,
    'gatehouse.cost_usd': record.costUsd,
    'gatehouse.guardrail.findings': record.findings.length,
  });
}

function stageAttributes(entry: TraceEntry): Attributes {
  return compact({
    'gatehouse.stage': entry.stage,
    'gatehouse.stage.phase': entry.phase,
    'gatehouse.stage.verdict': entry.verdict,
    'gatehouse.stage.reason': entry.reason,
    'gatehouse.stage.policy_id': entry.policyId,
    // Trace notes are content-free by construction (counts, detector:type@path, credential kinds).
    'gatehouse.stage.note': entry.note,
    'gatehouse.stage.duration_us': entry.durationUs,
  });
}

/** Input findings are stamped when the request stages ended, output findings at the exchange end. */
function addFindingEvents(span: Span, findings: readonly RecordedFinding[], inputTime: HrTime, outputTime: HrTime): void {
  for (const f of findings.slice(0, MAX_FINDING_EVENTS)) {
    span.addEvent(
      'gatehouse.guardrail.finding',
      {
        'gatehouse.guardrail.direction': f.direction,
        'gatehouse.guardrail.detector': f.detector,
        'gatehouse.guardrail.type': f.type,
        'gatehouse.guardrail.score': f.score,
        'gatehouse.guardrail.action': f.action,
        'gatehouse.guardrail.path': f.path,
        'gatehouse.guardrail.start': f.start,
        'gatehouse.guardrail.end': f.end,
      },
      f.direction === 'input' ? inputTime : outputTime,
    );
  }
}

/** A gateway failure, not a decision: refusals (4xx, policy) leave the status unset, as for HTTP servers. */
function isFailure(record: ExchangeRecord): boolean {
  return record.outcome === 'error' || record.outcome === 'interrupted' || record.status >= 500;
}

function offset(start: HrTime, ms: number): HrTime {
  return addHrTimes(start, millisToHrTime(ms));
}

/** The path without its query string, which may carry anything a client typed. */
function pathOf(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function compact(attributes: Record<string, string | number | boolean | null | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}
