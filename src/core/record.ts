/**
 * The exchange record: one per exchange, written by the recorder, sealed onto the audit chain by the store,
 * read by telemetry, the SIEM export, replay and the admin API. It lives in core because every one of those
 * folders reads it, and none of them should depend on storage just for its shape.
 *
 * Two places build one: the record stage's literal for every exchange the pipeline ran
 * (src/stages/record/exchange-record.ts, written out in full for speed), and `newExchangeRecord` below for
 * everything else (refusals before routing, token requests, admin calls, a record that could not be built
 * in full). A new field is added to the interface, to `newExchangeRecord` and to that literal; a test holds
 * the two to the same keys.
 */
import type { TraceEntry } from './exchange.js';

/** One row per exchange: ids, identity, model, status, reason, usage, latency and the decision trace. */
export interface ExchangeRecord {
  id: string;
  /** ms since epoch */
  createdAt: number;
  /** 'chat' | 'embeddings' | 'guard.scan' | 'models.list' | 'models.get' | 'tokens.count' | 'responses.get' | 'admin' | 'token' | 'unknown' (requests refused before routing) */
  operation: string;
  method: string;
  path: string;
  identityId: string;
  endUser: string | null;
  modelRequested: string | null;
  providerId: string | null;
  upstreamModel: string | null;
  streamed: boolean;
  status: number;
  reason: string;
  /** `in_progress`: the durable start of a stream, replaced by its final record when the stream ends. */
  outcome: 'ok' | 'refused' | 'error' | 'interrupted' | 'client_closed' | 'in_progress';
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Whole exchange, ms. */
  latencyMs: number;
  /** Time to first byte sent to the client (streams), ms. */
  ttfbMs: number | null;
  trace: TraceEntry[];
  /** The conversation the client named (header x-gatehouse-conversation-id), to group its turns. */
  conversationId: string | null;
  /** The caller's environment (sandbox, pilot, production); null for anonymous callers and admin calls. */
  environment: string | null;
  /** sha256 of the configuration (policies, guardrail profiles) the decisions were made under. */
  policyVersion: string | null;
  /** Guardrail findings, input then output: detector, type, score, span, path, action. Never content. */
  findings: RecordedFinding[];
  /** Cost in USD from the served deployment's prices; null while no price is configured. */
  costUsd: number | null;
  /** How the prompt and answer were kept (none, hashed, redacted, full); null when nothing applied. */
  contentMode: string | null;
  /** HMAC-SHA256 of the content text: sealed into the chain, so stored content can be proven unaltered. */
  contentDigest: string | null;
  /** The deployment that served the exchange (or last failed it); null when none was reached. */
  deploymentId: string | null;
  /** The model version of that deployment. */
  modelVersion: string | null;
}

/** What a record keeps of a guardrail finding: never the scanned text. */
export interface RecordedFinding {
  direction: 'input' | 'output';
  detector: string;
  type: string;
  score: number;
  start: number;
  end: number;
  path: string;
  action: string;
  /**
   * Present on an entry that stands for findings past the record's cap: how many of this detector and
   * type were found and not listed (span and path of the first, highest score, strictest action).
   */
  omitted?: number;
}

/** What every record says; `newExchangeRecord` defaults the rest. */
export type ExchangeRecordFacts = Pick<ExchangeRecord, 'id' | 'createdAt' | 'operation' | 'method' | 'path' | 'status' | 'reason' | 'outcome'> &
  Partial<ExchangeRecord>;

/**
 * A record of a call the pipeline did not run (or could not describe in full): every field written out,
 * defaulting to the anonymous caller, no model, no usage, no content facts, an empty trace. The fields are
 * in the hot-path literal's order, so both serialize alike.
 */
export function newExchangeRecord(facts: ExchangeRecordFacts): ExchangeRecord {
  return {
    id: facts.id,
    createdAt: facts.createdAt,
    operation: facts.operation,
    method: facts.method,
    path: facts.path,
    identityId: facts.identityId ?? 'anonymous',
    endUser: facts.endUser ?? null,
    modelRequested: facts.modelRequested ?? null,
    providerId: facts.providerId ?? null,
    upstreamModel: facts.upstreamModel ?? null,
    streamed: facts.streamed ?? false,
    status: facts.status,
    reason: facts.reason,
    outcome: facts.outcome,
    promptTokens: facts.promptTokens ?? null,
    completionTokens: facts.completionTokens ?? null,
    totalTokens: facts.totalTokens ?? null,
    latencyMs: facts.latencyMs ?? 0,
    ttfbMs: facts.ttfbMs ?? null,
    trace: facts.trace ?? [],
    conversationId: facts.conversationId ?? null,
    environment: facts.environment ?? null,
    policyVersion: facts.policyVersion ?? null,
    findings: facts.findings ?? [],
    costUsd: facts.costUsd ?? null,
    contentMode: facts.contentMode ?? null,
    contentDigest: facts.contentDigest ?? null,
    deploymentId: facts.deploymentId ?? null,
    modelVersion: facts.modelVersion ?? null,
  };
}

/**
 * The request path as records keep it: never the query string or fragment, where clients put credentials
 * (`?api_key=`) and search terms; at most 256 characters.
 */
export function recordedPath(url: string): string {
  let end = url.length;
  for (let i = 0; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3f || c === 0x23) end = i;
  }
  return end > 256 ? url.slice(0, 256) : end === url.length ? url : url.slice(0, end);
}
