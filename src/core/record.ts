/**
 * The exchange record: one per exchange, written by the recorder, sealed onto the audit chain by the store,
 * read by telemetry, the SIEM export, replay and the admin API. It lives in core because every one of those
 * folders reads it, and none of them should depend on storage just for its shape.
 */
import type { TraceEntry } from './exchange.js';

/** One row per exchange: ids, identity, model, status, reason, usage, latency and the decision trace. */
export interface ExchangeRecord {
  id: string;
  /** ms since epoch */
  createdAt: number;
  /** 'chat' | 'embeddings' | 'guard.scan' | 'models.list' | 'models.get' | 'admin' | 'token' | 'unknown' (requests refused before routing) */
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
