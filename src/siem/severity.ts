import { REASON_CODES } from '../core/reason-codes.js';
import type { ExchangeRecord } from '../core/record.js';

/** OCSF severity_id values (shared by every class). */
export const SEVERITY = { informational: 1, low: 2, medium: 3, high: 4 } as const;
export type SeverityId = (typeof SEVERITY)[keyof typeof SEVERITY];

export const SEVERITY_NAMES: Record<SeverityId, string> = { 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High' };

/** Refusals a security team looks at: a guardrail or an access decision, not a malformed request. */
const SECURITY_REASONS: ReadonlySet<string> = new Set(['input_blocked', 'output_blocked', 'approval_required']);

export function isSecurityReason(reason: string): boolean {
  if (SECURITY_REASONS.has(reason)) return true;
  const entry = (REASON_CODES as Record<string, { type: string } | undefined>)[reason];
  return entry?.type === 'authentication_error' || entry?.type === 'permission_error';
}

/**
 * Severity of an exchange: security refusals Medium (whatever the outcome, since an output block can
 * end a stream as `interrupted`), other failures Low, the rest Informational.
 */
export function exchangeSeverity(record: ExchangeRecord): SeverityId {
  if (isSecurityReason(record.reason)) return SEVERITY.medium;
  if (record.outcome === 'ok' || record.outcome === 'client_closed') return SEVERITY.informational;
  return SEVERITY.low;
}

/**
 * Severity of a finding, from the action its policy took. An exfiltration attempt (an answer that tried to
 * send data out through a URL) is High whatever the action: the transforms made it inert, but the model
 * was steered to attack the user, which a security team must see.
 */
export function findingSeverity(action: string, detector?: string): SeverityId {
  if (detector === 'exfiltration') return SEVERITY.high;
  switch (action) {
    case 'block':
      return SEVERITY.high;
    case 'redact':
    case 'require_approval':
      return SEVERITY.medium;
    case 'monitor':
      return SEVERITY.low;
    default:
      return SEVERITY.informational;
  }
}

/** CEF severity (0-10; 0-3 low, 4-6 medium, 7-8 high, 9-10 very high) of an OCSF severity. */
export function cefSeverity(severity: SeverityId): number {
  return { 1: 1, 2: 3, 3: 5, 4: 8 }[severity];
}

/** RFC 5424 severity of an OCSF severity: info, notice, warning, error. */
export function syslogSeverity(severity: SeverityId): number {
  return { 1: 6, 2: 5, 3: 4, 4: 3 }[severity];
}
