import { REASON_CODES } from '../core/reason-codes.js';
import type { ExchangeRecord } from '../core/record.js';
import type { Checkpoint } from '../audit/checkpoint.js';
import { checkpointUid, findingOf, findingUid, pathOnly, type ProducerInfo, type SiemEvent } from './events.js';
import { exchangeSeverity, findingSeverity, SEVERITY_NAMES } from './severity.js';

/**
 * OCSF 1.1 events: each exchange is an API Activity (class 6003, category 6 Application Activity), each
 * guardrail finding a Detection Finding (class 2004, category 2 Findings). `type_uid` is always
 * `class_uid * 100 + activity_id`. Both carry the request id as `metadata.correlation_uid`, so a SIEM can
 * join a finding to its exchange. Fields are built one by one from ids, decisions and counts: no content.
 */
export const OCSF_SCHEMA_VERSION = '1.1.0';

const API_ACTIVITY_CLASS = 6003;
const DETECTION_FINDING_CLASS = 2004;
const DATASTORE_ACTIVITY_CLASS = 6005;

const ACTIVITY_NAMES: Record<number, string> = { 0: 'Unknown', 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete' };
const METHOD_ACTIVITY: Record<string, number> = { GET: 2, HEAD: 2, POST: 1, PUT: 3, PATCH: 3, DELETE: 4 };

export function toOcsf(event: SiemEvent, producer: ProducerInfo): Record<string, unknown> {
  if (event.kind === 'checkpoint') return checkpointActivity(event.checkpoint, producer);
  return event.kind === 'exchange' ? apiActivity(event.record, producer) : detectionFinding(event, producer);
}

/** API Activity activity: what the call does (a completion is created, a list is read). */
export function apiActivityOf(operation: string, method: string): { id: number; name: string } {
  switch (operation) {
    case 'chat':
    case 'embeddings':
    case 'token':
      return { id: 1, name: 'Create' };
    case 'models':
    case 'models.list':
    case 'models.get':
    case 'approvals.get':
    case 'approvals.result':
    case 'tokens.count':
    case 'responses.get':
      return { id: 2, name: 'Read' };
    case 'guard.scan':
      return { id: 99, name: 'Scan' };
  }
  const id = METHOD_ACTIVITY[method.toUpperCase()] ?? 0;
  return { id, name: ACTIVITY_NAMES[id]! };
}

function apiActivity(r: ExchangeRecord, producer: ProducerInfo): Record<string, unknown> {
  const activity = apiActivityOf(r.operation, r.method);
  const severityId = exchangeSeverity(r);
  const status = statusOf(r.outcome);
  const latency = Math.max(0, Math.round(r.latencyMs));
  // Literal objects throughout, no spreads: V8 builds a spread-then-extended literal on a slow path,
  // and this runs once per exported event.
  const event: Record<string, unknown> = {
    class_uid: API_ACTIVITY_CLASS,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: API_ACTIVITY_CLASS * 100 + activity.id,
    type_name: `API Activity: ${activity.name}`,
    time: r.createdAt,
    start_time: r.createdAt,
    end_time: r.createdAt + latency,
    duration: latency,
    severity_id: severityId,
    severity: SEVERITY_NAMES[severityId],
    status_id: status.id,
    status: status.name,
    status_code: r.reason,
    status_detail: (REASON_CODES as Record<string, { summary: string } | undefined>)[r.reason]?.summary ?? r.reason,
    message: `${r.operation} ${r.outcome}: ${r.status} ${r.reason}`,
    metadata: metadata(producer, r.id, r.id, 'exchanges'),
    actor: actor(r),
    api: {
      operation: r.operation,
      request: { uid: r.id },
      response: r.outcome === 'ok' ? { code: r.status } : { code: r.status, error: r.reason },
      service: { name: 'Gatehouse', version: producer.version },
    },
    http_request: { http_method: r.method, url: { path: pathOnly(r.path) } },
    http_response: { code: r.status },
    dst_endpoint: { hostname: producer.hostname, svc_name: 'gatehouse' },
    unmapped: unmappedOf(r),
  };
  if (r.modelRequested !== null)
    event.resources = [
      r.upstreamModel === null ? { type: 'AI Model', name: r.modelRequested } : { type: 'AI Model', name: r.modelRequested, uid: r.upstreamModel },
    ];
  return event;
}

/** Gatehouse fields OCSF has no place for. */
function unmappedOf(r: ExchangeRecord): Record<string, unknown> {
  return definedOnly({
    outcome: r.outcome,
    model: r.modelRequested,
    provider_id: r.providerId,
    upstream_model: r.upstreamModel,
    streamed: r.streamed,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    total_tokens: r.totalTokens,
    ttfb_ms: r.ttfbMs,
    latency_ms: r.latencyMs,
    cost_usd: r.costUsd,
    policy_version: r.policyVersion,
    environment: r.environment,
    conversation_id: r.conversationId,
    end_user: r.endUser,
    findings: r.findings.length,
  });
}

function detectionFinding(event: Extract<SiemEvent, { kind: 'finding' }>, producer: ProducerInfo): Record<string, unknown> {
  const r = event.record;
  const f = findingOf(event);
  const uid = findingUid(event);
  const severityId = findingSeverity(f.action, f.detector);
  const control = controlOf(f.action);
  const confidence = confidenceOf(f.score);
  return {
    class_uid: DETECTION_FINDING_CLASS,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: DETECTION_FINDING_CLASS * 100 + 1,
    type_name: 'Detection Finding: Create',
    time: r.createdAt,
    severity_id: severityId,
    severity: SEVERITY_NAMES[severityId],
    status_id: 1,
    status: 'New',
    action_id: control.actionId,
    action: control.action,
    disposition_id: control.dispositionId,
    disposition: control.disposition,
    confidence_id: confidence.id,
    confidence: confidence.name,
    confidence_score: Math.round(Math.min(1, Math.max(0, f.score)) * 100),
    message: `${f.detector}:${f.type} in ${f.direction}, ${f.action}`,
    metadata: metadata(producer, uid, r.id, 'findings'),
    finding_info: {
      uid,
      title: `${f.detector}:${f.type}`,
      types: [f.type],
      analytic: analyticOf(f.detector),
      created_time: r.createdAt,
    },
    actor: actor(r),
    api: { operation: r.operation, request: { uid: r.id } },
    resources: [
      definedOnly({ uid: r.id, type: 'LLM Request', name: r.modelRequested, data: { direction: f.direction, path: f.path, start: f.start, end: f.end } }),
    ],
    unmapped: definedOnly({
      direction: f.direction,
      detector: f.detector,
      finding_type: f.type,
      score: f.score,
      policy_action: f.action,
      body_path: f.path,
      start: f.start,
      end: f.end,
      model: r.modelRequested,
      environment: r.environment,
      policy_version: r.policyVersion,
      end_user: r.endUser,
    }),
  };
}

/**
 * A signed checkpoint as Datastore Activity (class 6005) on the audit trail, activity Other ("Checkpoint").
 * The whole checkpoint is in `unmapped.checkpoint`, byte for byte what `audit checkpoints` prints, so a
 * SIEM's copy can be exported and given to `audit verify --checkpoints`.
 */
function checkpointActivity(cp: Checkpoint, producer: ProducerInfo): Record<string, unknown> {
  return {
    class_uid: DATASTORE_ACTIVITY_CLASS,
    class_name: 'Datastore Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: 99,
    activity_name: 'Checkpoint',
    type_uid: DATASTORE_ACTIVITY_CLASS * 100 + 99,
    type_name: 'Datastore Activity: Other',
    time: cp.at,
    severity_id: 1,
    severity: SEVERITY_NAMES[1],
    status_id: 1,
    status: 'Success',
    message: `audit checkpoint signed over entries ${cp.from}..${cp.to}`,
    metadata: metadata(producer, checkpointUid(cp), checkpointUid(cp), 'checkpoints'),
    database: { name: 'gatehouse audit trail', type_id: 99, type: 'Other' },
    dst_endpoint: { hostname: producer.hostname, svc_name: 'gatehouse' },
    unmapped: { checkpoint: cp },
  };
}

function metadata(producer: ProducerInfo, uid: string, correlationUid: string, logName: string): Record<string, unknown> {
  return {
    version: OCSF_SCHEMA_VERSION,
    product: { name: 'Gatehouse', vendor_name: 'Gatehouse', version: producer.version },
    uid,
    correlation_uid: correlationUid,
    log_name: logName,
  };
}

/** The calling identity; the end user it named is an assertion of that identity, kept in `unmapped`. */
function actor(r: ExchangeRecord): Record<string, unknown> {
  return { user: { uid: r.identityId } };
}

function statusOf(outcome: ExchangeRecord['outcome']): { id: number; name: string } {
  if (outcome === 'ok') return { id: 1, name: 'Success' };
  if (outcome === 'client_closed') return { id: 99, name: 'Client Closed' };
  return { id: 2, name: 'Failure' };
}

/** Security-control action and disposition of a guardrail action (OCSF 1.1 enums). */
function controlOf(action: string): { actionId: number; action: string; dispositionId: number; disposition: string } {
  switch (action) {
    case 'block':
    case 'require_approval':
      return { actionId: 2, action: 'Denied', dispositionId: 2, disposition: 'Blocked' };
    case 'redact':
      // The request went on with the span masked: allowed, after correction.
      return { actionId: 1, action: 'Allowed', dispositionId: 11, disposition: 'Corrected' };
    case 'monitor':
      return { actionId: 1, action: 'Allowed', dispositionId: 15, disposition: 'Detected' };
    case 'allow':
      return { actionId: 1, action: 'Allowed', dispositionId: 1, disposition: 'Allowed' };
    default:
      return { actionId: 0, action: 'Unknown', dispositionId: 0, disposition: 'Unknown' };
  }
}

function confidenceOf(score: number): { id: number; name: string } {
  if (score >= 0.8) return { id: 3, name: 'High' };
  if (score >= 0.5) return { id: 2, name: 'Medium' };
  return { id: 1, name: 'Low' };
}

/** The detector as analytic: learned models for the classifier detectors, rules (patterns, lists, checks) otherwise. */
function analyticOf(detector: string): Record<string, unknown> {
  const learned = detector === 'prompt_injection' || detector === 'llm_judge' || detector === 'classifier';
  return { name: detector, uid: detector, type_id: learned ? 4 : 1, type: learned ? 'Learning (ML/DL)' : 'Rule' };
}

/** Drops null members, so absent facts are absent rather than null. */
function definedOnly(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in obj) if (obj[key] !== null && obj[key] !== undefined) out[key] = obj[key];
  return out;
}
