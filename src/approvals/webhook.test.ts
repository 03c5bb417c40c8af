import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { createWebhookNotifier, notificationBody } from './webhook.js';
import type { Approval } from './types.js';

const approval: Approval = {
  id: 'apr_0123456789abcdef0123456789abcdef',
  kind: 'chat.answer',
  digest: 'd'.repeat(64),
  summary: '[{"arguments":{"amount":250,"card":"4111111111111111"},"name":"refund"}]',
  requester: { identityId: 'refund-bot', endUser: null, owner: 'alice@example.com', conversationId: null },
  exchangeId: 'ex-1',
  rule: {
    subject: 'refund',
    risk: 'high',
    when: 'always',
    approvers: { roles: ['approver'], identities: [], teams: [] },
    quorum: 1,
    ttlSeconds: 900,
    separationOfDuties: true,
  },
  approvals: [],
  state: 'pending',
  createdAt: 1_760_000_000_000,
  expiresAt: 1_760_000_900_000,
  decidedBy: null,
  decisionReason: null,
  decidedAt: null,
  usedAt: null,
  version: 0,
};

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on loopback answering each request with the next status of `statuses` (then 200). */
async function webhookServer(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server; release?: () => void }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

describe('approval webhook', () => {
  test('retries a failing endpoint with backoff, then delivers a signed body that fits a Slack/Teams text field', async () => {
    const hook = await webhookServer([503, 500]);
    servers.push(hook.server);
    const notifier = createWebhookNotifier({ url: hook.url, secret: 's3cret', maxAttempts: 5, logger: silentLogger(), backoffMs: () => 1 });
    notifier.notify(approval);
    await notifier.idle();
    expect(hook.received).toHaveLength(3);
    const last = hook.received[2] as Received;
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({ type: 'approval.pending', id: approval.id, subject: 'refund', risk: 'high', requester: 'refund-bot' });
    expect(body.text).toContain(`gatehouse approvals show ${approval.id}`);
    // The call's arguments (a card number here) never leave in a notification.
    expect(last.body).not.toContain('4111');
    const [t, v1] = String(last.headers['x-gatehouse-signature']).split(',');
    const timestamp = (t as string).slice(2);
    expect(v1).toBe(`v1=${createHmac('sha256', 's3cret').update(`${timestamp}.${last.body}`).digest('hex')}`);
  });

  test('notify never waits for delivery, and gives up on a 4xx without retrying', async () => {
    const hook = await webhookServer([404]);
    servers.push(hook.server);
    const notifier = createWebhookNotifier({ url: hook.url, maxAttempts: 5, logger: silentLogger(), backoffMs: () => 1 });
    notifier.notify(approval);
    // Returned before the server saw anything: the request path is never held up by a notification.
    expect(hook.received).toHaveLength(0);
    await notifier.idle();
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]?.headers['x-gatehouse-signature']).toBeUndefined();
  });

  test('an unreachable endpoint is tried maxAttempts times and then dropped, without throwing', async () => {
    const hook = await webhookServer([]);
    const url = hook.url;
    await new Promise((r) => hook.server.close(r));
    const notifier = createWebhookNotifier({ url, maxAttempts: 3, logger: silentLogger(), backoffMs: () => 1 });
    notifier.notify(approval);
    await expect(notifier.idle()).resolves.toBeUndefined();
  });
});

test('a request an input guardrail held is announced as such, naming the rule, never the prompt', () => {
  const held: Approval = {
    ...approval,
    kind: 'request',
    summary: '{"model":"gpt","operation":"chat","path":"messages[0].content","policy":"guardrails/reviewed/keywords:merger"}',
    rule: { ...approval.rule, subject: 'guardrail:reviewed', risk: 'n/a', when: 'policy: guardrails/reviewed/keywords:merger' },
  };
  const text = notificationBody(held).text as string;
  expect(text).toContain('refund-bot sent a request held by guardrail:reviewed (policy: guardrails/reviewed/keywords:merger)');
  expect(text).not.toContain('wants to call');
});
