import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundDigest } from '../../src/approvals/desk.js';
import { registerApprovalsCommands } from '../../src/cli/commands/approvals.js';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-approvals-e2e-'));
const who = (name: string, extra: Record<string, unknown> = {}) => ({ owner: `${name}@example.com`, environment: 'production', models: ['*'], ...extra });
const refundTools = [{ type: 'function' as const, function: { name: 'refund', parameters: { type: 'object' } } }];
const REFUND = { amount: 250, order: 'o-17' };

const CONFIG = {
  storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
  audit: { keyFile: join(dir, 'audit.key'), content: { keyFile: join(dir, 'content.key') } },
  auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
  providers: { mock: { type: 'mock' } },
  models: {
    refunder: { provider: 'mock', mock: { toolCalls: [{ name: 'refund', arguments: REFUND }] } },
    small: { provider: 'mock', mock: { toolCalls: [{ name: 'refund', arguments: { amount: 20, order: 'o-3' } }] } },
    garbled: { provider: 'mock', mock: { toolCalls: [{ name: 'refund', arguments: { amount: 'lots' } }] } },
  },
  tools: {
    refund: {
      risk: 'high',
      schema: {
        type: 'object',
        properties: { amount: { type: 'integer' }, order: { type: 'string' } },
        required: ['amount', 'order'],
        additionalProperties: false,
      },
      approval: { when: { condition: 'context.args.amount > 100' }, approvers: { roles: ['approver', 'admin'] }, ttlSeconds: 600 },
    },
  },
  identities: {
    'refund-bot': who('alice', { tools: ['refund'] }),
    'other-bot': who('carol', { tools: ['refund'] }),
    bob: who('bob', { roles: ['approver'] }),
    'alice-approver': who('alice', { roles: ['approver'] }),
    auditor: who('dave', { roles: ['auditor'] }),
  },
};

/** A real webhook receiver on loopback: every body the gateway announces. */
const announced: Array<{ body: any; signature: string | undefined }> = [];
const hookServer = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    announced.push({ body: JSON.parse(body), signature: req.headers['x-gatehouse-signature'] as string | undefined });
    res.end();
  });
});

let gw: TestGateway;
let configFile: string;
const tokens = new Map<string, string>();

