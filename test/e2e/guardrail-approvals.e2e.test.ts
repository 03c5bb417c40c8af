import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundDigest } from '../../src/approvals/desk.js';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import type { IdentityServices } from '../../src/gateway.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * An input guardrail with action require_approval holds the request before any provider is called; a
 * person releases it through the admin API and the requester fetches the answer once, run then.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-guardrail-approvals-e2e-'));
const who = (name: string, extra: Record<string, unknown> = {}) => ({ owner: `${name}@example.com`, environment: 'pilot', models: ['*'], ...extra });

let fake: FakeOpenAI;
let gw: TestGateway;
let configFile: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const config = {
    storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
    audit: { keyFile: join(dir, 'audit.key'), content: { keyFile: join(dir, 'content.key') } },
    auth: { secretPepper: 'env:PEPPER' },
    providers: { up: { type: 'openai', baseUrl: fake.url, timeoutMs: 3000 } },
    models: { gpt: { provider: 'up' } },
    // One request in flight per identity: the release runs inside the result exchange, which holds that slot.
    limits: { profiles: { one: { concurrentRequests: 1 } }, defaults: { pilot: 'one' } },
    identities: {
      analyst: who('alice'),
      'alice-reviewer': who('alice', { roles: ['approver'] }),
      bob: who('bob', { roles: ['approver'] }),
      carol: who('carol'),
    },
    guardrails: {
      profiles: {
        reviewed: {
          input: { keywords: { action: 'require_approval', options: { lists: { merger: ['project falcon'] } } } },
          approval: { approvers: { roles: ['approver'] }, ttlSeconds: 600 },
        },
      },
      defaults: { pilot: 'reviewed' },
    },
  };
  configFile = join(dir, 'gatehouse.yaml');
  writeFileSync(configFile, JSON.stringify(config));
  gw = await startTestGateway(config, { env: { PEPPER } });
  const identity = gw.identity as IdentityServices;
  for (const id of Object.keys(config.identities)) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  vi.stubEnv('PEPPER', PEPPER);
  return () => vi.unstubAllEnvs();
});

const client = (id: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: tokens.get(id)!, maxRetries: 0 });

async function v1(caller: string, path: string): Promise<{ status: number; json: any; requestId: string }> {
  const res = await fetch(`${gw.url}/v1${path}`, { headers: { authorization: `Bearer ${tokens.get(caller)}` } });
  return { status: res.status, json: await res.json(), requestId: res.headers.get('x-gatehouse-request-id') ?? '' };
}

async function approve(caller: string, id: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}/admin/v1/approvals/${id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(caller)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'reviewed the prompt' }),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Sends a request the profile holds through the official SDK (which keeps only the inner `error`), then
 * reads the same 409 with fetch, whose body names the approval; returns the SDK's approval from the list.
 */
async function held(request: OpenAI.ChatCompletionCreateParams): Promise<{ id: string; statusUrl: string }> {
  const err = await client('analyst')
    .chat.completions.create(request)
    .then(
      () => undefined,
      (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
    );
  expect(err).toBeInstanceOf(OpenAI.APIError);
  expect([err?.status, err?.code, err?.message]).toEqual([409, 'approval_required', expect.stringContaining('keywords detected merger')]);
  const requestId = err?.headers?.get('x-gatehouse-request-id');
  const pending = await fetch(`${gw.url}/admin/v1/approvals?state=pending`, { headers: { authorization: `Bearer ${tokens.get('bob')}` } });
  const listed = ((await pending.json()) as { data: Array<{ id: string; exchangeId: string }> }).data;
  const id = listed.find((a) => a.exchangeId === requestId)?.id;
  expect(id).toMatch(/^apr_/);
  expect(err?.message).toContain(id);
  return { id: id as string, statusUrl: `/v1/approvals/${id}` };
}

describe('an input guardrail with action require_approval', () => {
  it('holds the request before any provider call, and runs it once when someone else approves', async () => {
    const request = { model: 'gpt', messages: [{ role: 'user' as const, content: 'Summarise project falcon for the board.' }] };
    const before = fake.requests.length;
    const { id, statusUrl } = await held(request);
    expect(statusUrl).toBe(`/v1/approvals/${id}`);
    expect(fake.requests.length).toBe(before);

    expect((await v1('analyst', `/approvals/${id}`)).json).toMatchObject({ id, state: 'pending', subject: 'guardrail:reviewed' });
    expect((await v1('analyst', `/approvals/${id}/result`)).json.error.code).toBe('approval_pending');
    expect(fake.requests.length).toBe(before);

    // The requester may not release its own request, nor may its owner through her approver identity.
    expect((await approve('analyst', id)).body.error.code).toBe('forbidden_by_policy');
    expect((await approve('alice-reviewer', id)).body.error.code).toBe('approval_self');
    const approved = await approve('bob', id);
    expect(approved.body).toMatchObject({ id, state: 'approved', kind: 'request', digest: boundDigest({ operation: 'chat', body: request }) });
    expect(approved.body.call).not.toContain('falcon');
    expect(fake.requests.length).toBe(before);

    // Another identity cannot fetch it; the requester gets the completion, run now, exactly once upstream.
    expect((await v1('carol', `/approvals/${id}/result`)).status).toBe(404);
    const result = await v1('analyst', `/approvals/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant' } }] });
    expect(result.json.choices[0].message.content).toContain('project falcon');
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)?.body.messages).toEqual(request.messages);
    const record = await gw.recordOf(result.requestId);
    expect([record?.operation, record?.status, record?.providerId]).toEqual(['approvals.result', 200, 'up']);
    // The released run's steps are in the record: the input guardrail passed it and the output side ran.
    expect(record?.trace.find((t) => t.stage === 'input-guardrails')?.verdict).toBe('continue');
    expect(record?.trace.some((t) => t.stage === 'output-guardrails')).toBe(true);
    expect(record?.findings).toEqual([expect.objectContaining({ detector: 'keywords', type: 'merger', action: 'require_approval' })]);

    const again = await v1('analyst', `/approvals/${id}/result`);
    expect([again.status, again.json.error.code]).toEqual([409, 'approval_used']);
    expect(fake.requests.length).toBe(before + 1);
  });

  it('a held stream is released as one plain completion', async () => {
    const before = fake.requests.length;
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('analyst')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'project falcon status' }], stream: true }),
    });
    const body = (await res.json()) as { error: { code: string; param: string }; approval: { id: string; status_url: string } };
    expect([res.status, body.error.code, body.error.param]).toEqual([409, 'approval_required', 'messages[0].content']);
    const id = body.approval.id;
    expect(body.approval.status_url).toBe(`/v1/approvals/${id}`);
    expect(fake.requests.length).toBe(before);
    expect((await approve('bob', id)).body.state).toBe('approved');
    const result = await v1('analyst', `/approvals/${id}/result`);
    expect([result.status, result.json.object]).toEqual([200, 'chat.completion']);
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)?.body.stream).not.toBe(true);
  });

  it('a request without the matching content passes, and the audit chain verifies', async () => {
    const ok = await client('analyst').chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hello' }] });
    expect(ok.choices[0]?.message.content).toContain('hello');
    await gw.recorder.flush();
    const verify = await runCli([registerAuditCommands], ['audit', 'verify', '-c', configFile]);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });
});
