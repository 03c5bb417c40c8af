import type { TraceEntry } from './exchange.js';
import type { ReasonCode } from './reason-codes.js';
import { newExchangeRecord, type ExchangeRecord } from './record.js';

/** What one admin call did, as the record and log line need it. Never holds a secret. */
export interface AdminCallFacts {
  requestId: string;
  startedAt: number;
  method: string;
  path: string;
  /** The authenticated caller, `anonymous` when authentication failed; `cli:<user>` for the CLI. */
  callerId: string;
  status: number;
  reason: ReasonCode;
  latencyMs: number;
  trace: TraceEntry[];
}

/** Admin calls are exchanges too: one record each, `operation: 'admin'`, allowed or refused. */
export function adminRecord(facts: AdminCallFacts): ExchangeRecord {
  return newExchangeRecord({
    id: facts.requestId,
    createdAt: facts.startedAt,
    operation: 'admin',
    method: facts.method,
    path: facts.path.length > 256 ? facts.path.slice(0, 256) : facts.path,
    identityId: facts.callerId,
    status: facts.status,
    reason: facts.reason,
    outcome: facts.status >= 500 ? 'error' : facts.status >= 400 ? 'refused' : 'ok',
    latencyMs: Math.round(facts.latencyMs * 1000) / 1000,
    trace: facts.trace,
  });
}

/** The trace entry naming the action and its target, e.g. `identity.suspend payments-api`. */
export function actionEntry(action: string, target: string, reason: ReasonCode, durationUs: number): TraceEntry {
  const entry: TraceEntry = {
    stage: 'admin',
    phase: 'request',
    verdict: reason === 'ok' ? 'continue' : 'respond',
    durationUs,
    note: `${action} ${target}`.slice(0, 512),
  };
  if (reason !== 'ok') entry.reason = reason;
  return entry;
}
