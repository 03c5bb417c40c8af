import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import type { ExchangeRecord } from '../../src/core/record.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const owner = 'owner@example.com';

let gw: TestGateway;
let id: IdentityServices;
const asked: Record<string, string> = {};

async function tokenFor(identityId: string): Promise<string> {
  return (await id.tokens.mintAccessToken(id.registry.get(identityId)!)).access_token;
}

interface SearchAnswer {
  status: number;
  headers: Headers;
  body: {
    object?: string;
    data: Array<ExchangeRecord & { content?: unknown }>;
    nextCursor: string | null;
    contentIncluded: boolean;
    error?: { code: string; param: string | null };
  };
  text: string;
}

async function admin(caller: string, path: string): Promise<SearchAnswer> {
  const res = await fetch(`${gw.url}/admin/v1/audit/${path}`, { headers: { authorization: `Bearer ${await tokenFor(caller)}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as SearchAnswer['body'], text };
}

const ids = (a: SearchAnswer) => a.body.data.map((r) => r.id);

beforeAll(async () => {
  gw = await startTestGateway(
    {
      ...MOCK_CONFIG,
      auth: { secretPepper: 'env:PEPPER' },
      audit: { content: { mode: 'full' } },
      guardrails: { profiles: { strict: { input: { pii: { action: 'block', options: { types: ['EMAIL_ADDRESS'] } } } } }, defaults: { production: 'strict' } },
      identities: {
        app: { owner, environment: 'production', models: ['*'], mayAssertEndUsers: true },
        sec: { owner, environment: 'production', roles: ['security'] },
        aud: { owner, environment: 'production', roles: ['auditor'] },
        nobody: { owner, environment: 'production' },
      },
    },
    { env: { PEPPER } },
  );
  id = gw.identity as IdentityServices;
  const app = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: await tokenFor('app'), maxRetries: 0 });
  const ask = async (content: string, endUser: string) => {
    const { response } = await app.chat.completions
      .create({ model: 'mock-echo', messages: [{ role: 'user', content }] }, { headers: { 'x-gatehouse-end-user': endUser } })
      .withResponse();
    return response.headers.get('x-gatehouse-request-id') as string;
  };
  asked.parcel = await ask('Where is parcel ZX-77?', 'ana');
  asked.hello = await ask('hello there', 'bo');
  const blocked = await app.chat.completions
    .create({ model: 'mock-echo', messages: [{ role: 'user', content: 'mail maria.lopez@example.com' }] })
    .withResponse()
    .then(
      () => undefined,
      (e: InstanceType<typeof OpenAI.APIError>) => e,
    );
  asked.blocked = blocked?.headers?.get('x-gatehouse-request-id') as string;
  await gw.recorder.flush();
});
afterAll(async () => {
  await gw.close();
});

describe('audit search through the admin API', () => {
  it('an auditor gets metadata, never content, and may not search text', async () => {
    const list = await admin('aud', 'exchanges?identity=app');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', contentIncluded: false, nextCursor: null });
    expect(ids(list)).toEqual([asked.blocked, asked.hello, asked.parcel]);
    expect(list.body.data.every((r) => !('content' in r))).toBe(true);
    expect(list.text).not.toContain('ZX-77');
    const detail = await admin('aud', `exchanges/${asked.parcel}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: asked.parcel, endUser: 'ana', contentMode: 'full', trail: [{ seq: expect.any(Number), kind: 'exchange' }] });
    expect('content' in detail.body).toBe(false);
    const text = await admin('aud', 'exchanges?text=zx-77');
    expect(text.status).toBe(403);
    expect(text.body.error).toMatchObject({ code: 'forbidden_by_policy', param: 'text' });
  });

  it('security (a content reader) gets content, finds text, and the answer is not cacheable', async () => {
    const hit = await admin('sec', 'exchanges?text=zx-77');
    expect(hit.status).toBe(200);
    expect(hit.headers.get('cache-control')).toBe('no-store');
    expect(ids(hit)).toEqual([asked.parcel]);
    expect(hit.body.data[0]?.content).toMatchObject({ request: { messages: [{ content: 'Where is parcel ZX-77?' }] } });
    expect(ids(await admin('sec', 'exchanges?text=not-said-anywhere'))).toEqual([]);
    const detail = await admin('sec', `exchanges/${asked.hello}`);
    expect(detail.body).toMatchObject({ id: asked.hello, content: { request: { messages: [{ content: 'hello there' }] } } });
    expect((await admin('sec', 'exchanges/no-such-record')).status).toBe(404);
  });

  it('filters: end user, detector, outcome, model, time range, and cursor pages', async () => {
    expect(ids(await admin('aud', 'exchanges?endUser=ana'))).toEqual([asked.parcel]);
    expect(ids(await admin('aud', 'exchanges?detector=pii'))).toEqual([asked.blocked]);
    expect(ids(await admin('aud', 'exchanges?outcome=refused&identity=app'))).toEqual([asked.blocked]);
    expect(ids(await admin('aud', `exchanges?to=${encodeURIComponent(new Date(0).toISOString())}`))).toEqual([]);
    const first = await admin('aud', 'exchanges?model=mock-echo&operation=chat&limit=2');
    expect(ids(first)).toEqual([asked.blocked, asked.hello]);
    const next = await admin('aud', `exchanges?model=mock-echo&operation=chat&limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(next)).toEqual([asked.parcel]);
    expect(next.body.nextCursor).toBeNull();
    for (const [query, param] of [
      ['limit=0', 'limit'],
      ['from=yesterday', 'from'],
      ['cursor=bogus', 'cursor'],
      ['colour=red', 'colour'],
    ]) {
      const bad = await admin('aud', `exchanges?${query}`);
      expect([query, bad.status, bad.body.error]).toEqual([query, 400, expect.objectContaining({ code: 'invalid_request', param })]);
    }
  });

  it('an identity without a role is refused, and every search, allowed or refused, is recorded', async () => {
    const refused = await admin('nobody', 'exchanges');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden_by_policy');
    const record = await gw.recordOf(refused.headers.get('x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ operation: 'admin', identityId: 'nobody', status: 403, reason: 'forbidden_by_policy', path: '/admin/v1/audit/exchanges' });
    expect(record?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ verdict: 'respond', note: expect.stringContaining('audit.read') });

    const allowed = await admin('aud', 'exchanges?endUser=bo');
    const mine = await gw.recordOf(allowed.headers.get('x-gatehouse-request-id') as string);
    expect(mine).toMatchObject({ operation: 'admin', identityId: 'aud', status: 200, reason: 'ok' });
    expect(mine?.trace.find((t) => t.stage === 'admin')?.note).toBe('audit.read exchanges returned=1 scanned=1 content=no');
    const bySec = await admin('aud', 'exchanges?operation=admin&identity=sec&limit=500');
    expect(bySec.body.data.some((r) => r.trace.some((t) => /^audit\.read exchanges returned=1 scanned=\d+ content=yes text$/.test(t.note ?? '')))).toBe(true);
  });
});
