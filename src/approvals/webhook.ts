import { createHmac } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { Approval } from './types.js';

export interface WebhookOptions {
  url: string;
  /** HMAC-SHA256 key (already resolved from its secret reference); absent: bodies are not signed. */
  secret?: string | undefined;
  /** Tries per notification, the first included. */
  maxAttempts: number;
  logger: Logger;
  /** Delay before retry n (1-based), ms: 500 ms doubling, capped at 30 s, by default. */
  backoffMs?: (retry: number) => number;
  timeoutMs?: number;
}

/** The body of a notification: our fields, plus `text`, which a Slack or Teams incoming webhook shows as is. */
export function notificationBody(approval: Approval): Record<string, unknown> {
  const r = approval.requester;
  return {
    type: 'approval.pending',
    id: approval.id,
    subject: approval.rule.subject,
    risk: approval.rule.risk,
    requester: r.identityId,
    endUser: r.endUser,
    quorum: approval.rule.quorum,
    createdAt: approval.createdAt,
    expiresAt: approval.expiresAt,
    text: `Approval needed: ${what(approval)}. ` + `gatehouse approvals show ${approval.id}; expires ${new Date(approval.expiresAt).toISOString()}.`,
  };
}

/** What is held, in words: a tool call, or a request an input guardrail held (never its content). */
function what(approval: Approval): string {
  const { identityId } = approval.requester;
  const { subject, risk, when } = approval.rule;
  if (approval.kind === 'request') return `${identityId} sent a request held by ${subject} (${when})`;
  return `${identityId} wants to call ${subject} (risk ${risk}, rule ${when})`;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed too, so a body cannot be replayed later. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Announces each new pending approval to a webhook. `notify` returns at once: delivery runs in the
 * background with exponential backoff, and a notification that still fails after `maxAttempts` is logged
 * (without its body) and dropped; the approval itself is stored and listed regardless. The call's
 * arguments are never sent: the body names the tool and the requester, the approver reads the call with
 * `gatehouse approvals show`.
 */
export function createWebhookNotifier(options: WebhookOptions): { notify(approval: Approval): void; idle(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const backoff = options.backoffMs ?? ((n: number) => Math.min(30_000, 500 * 2 ** (n - 1)));
  return {
    notify(approval) {
      const delivery = deliver(options, approval, backoff).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

async function deliver(options: WebhookOptions, approval: Approval, backoff: (retry: number) => number): Promise<void> {
  const body = JSON.stringify(notificationBody(approval));
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, backoff(attempt - 1)).unref());
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-gatehouse-approval': approval.id };
    if (options.secret) headers['x-gatehouse-signature'] = signatureOf(options.secret, Math.floor(Date.now() / 1000), body);
    try {
      const res = await fetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      await res.body?.cancel();
      if (res.ok) return;
      // A 4xx other than 408/429 will not get better by retrying.
      if (res.status < 500 && res.status !== 408 && res.status !== 429) break;
    } catch {
      // A connection failure or timeout: retried like a 5xx.
    }
  }
  options.logger.warn({ approval: approval.id }, 'approval notification could not be delivered');
}
