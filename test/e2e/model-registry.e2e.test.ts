import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const selection = { reason: 'cheaper at equal quality', evaluation: 'evals/2026-11 87.2% vs 86.9%', approver: 'ada', date: '2026-11-01' };

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: {
    'chat-default': {
      defaultVersion: 'v2',
      deployments: [
        { version: 'v1', provider: 'mock', upstreamModel: 'old-model', mock: { text: 'from v1' }, selection },
        {
          version: 'v2',
          id: 'v2-eu',
          provider: 'mock',
          upstreamModel: 'new-model-eu',
          region: 'eu-west-1',
          residency: ['eu'],
          pricing: { inputPerMillionUsd: 2, outputPerMillionUsd: 10 },
          mock: { text: 'from v2 in eu' },
        },
      ],
    },
    'prod-only': { provider: 'mock', status: { production: 'approved' } },
    'trial-model': { provider: 'mock', status: { anonymous: 'trial' }, mock: { text: 'trial answer' } },
  },
  datasets: { 'eu-customers': { residency: ['eu'] }, 'us-customers': { residency: ['us'] } },
};

const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hello' }] });

describe('model registry: versions, pinning, status and residency', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(CONFIG);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('serves the default version and records the deployment, its version and the cost', async () => {
    const { data, response } = await gw.openai.chat.completions.create(ask('chat-default')).withResponse();
    expect(data.choices[0]?.message.content).toBe('from v2 in eu');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ modelRequested: 'chat-default', deploymentId: 'v2-eu', modelVersion: 'v2', upstreamModel: 'new-model-eu', reason: 'ok' });
    const usage = data.usage as { prompt_tokens: number; completion_tokens: number };
    expect(record?.costUsd).toBeCloseTo((usage.prompt_tokens * 2 + usage.completion_tokens * 10) / 1e6, 9);
  });

  it('pins a version with model@version, and refuses a version that does not exist', async () => {
    const { data, response } = await gw.openai.chat.completions.create(ask('chat-default@v1')).withResponse();
    expect(data.choices[0]?.message.content).toBe('from v1');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ deploymentId: 'v1:mock:old-model', modelVersion: 'v1', costUsd: null });
    await expect(gw.openai.chat.completions.create(ask('chat-default@v9'))).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('lists only models the caller could be served: none blocked for its environment', async () => {
    const listed = (await gw.openai.models.list()).data.map((m) => m.id);
    expect(listed).toEqual(expect.arrayContaining(['chat-default', 'trial-model']));
    expect(listed).not.toContain('prod-only');
    await expect(gw.openai.models.retrieve('prod-only')).rejects.toMatchObject({ status: 404 });
    expect((await gw.openai.models.retrieve('trial-model')).id).toBe('trial-model');
  });

  it('refuses a deployment blocked for the caller, and serves one on trial', async () => {
    // Blocked for the caller looks like not configured; the record's trace keeps deployment_blocked.
    const blocked = await gw.openai.chat.completions
      .create(ask('prod-only'))
      .catch((e: { status: number; code: string; message: string; headers: Headers }) => e);
    expect(blocked).toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: "404 The model 'prod-only' does not exist or you do not have access to it.",
    });
    const blockedRecord = await gw.recordOf((blocked as { headers: Headers }).headers.get('x-gatehouse-request-id') as string);
    expect(blockedRecord?.trace.find((t) => t.stage === 'resolve-model')).toMatchObject({ verdict: 'respond', reason: 'deployment_blocked' });
    const { data, response } = await gw.openai.chat.completions.create(ask('trial-model')).withResponse();
    expect(data.choices[0]?.message.content).toBe('trial answer');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record?.trace.find((t) => t.stage === 'resolve-model')).toMatchObject({ verdict: 'continue', note: 'deployment on trial' });
  });

  it('keeps data tagged eu on eu deployments, and refuses what no deployment can honour', async () => {
    const eu = await gw.openai.chat.completions.create(ask('chat-default'), { headers: { 'x-gatehouse-residency': 'eu' } });
    expect(eu.choices[0]?.message.content).toBe('from v2 in eu');
    // v1 has no residency tags: data tagged eu may not go there, even pinned.
    await expect(gw.openai.chat.completions.create(ask('chat-default@v1'), { headers: { 'x-gatehouse-residency': 'eu' } })).rejects.toMatchObject({
      status: 403,
      code: 'residency_unavailable',
    });
    await expect(gw.openai.chat.completions.create(ask('chat-default'), { headers: { 'x-gatehouse-datasets': 'us-customers' } })).rejects.toMatchObject({
      status: 403,
      code: 'residency_unavailable',
    });
    // The header is client text: only well-formed tags are echoed back.
    const odd = await gw.openai.chat.completions
      .create(ask('chat-default'), { headers: { 'x-gatehouse-residency': 'eu, <b>jane@example.com</b>' } })
      .catch((e: { status: number; message: string }) => e);
    expect(odd).toMatchObject({ status: 403 });
    expect((odd as { message: string }).message).toContain('eu and 1 other tag no deployment carries');
    expect((odd as { message: string }).message).not.toContain('jane');
    const viaDataset = await gw.openai.chat.completions.create(ask('chat-default'), { headers: { 'x-gatehouse-datasets': 'eu-customers' } });
    expect(viaDataset.choices[0]?.message.content).toBe('from v2 in eu');
  });
});

describe('model registry configuration', () => {
  const base = { providers: { mock: { type: 'mock' }, claude: { type: 'anthropic', apiKey: 'env:K' } } };
  const problems = (models: Record<string, unknown>) => {
    const result = configSchema.safeParse({ ...base, models });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the short form and the long form', () => {
    expect(
      problems({
        a: { provider: 'mock' },
        b: {
          deployments: [
            { version: '1', provider: 'mock' },
            { version: '2', provider: 'claude' },
          ],
          defaultVersion: '2',
          fallbacks: ['a'],
        },
      }),
    ).toEqual([]);
  });

  it('names each mistake at its path', () => {
    expect(problems({ a: { provider: 'mock', deployments: [{ version: '1', provider: 'mock' }] } })).toContain(
      'models.a.provider: use either the short form (provider, upstreamModel) or deployments, not both',
    );
    expect(problems({ a: {} })).toContain('models.a.provider: a model needs a provider (short form) or deployments');
    expect(problems({ a: { deployments: [{ version: '1', provider: 'nope' }] } })[0]).toMatch(/^models\.a\.deployments\.0\.provider: unknown provider "nope"/);
    expect(
      problems({
        a: {
          deployments: [
            { version: '1', provider: 'mock' },
            { version: '1', provider: 'mock' },
          ],
        },
      }),
    ).toContain('models.a.deployments.1.id: duplicate deployment id "1:mock:a"');
    expect(problems({ a: { deployments: [{ version: '1', provider: 'mock' }], defaultVersion: '2' } })).toContain(
      'models.a.defaultVersion: no deployment has version "2"',
    );
    expect(problems({ a: { provider: 'mock' }, e: { provider: 'mock', kind: 'embedding', fallbacks: ['a', 'x', 'e'] } })).toEqual([
      'models.e.fallbacks.0: "a" is a chat model, "e" a embedding model',
      'models.e.fallbacks.1: unknown model "x"',
      'models.e.fallbacks.2: a model cannot fall back to itself',
    ]);
    expect(problems({ 'a@b': { provider: 'mock' } })[0]).toMatch(/must not contain @/);
    expect(problems({ a: { deployments: [{ version: '1', provider: 'mock', region: 'x' }], region: 'y' } })).toContain(
      'models.a.region: region belongs on each deployment when deployments are listed',
    );
  });
});
