import type { Checkpoint } from '../audit/checkpoint.js';
import type { ExchangeRecord } from '../core/record.js';
import { checkpointUid, findingOf, findingUid, pathOnly, type ProducerInfo, type SiemEvent } from './events.js';
import { cefSeverity, exchangeSeverity, findingSeverity } from './severity.js';

/**
 * ArcSight Common Event Format, one line per event:
 * `CEF:0|Gatehouse|Gatehouse|<version>|<signature id>|<name>|<severity>|<extensions>`.
 * Signature ids are `exchange:<reason code>` and `finding:<detector>:<type>`, so SIEM rules key on the
 * same codes as the reason catalogue and the guardrail detectors.
 */
export function toCef(event: SiemEvent, producer: ProducerInfo): string {
  if (event.kind === 'checkpoint') return checkpointLine(event.checkpoint, producer);
  return event.kind === 'exchange' ? exchangeLine(event.record, producer) : findingLine(event, producer);
}

/** Header fields: backslash and pipe are escaped; a line break would end the event, so it becomes a space. */
export function cefHeaderEscape(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** Extension values: backslash and equals are escaped, line breaks written as \n and \r. */
export function cefValueEscape(value: string): string {
  return value
    .replace(/[\\=]/g, (c) => `\\${c}`)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

function header(producer: ProducerInfo, signatureId: string, name: string, severity: number): string {
  return ['CEF:0', 'Gatehouse', 'Gatehouse', producer.version, signatureId, name, String(severity)].map((v, i) => (i === 0 ? v : cefHeaderEscape(v))).join('|');
}

type Extension = [key: string, value: string | number | null | undefined, label?: string];

/**
 * `key=value` pairs in order; a custom field (cs1, cn1, cfp1, ...) is preceded by its `<key>Label`.
 * Null and undefined values are left out, with their label.
 */
function extensions(pairs: Extension[]): string {
  const parts: string[] = [];
  for (const [key, value, label] of pairs) {
    if (value === null || value === undefined) continue;
    if (label !== undefined) parts.push(`${key}Label=${cefValueEscape(label)}`);
    parts.push(`${key}=${cefValueEscape(String(value))}`);
  }
  return parts.join(' ');
}

function exchangeLine(r: ExchangeRecord, producer: ProducerInfo): string {
  const severity = cefSeverity(exchangeSeverity(r));
  const ext = extensions([
    ['rt', r.createdAt],
    ['externalId', r.id],
    ['cat', r.operation],
    ['requestMethod', r.method],
    ['request', pathOnly(r.path)],
    ['suser', r.identityId],
    ['duser', r.endUser],
    ['outcome', r.outcome],
    ['reason', r.reason],
    ['dvchost', producer.hostname],
    ['cn1', r.status, 'httpStatus'],
    ['cn2', Math.round(r.latencyMs), 'latencyMs'],
    ['cn3', r.totalTokens, 'totalTokens'],
    ['cs1', r.modelRequested, 'model'],
    ['cs2', r.providerId, 'provider'],
    ['cs3', r.upstreamModel, 'upstreamModel'],
    ['cs4', r.environment, 'environment'],
    ['cs5', r.policyVersion, 'policyVersion'],
    ['cs6', r.conversationId, 'conversationId'],
    ['cfp1', r.costUsd, 'costUsd'],
  ]);
  return `${header(producer, `exchange:${r.reason}`, `${r.operation} ${r.outcome}`, severity)}|${ext}`;
}

function findingLine(event: Extract<SiemEvent, { kind: 'finding' }>, producer: ProducerInfo): string {
  const r = event.record;
  const f = findingOf(event);
  const severity = cefSeverity(findingSeverity(f.action, f.detector));
  const ext = extensions([
    ['rt', r.createdAt],
    ['externalId', findingUid(event)],
    ['cat', f.detector],
    ['act', f.action],
    ['requestMethod', r.method],
    ['request', pathOnly(r.path)],
    ['suser', r.identityId],
    ['duser', r.endUser],
    ['dvchost', producer.hostname],
    ['cn1', f.start, 'start'],
    ['cn2', f.end, 'end'],
    ['cfp1', f.score, 'score'],
    ['cs1', f.type, 'findingType'],
    ['cs2', f.direction, 'direction'],
    ['cs3', f.path, 'bodyPath'],
    ['cs4', r.id, 'requestId'],
    ['cs5', r.modelRequested, 'model'],
    ['cs6', r.environment, 'environment'],
  ]);
  return `${header(producer, `finding:${f.detector}:${f.type}`, `${f.detector}:${f.type} ${f.action}`, severity)}|${ext}`;
}

/** Every field of the checkpoint, so the SIEM's copy can be exported and given to `audit verify --checkpoints`. */
function checkpointLine(cp: Checkpoint, producer: ProducerInfo): string {
  const ext = extensions([
    ['rt', cp.at],
    ['externalId', checkpointUid(cp)],
    ['cat', 'audit.checkpoint'],
    ['dvchost', producer.hostname],
    ['cn1', cp.from, 'from'],
    ['cn2', cp.to, 'to'],
    ['cs1', cp.root, 'merkleRoot'],
    ['cs2', cp.head, 'headHash'],
    ['cs3', cp.keyId, 'keyId'],
    ['cs4', cp.signature, 'signature'],
    ['cs5', cp.prev, 'prevCheckpoint'],
    ['cs6', JSON.stringify(cp), 'checkpoint'],
  ]);
  return `${header(producer, 'audit:checkpoint', `audit checkpoint ${cp.from}..${cp.to}`, 1)}|${ext}`;
}