async function start(): Promise<void> {
  gw = await startTestGateway(CONFIG, { env: { PEPPER, HOOK_SECRET: 'hook-secret' } });
  const identity = gw.identity as IdentityServices;
  for (const id of Object.keys(CONFIG.identities)) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  Object.assign(CONFIG, { approvals: { webhook: { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/`, secret: 'env:HOOK_SECRET' } } });
  configFile = join(dir, 'gatehouse.yaml');
  writeFileSync(configFile, JSON.stringify(CONFIG));
  await start();
});
afterAll(async () => {
  await gw.close();
  await new Promise((resolve) => hookServer.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  vi.stubEnv('PEPPER', PEPPER);
  return () => vi.unstubAllEnvs();
});

const client = (id: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: tokens.get(id)!, maxRetries: 0 });

async function v1(caller: string, path: string): Promise<{ status: number; text: string; json: any; requestId: string }> {
  const res = await fetch(`${gw.url}/v1${path}`, { headers: { authorization: `Bearer ${tokens.get(caller)}` } });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text), requestId: res.headers.get('x-gatehouse-request-id') ?? '' };
}

async function admin(caller: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.get(caller)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

async function gatehouse(...args: string[]) {
  return runCli([registerApprovalsCommands, registerAuditCommands], [...args, '-c', configFile]);
}

/** Asks as the refund bot with raw fetch, so the whole error body (with `approval`) is visible. */
async function askRaw(model: string, stream = false): Promise<{ status: number; text: string; requestId: string }> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get('refund-bot')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'refund order o-17' }], tools: refundTools, stream }),
  });
  return { status: res.status, text: await res.text(), requestId: res.headers.get('x-gatehouse-request-id') ?? '' };
}

async function heldPlain(): Promise<{ id: string; requestId: string }> {
  const held = await askRaw('refunder');
  expect(held.status).toBe(409);
  const body = JSON.parse(held.text);
  expect(body.error.code).toBe('approval_required');
  expect(body.approval.status_url).toBe(`/v1/approvals/${body.approval.id}`);
  return { id: body.approval.id, requestId: held.requestId };
}

describe('a model-proposed high-risk tool call', () => {
  it('plain: is held, refused to its own side, approved by someone else via the admin API, and fetched once byte for byte', async () => {
    const { id, requestId } = await heldPlain();
    const record = await gw.recordOf(requestId);
    expect([record?.status, record?.reason]).toEqual([409, 'approval_required']);
    // The approvers' webhook is told, signed, in the background.
    for (let i = 0; i < 500 && !announced.some((a) => a.body.id === id); i++) await new Promise((r) => setTimeout(r, 10));
    const note = announced.find((a) => a.body.id === id);
    expect(note?.body).toMatchObject({ type: 'approval.pending', subject: 'refund', requester: 'refund-bot' });
    expect(note?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    expect((await v1('refund-bot', `/approvals/${id}`)).json).toMatchObject({ id, state: 'pending', subject: 'refund' });
    expect((await v1('refund-bot', `/approvals/${id}/result`)).json.error.code).toBe('approval_pending');
    expect((await v1('other-bot', `/approvals/${id}`)).json.error.code).toBe('approval_not_found');

    // The requester's owner, through her own approver identity, may not approve; nor may an auditor.
    expect((await admin('alice-approver', 'POST', `/approvals/${id}/approve`, { reason: 'mine' })).body.error.code).toBe('approval_self');
    expect((await admin('auditor', 'POST', `/approvals/${id}/approve`, { reason: 'x' })).body.error.code).toBe('forbidden_by_policy');
    const listed = await admin('auditor', 'GET', '/approvals?state=pending');
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(id);

    const approved = await admin('bob', 'POST', `/approvals/${id}/approve`, { reason: 'checked the order' });
    expect(approved.body).toMatchObject({ id, state: 'approved', decidedBy: 'bob', digest: boundDigest([{ name: 'refund', arguments: REFUND }]) });

    expect((await v1('other-bot', `/approvals/${id}/result`)).status).toBe(404);
    const result = await v1('refund-bot', `/approvals/${id}/result`);
    expect(result.status).toBe(200);
    // The completion the model gave in the held exchange, as the gateway would have sent it then.
    expect(result.json.id).toContain(requestId);
    expect(result.text).toBe(JSON.stringify(result.json));
    expect(JSON.parse(result.json.choices[0].message.tool_calls[0].function.arguments)).toEqual(REFUND);

    const again = await v1('refund-bot', `/approvals/${id}/result`);
    expect([again.status, again.json.error.code]).toEqual([409, 'approval_used']);
    const refused = await gw.recordOf(again.requestId);
    expect([refused?.operation, refused?.reason]).toEqual(['approvals.result', 'approval_used']);
  });

  it('a call under the rule passes, and arguments that break the schema are withheld', async () => {
    const small = await client('refund-bot').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'x' }], tools: refundTools });
    expect(small.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'refund' } });
    const garbled = await askRaw('garbled');
    expect([garbled.status, JSON.parse(garbled.text).error.code]).toEqual([403, 'tool_arguments_invalid']);
    expect(garbled.text).not.toContain('lots');
  });

  it('streamed: ends with the in-band approval_required event, is approved with the CLI and fetched', async () => {
    const raw = await askRaw('refunder', true);
    expect(raw.status).toBe(200);
    const events = raw.text.split('\n\n').filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]');
    const last = JSON.parse((events.at(-1) as string).slice(6));
    expect(last.error.code).toBe('approval_required');
    expect(raw.text).not.toContain('o-17');
    const id = last.approval.id as string;

    // The official SDK surfaces the same in-band event as an APIError carrying the code.
    const stream = await client('refund-bot').chat.completions.create({
      model: 'refunder',
      messages: [{ role: 'user', content: 'x' }],
      tools: refundTools,
      stream: true,
    });
    const sdkError = await (async () => {
      try {
        for await (const _ of stream) void _;
      } catch (err) {
        return err as InstanceType<typeof OpenAI.APIError>;
      }
    })();
    expect(sdkError).toBeInstanceOf(OpenAI.APIError);
    expect([sdkError?.code, sdkError?.message]).toEqual(['approval_required', expect.stringContaining('needs human approval')]);

    const shown = await gatehouse('approvals', 'list');
    expect(shown.stdout).toContain(id);
    const approve = await gatehouse('approvals', 'approve', id, '--reason', 'ticket 42');
    expect([approve.code, approve.stdout.trim()]).toEqual([0, `${id} approved (1/1 approvals)`]);
    const result = await v1('refund-bot', `/approvals/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ object: 'chat.completion', id: `chatcmpl-${raw.requestId}` });
    expect(JSON.parse(result.json.choices[0].message.tool_calls[0].function.arguments)).toEqual(REFUND);
  });

  it('a denial is final, and the CLI refuses a decision on a decided approval', async () => {
    const { id } = await heldPlain();
    expect((await gatehouse('approvals', 'deny', id, '--reason', 'fraud')).code).toBe(0);
    expect((await v1('refund-bot', `/approvals/${id}/result`)).json.error.code).toBe('approval_denied');
    const late = await gatehouse('approvals', 'approve', id, '--reason', 'oops');
    expect([late.code, late.stderr]).toEqual([1, expect.stringContaining('approval_decided')]);
  });

  it('survives a gateway restart on the same SQLite file, and audit verify passes over the approval records', async () => {
    const { id } = await heldPlain();
    await gw.close();
    await start();
    expect((await v1('refund-bot', `/approvals/${id}`)).json.state).toBe('pending');
    expect((await admin('bob', 'POST', `/approvals/${id}/approve`, { reason: 'after restart' })).body.state).toBe('approved');
    expect((await v1('refund-bot', `/approvals/${id}/result`)).status).toBe(200);
    await gw.recorder.flush();
    const transitions = await gw.store.listExchanges({ operation: 'approval', limit: 100 });
    expect(
      transitions
        .filter((r) => r.path === `/approvals/${id}`)
        .map((r) => r.method)
        .sort(),
    ).toEqual(['APPROVE', 'CREATE', 'USE']);
    const verify = await gatehouse('audit', 'verify');
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });
});
