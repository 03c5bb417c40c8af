import type { Checkpoint } from '../audit/checkpoint.js';
import type { SiemEventKind } from '../config/schema-siem.js';
import type { ExchangeRecord, RecordedFinding } from '../core/record.js';

/**
 * One SIEM event: a finished exchange, one guardrail finding of it, or a signed audit checkpoint (a copy
 * of the trail's anchor outside the gateway's reach). Events point at the committed record rather than
 * copying it; records are not changed after they commit.
 */
export type SiemEvent =
  | { readonly kind: 'exchange'; readonly record: ExchangeRecord }
  | { readonly kind: 'finding'; readonly record: ExchangeRecord; readonly index: number }
  | { readonly kind: 'checkpoint'; readonly checkpoint: Checkpoint };

/** When the event happened, in ms since the epoch. */
export function eventTime(event: SiemEvent): number {
  return event.kind === 'checkpoint' ? event.checkpoint.at : event.record.createdAt;
}

/** The checkpoint's own id: the range of entries it covers. */
export function checkpointUid(cp: Checkpoint): string {
  return `checkpoint:${cp.from}-${cp.to}`;
}

/** Who produced the events: the Gatehouse version and the host it runs on. */
export interface ProducerInfo {
  version: string;
  hostname: string;
}

/**
 * Appends the events of one committed record to `out`. A stream's durable start (`in_progress`) is
 * skipped: its final record, with the same id, follows and carries the outcome.
 */
export function collectEvents(record: ExchangeRecord, kinds: ReadonlySet<SiemEventKind>, out: SiemEvent[]): void {
  if (typeof record !== 'object' || record === null) throw new TypeError('not an exchange record');
  if (record.outcome === 'in_progress') return;
  if (kinds.has('exchanges')) out.push({ kind: 'exchange', record });
  if (kinds.has('findings')) {
    const count = Array.isArray(record.findings) ? record.findings.length : 0;
    for (let index = 0; index < count; index++) out.push({ kind: 'finding', record, index });
  }
}

export function findingOf(event: Extract<SiemEvent, { kind: 'finding' }>): RecordedFinding {
  return event.record.findings[event.index]!;
}

/** The finding's own id: the request id and its position among the record's findings. */
export function findingUid(event: Extract<SiemEvent, { kind: 'finding' }>): string {
  return `${event.record.id}:${event.index}`;
}

/**
 * The request path without its query string: a client may put a key or other data in the query
 * (`?api-key=`), and SIEM events carry identifiers and decisions only.
 */
export function pathOnly(path: string): string {
  const q = path.search(/[?#]/);
  return q < 0 ? path : path.slice(0, q);
}

/**
 * A flat, content-free JSON form of an event (sink format `json`). Fields are listed one by one so that
 * nothing added to records later reaches a SIEM without a decision; the decision trace stays in the
 * audit store.
 */
export function toPlainEvent(event: SiemEvent): Record<string, unknown> {
  if (event.kind === 'checkpoint')
    return {
      type: 'gatehouse.checkpoint',
      id: checkpointUid(event.checkpoint),
      time: new Date(event.checkpoint.at).toISOString(),
      checkpoint: event.checkpoint,
    };
  const r = event.record;
  const common = { time: new Date(r.createdAt).toISOString(), requestId: r.id, identityId: r.identityId, endUser: r.endUser, environment: r.environment };
  if (event.kind === 'finding') {
    const f = findingOf(event);
    return {
      type: 'gatehouse.finding',
      id: findingUid(event),
      ...common,
      operation: r.operation,
      modelRequested: r.modelRequested,
      direction: f.direction,
      detector: f.detector,
      findingType: f.type,
      score: f.score,
      start: f.start,
      end: f.end,
      path: f.path,
      action: f.action,
      policyVersion: r.policyVersion,
    };
  }
  return {
    type: 'gatehouse.exchange',
    id: r.id,
    ...common,
    operation: r.operation,
    method: r.method,
    path: pathOnly(r.path),
    modelRequested: r.modelRequested,
    providerId: r.providerId,
    upstreamModel: r.upstreamModel,
    streamed: r.streamed,
    status: r.status,
    reason: r.reason,
    outcome: r.outcome,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    totalTokens: r.totalTokens,
    latencyMs: r.latencyMs,
    ttfbMs: r.ttfbMs,
    conversationId: r.conversationId,
    policyVersion: r.policyVersion,
    costUsd: r.costUsd,
    findings: r.findings.length,
  };
}
