import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 11, finding 1: a fallback is a model like any other. Every model of a route plan passes the caller's
 * invoke_model check and environment rules, or is dropped from the plan with a trace note; nothing the caller
 * could not ask for by name ever serves it. Every failing primary is a loopback fake upstream answering 500.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const DOWN = { provider: 'upstream', upstreamModel: 'down' };
const text = (t: string) => ({ provider: 'mock', mock: { text: t } });

function config(fakeUrl: string, auth: boolean): Record<string, unknown> {
  return {
    ...(auth ? { auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 } } : {}),
    providers: { upstream: { type: 'openai', baseUrl: fakeUrl, apiKey: 'env:TEST_OPENAI_KEY', timeoutMs: 3000 }, mock: { type: 'mock' } },
    // One call per deployment and no circuit opening: each request's path is the same whatever ran before.
    routing: { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1000 } },
    models: {
      'to-nogrant': { ...DOWN, fallbacks: ['nogrant'] },
      'to-prod': { ...DOWN, fallbacks: ['prod-only'] },
      'to-blocked': { ...DOWN, fallbacks: ['blocked-for-pilot'] },
      'to-open': { ...DOWN, fallbacks: ['open'] },
      chain: { ...DOWN, fallbacks: ['nogrant', 'prod-only', 'blocked-for-pilot', 'open'] },
      'blocked-head': { provider: 'mock', status: { production: 'approved' }, fallbacks: ['nogrant'] },
      versioned: {
        defaultVersion: 'v2',
        fallbacks: ['open'],
        deployments: [
          { version: 'v1', ...DOWN },
          { version: 'v2', provider: 'mock', mock: { text: 'from versioned v2' } },
        ],
      },
      promoted: {
        defaultVersion: 'v1',
        fallbacks: ['open'],
        deployments: [
          { version: 'v1', provider: 'mock', mock: { text: 'from promoted v1' } },
          { version: 'v2', provider: 'mock', status: { production: 'approved' }, mock: { text: 'from promoted v2' } },
          { version: 'v3', ...DOWN },
        ],
      },
      'to-nogrant-promoted': { ...DOWN, fallbacks: ['nogrant-promoted'] },
      'nogrant-promoted': {
        defaultVersion: 'v1',
        deployments: [
          { version: 'v1', ...DOWN },
          { version: 'v2', provider: 'mock', mock: { text: 'from nogrant-promoted v2' } },
        ],
      },
      nogrant: text('from nogrant'),
      'prod-only': { ...text('from prod-only'), environments: ['production'] },
      'blocked-for-pilot': { ...text('from blocked'), status: { production: 'approved' } },
      open: text('from open'),
      'embed-to-nogrant': { ...DOWN, kind: 'embedding', fallbacks: ['embed-nogrant'] },
      'embed-to-prod': { ...DOWN, kind: 'embedding', fallbacks: ['embed-prod'] },
      'embed-nogrant': { provider: 'mock', kind: 'embedding' },
      'embed-prod': { provider: 'mock', kind: 'embedding', environments: ['production'] },
      'embed-blocked': { provider: 'mock', kind: 'embedding', status: { production: 'approved' } },
    },
    identities: auth
      ? {
          // Every model but nogrant and embed-nogrant, by name.
          'pilot-app': {
            owner: 'pilot@example.com',
            environment: 'pilot',
            models: [
              'promoted',
              'to-nogrant-promoted',
              'to-nogrant',
              'to-prod',
              'to-blocked',
              'to-open',
              'chain',
              'blocked-head',
              'versioned',
              'prod-only',
              'blocked-for-pilot',
              'open',
              'embed-to-nogrant',
              'embed-to-prod',
              'embed-prod',
              'embed-blocked',
            ],
          },
          'prod-app': { owner: 'prod@example.com', environment: 'production', models: ['*'] },
        }
      : {},
  };
}

interface Answer {
  status: number;
  code: string | null;
  message: string | null;
  deployment: string | null;
  requestId: string;
  text: string | null;
}

/** A chat request through the official SDK, plain or streamed, as status, reason, serving deployment and text. */
async function chat(client: OpenAI, model: string, stream: boolean): Promise<Answer> {
  const messages = [{ role: 'user' as const, content: 'hello' }];
  try {
    if (stream) {
      const { data, response } = await client.chat.completions.create({ model, messages, stream: true }).withResponse();
      let out = '';
      for await (const chunk of data) out += chunk.choices[0]?.delta?.content ?? '';
      return {
        status: response.status,
        code: null,
        message: null,
        deployment: response.headers.get('x-gatehouse-deployment'),
        requestId: response.headers.get('x-gatehouse-request-id') as string,
        text: out,
      };
    }
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    return {
      status: response.status,
      code: null,
      message: null,
      deployment: response.headers.get('x-gatehouse-deployment'),
      requestId: response.headers.get('x-gatehouse-request-id') as string,
      text: data.choices[0]?.message.content ?? null,
    };
  } catch (err) {
    return refused(err);
  }
}

async function embed(client: OpenAI, model: string): Promise<Answer> {
  try {
    const { response } = await client.embeddings.create({ model, input: 'hello' }).withResponse();
    return {
      status: response.status,
      code: null,
      message: null,
      deployment: response.headers.get('x-gatehouse-deployment'),
      requestId: response.headers.get('x-gatehouse-request-id') as string,
      text: null,
    };
  } catch (err) {
    return refused(err);
  }
}

function refused(err: unknown): Answer {
  if (!(err instanceof OpenAI.APIError)) throw err;
  const body = err.error as { message?: string } | undefined;
  return {
    status: err.status as number,
    code: String(err.code),
    message: body?.message ?? null,
    deployment: err.headers?.get('x-gatehouse-deployment') ?? null,
    requestId: err.headers?.get('x-gatehouse-request-id') as string,
    text: null,
  };
}

let fake: FakeOpenAI;
let gw: TestGateway;
let off: TestGateway;
const clients = new Map<string, OpenAI>();

beforeAll(async () => {
  fake = await startFakeOpenAI({ models: { down: { kind: 'error', status: 500, message: 'upstream is down' } } });
  const env = { PEPPER, TEST_OPENAI_KEY: 'sk-fake' };
  gw = await startTestGateway(config(fake.url, true), { env });
  off = await startTestGateway(config(fake.url, false), { env });
  const id = gw.identity as IdentityServices;
  for (const name of ['pilot-app', 'prod-app']) {
    const identity = id.registry.get(name);
    if (!identity) throw new Error(`no identity ${name}`);
    const token = (await id.tokens.mintAccessToken(identity)).access_token;
    clients.set(name, new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: token, maxRetries: 0 }));
  }
});
afterAll(async () => {
  await gw?.close();
  await off?.close();
  await fake?.close();
});

const as = (identity: string): OpenAI => clients.get(identity) as OpenAI;
const record = (g: TestGateway, a: Answer) => g.recordOf(a.requestId);
const authorizeNote = async (g: TestGateway, a: Answer) =>
  (await record(g, a))?.trace.find((t) => t.stage === 'authorize' && t.phase === 'request')?.note ?? '';
const resolveNote = async (g: TestGateway, a: Answer) => (await record(g, a))?.trace.find((t) => t.stage === 'resolve-model')?.note ?? '';

/** The primary failed and nothing the caller may use was left: its own upstream failure, never a forbidden answer. */
async function expectNotServedBy(g: TestGateway, a: Answer, forbidden: string): Promise<void> {
  expect(a.status).toBe(502);
  expect(a.code).toBe('upstream_error');
  expect(a.deployment).toBeNull();
  expect(a.text).toBeNull();
  const r = await record(g, a);
  expect(r).toMatchObject({ status: 502, reason: 'upstream_error' });
  expect(r?.deploymentId).not.toContain(forbidden);
  // One attempt, on the failing primary: nothing else was called.
  expect(r?.trace.filter((t) => t.stage === 'route' && t.note?.startsWith('attempt')).map((t) => t.note)).toEqual([expect.stringContaining(':upstream:down')]);
}

describe.each([false, true])('fallbacks are authorized like the requested model (streamed: %s)', (stream) => {
  it('a fallback the caller has no grant for is dropped; an identity with the grant is served by it', async () => {
    const pilot = await chat(as('pilot-app'), 'to-nogrant', stream);
    await expectNotServedBy(gw, pilot, 'nogrant');
    expect(await authorizeNote(gw, pilot)).toBe('model, 1 fallback; fallback nogrant dropped (forbidden_by_policy)');

    const prod = await chat(as('prod-app'), 'to-nogrant', stream);
    expect(prod).toMatchObject({ status: 200, deployment: '1:mock:nogrant', text: 'from nogrant' });
    expect(await record(gw, prod)).toMatchObject({ reason: 'ok', deploymentId: '1:mock:nogrant' });
    expect(await authorizeNote(gw, prod)).toBe('model, 1 fallback');
  });

  it('a production-only fallback is dropped for a pilot identity (environment isolation), served to production', async () => {
    const pilot = await chat(as('pilot-app'), 'to-prod', stream);
    await expectNotServedBy(gw, pilot, 'prod-only');
    expect(await authorizeNote(gw, pilot)).toBe('model, 1 fallback; fallback prod-only dropped (environment_isolation gatehouse:environment-isolation)');
    expect(await chat(as('prod-app'), 'to-prod', stream)).toMatchObject({ status: 200, deployment: '1:mock:prod-only', text: 'from prod-only' });
  });

  it("a fallback whose deployments are blocked for the caller's environment is left out of the plan, with the grant or without auth", async () => {
    const pilot = await chat(as('pilot-app'), 'to-blocked', stream);
    await expectNotServedBy(gw, pilot, 'blocked');
    expect(await resolveNote(gw, pilot)).toBe('fallback blocked-for-pilot dropped (no deployment approved for pilot)');
    const anonymous = await chat(off.openai, 'to-blocked', stream);
    await expectNotServedBy(off, anonymous, 'blocked');
    expect(await resolveNote(off, anonymous)).toBe('fallback blocked-for-pilot dropped (no deployment approved for anonymous)');
    expect(await chat(as('prod-app'), 'to-blocked', stream)).toMatchObject({ status: 200, deployment: '1:mock:blocked-for-pilot' });
  });

  it('an allowed fallback still serves when the primary fails', async () => {
    const pilot = await chat(as('pilot-app'), 'to-open', stream);
    expect(pilot).toMatchObject({ status: 200, deployment: '1:mock:open', text: 'from open' });
    expect(await record(gw, pilot)).toMatchObject({ reason: 'ok', deploymentId: '1:mock:open' });
    expect(await chat(off.openai, 'to-open', stream)).toMatchObject({ status: 200, deployment: '1:mock:open' });
  });

  it('a chain of fallbacks where only the last is allowed: every forbidden one is skipped without a call', async () => {
    const before = fake.requests.length;
    const pilot = await chat(as('pilot-app'), 'chain', stream);
    expect(pilot).toMatchObject({ status: 200, deployment: '1:mock:open', text: 'from open' });
    const r = await record(gw, pilot);
    expect(r).toMatchObject({ reason: 'ok', deploymentId: '1:mock:open' });
    // The failing primary, then open: two attempts, none on a forbidden deployment.
    expect(r?.trace.filter((t) => t.stage === 'route' && t.note?.startsWith('attempt')).map((t) => t.note)).toEqual([
      expect.stringContaining(':upstream:down'),
    ]);
    expect(fake.requests.length - before).toBe(1);
    expect(await resolveNote(gw, pilot)).toBe('fallback blocked-for-pilot dropped (no deployment approved for pilot)');
    expect(await authorizeNote(gw, pilot)).toBe(
      'model, 3 fallbacks; fallback nogrant dropped (forbidden_by_policy); fallback prod-only dropped (environment_isolation gatehouse:environment-isolation)',
    );
    // Production may use every one of them: the first fallback serves.
    expect(await chat(as('prod-app'), 'chain', stream)).toMatchObject({ status: 200, deployment: '1:mock:nogrant' });
  });

  it('a primary blocked for the caller whose only fallback is forbidden: nothing is left, refused as model_not_found', async () => {
    const pilot = await chat(as('pilot-app'), 'blocked-head', stream);
    expect(pilot).toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: "The model 'blocked-head' does not exist or you do not have access to it.",
      deployment: null,
    });
    const r = await record(gw, pilot);
    expect(r).toMatchObject({ status: 404, reason: 'model_not_found' });
    expect(r?.trace.find((t) => t.stage === 'authorize')).toMatchObject({
      verdict: 'respond',
      reason: 'forbidden_by_policy',
      note: expect.stringContaining('fallback nogrant dropped'),
    });
    expect(await chat(as('prod-app'), 'blocked-head', stream)).toMatchObject({ status: 200, deployment: '1:mock:blocked-head' });
  });

  it('a pinned version never falls back, not even to an allowed model; a pin of a forbidden model is model_not_found', async () => {
    const pinned = await chat(as('pilot-app'), 'versioned@v1', stream);
    await expectNotServedBy(gw, pinned, 'open');
    expect(await chat(as('pilot-app'), 'versioned', stream)).toMatchObject({ status: 200, deployment: 'v2:mock:versioned', text: 'from versioned v2' });
    const forbiddenPin = await chat(as('pilot-app'), 'nogrant@1', stream);
    expect(forbiddenPin).toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: "The model 'nogrant@1' does not exist or you do not have access to it.",
    });
    expect((await record(gw, forbiddenPin))?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ reason: 'forbidden_by_policy' });
  });
});

describe('promoted versions are held to the same rules', () => {
  it('a promoted version blocked for the caller does not serve it; a promoted version of a forbidden fallback never serves', async () => {
    await gw.controls.promote('promoted', 'v2', { actor: 'test', reason: 'plan authorization test' });
    await gw.controls.promote('nogrant-promoted', 'v2', { actor: 'test', reason: 'plan authorization test' });
    try {
      for (const stream of [false, true]) {
        // v2 is blocked for pilot: its fallback serves, never v2 or v1.
        const pilot = await chat(as('pilot-app'), 'promoted', stream);
        expect(pilot).toMatchObject({ status: 200, deployment: '1:mock:open', text: 'from open' });
        expect(await chat(as('prod-app'), 'promoted', stream)).toMatchObject({ status: 200, deployment: 'v2:mock:promoted', text: 'from promoted v2' });
        // The promoted (working) version of a fallback the caller may not invoke is still out of the plan.
        const forbidden = await chat(as('pilot-app'), 'to-nogrant-promoted', stream);
        await expectNotServedBy(gw, forbidden, 'nogrant-promoted');
        expect(await authorizeNote(gw, forbidden)).toBe('model, 1 fallback; fallback nogrant-promoted dropped (forbidden_by_policy)');
        expect(await chat(as('prod-app'), 'to-nogrant-promoted', stream)).toMatchObject({ status: 200, deployment: 'v2:mock:nogrant-promoted' });
      }
    } finally {
      await gw.controls.rollback('promoted', { actor: 'test', reason: 'done' });
      await gw.controls.rollback('nogrant-promoted', { actor: 'test', reason: 'done' });
    }
  });
});

describe('embeddings fallbacks are authorized too', () => {
  it('a forbidden or production-only embedding fallback is dropped; allowed callers are served by it', async () => {
    const nogrant = await embed(as('pilot-app'), 'embed-to-nogrant');
    expect(nogrant).toMatchObject({ status: 502, code: 'upstream_error', deployment: null });
    expect(await authorizeNote(gw, nogrant)).toBe('model, 1 fallback; fallback embed-nogrant dropped (forbidden_by_policy)');
    const prodOnly = await embed(as('pilot-app'), 'embed-to-prod');
    expect(prodOnly).toMatchObject({ status: 502, code: 'upstream_error', deployment: null });
    expect((await record(gw, prodOnly))?.deploymentId).not.toContain('embed-prod');
    expect(await embed(as('prod-app'), 'embed-to-nogrant')).toMatchObject({ status: 200, deployment: '1:mock:embed-nogrant' });
    expect(await embed(as('prod-app'), 'embed-to-prod')).toMatchObject({ status: 200, deployment: '1:mock:embed-prod' });
  });
});

describe('a model the caller may not reach answers exactly like one that does not exist', () => {
  const expected = (model: string) => ({
    status: 404,
    code: 'model_not_found',
    message: `The model '${model}' does not exist or you do not have access to it.`,
    deployment: null,
  });

  it.each([false, true])('chat (streamed: %s): unknown, no grant, production-only, every deployment blocked, unknown or forbidden pins', async (stream) => {
    const cases: Array<[string, string | null]> = [
      ['no-such-model', null],
      ['nogrant', 'forbidden_by_policy'],
      ['prod-only', 'environment_isolation'],
      ['blocked-for-pilot', 'deployment_blocked'],
      ['nogrant@1', 'forbidden_by_policy'],
      ['open@v9', null],
      ['no-such-model@1', null],
    ];
    for (const [model, cause] of cases) {
      const a = await chat(as('pilot-app'), model, stream);
      expect(a, model).toMatchObject(expected(model));
      const r = await record(gw, a);
      expect(r, model).toMatchObject({ status: 404, reason: 'model_not_found', identityId: 'pilot-app' });
      // Auditors see the real cause: an entry of the deciding stage, before the refusal's own.
      if (cause !== null)
        expect(
          r?.trace.some((t) => t.reason === cause && (t.stage === 'authorize' || t.stage === 'resolve-model')),
          model,
        ).toBe(true);
    }
    // Without auth, a model blocked for anonymous callers is just as hidden.
    const anonymous = await chat(off.openai, 'blocked-for-pilot', stream);
    expect(anonymous).toMatchObject(expected('blocked-for-pilot'));
    expect((await record(off, anonymous))?.trace.find((t) => t.stage === 'resolve-model')).toMatchObject({ verdict: 'respond', reason: 'deployment_blocked' });
  });

  it.each([false, true])(
    'a kill switch does not reveal a model (streamed: %s): a stopped model the caller may not invoke is still model_not_found',
    async (stream) => {
      const actor = { actor: 'test', reason: 'probe' };
      await gw.controls.stop('model', 'nogrant', actor);
      await gw.controls.stop('provider', 'mock', actor);
      try {
        for (const model of ['nogrant', 'prod-only']) {
          const a = await chat(as('pilot-app'), model, stream);
          expect(a, model).toMatchObject(expected(model));
          const r = await record(gw, a);
          expect(r, model).toMatchObject({ status: 404, reason: 'model_not_found' });
          expect(
            r?.trace.find((t) => t.stage === 'traffic-control'),
            model,
          ).toMatchObject({ verdict: 'respond', reason: expect.stringMatching(/forbidden_by_policy|environment_isolation/) });
        }
        // A caller that may invoke it is told the truth: an operator stopped it.
        expect(await chat(as('prod-app'), 'nogrant', stream)).toMatchObject({ status: 503, code: 'traffic_stopped' });
        expect(await chat(as('pilot-app'), 'open', stream)).toMatchObject({ status: 503, code: 'traffic_stopped' });
      } finally {
        await gw.controls.resume('model', 'nogrant', actor);
        await gw.controls.resume('provider', 'mock', actor);
      }
    },
  );

  it('embeddings: unknown, no grant, production-only, every deployment blocked', async () => {
    const cases: Array<[string, string | null]> = [
      ['no-such-embedder', null],
      ['embed-nogrant', 'forbidden_by_policy'],
      ['embed-prod', 'environment_isolation'],
      ['embed-blocked', 'deployment_blocked'],
    ];
    for (const [model, cause] of cases) {
      const a = await embed(as('pilot-app'), model);
      expect(a, model).toMatchObject(expected(model));
      const r = await record(gw, a);
      expect(r, model).toMatchObject({ status: 404, reason: 'model_not_found' });
      if (cause !== null)
        expect(
          r?.trace.some((t) => t.reason === cause),
          model,
        ).toBe(true);
    }
    // The same models are served to an identity that may use them: the 404 above is not a missing model.
    expect(await embed(as('prod-app'), 'embed-prod')).toMatchObject({ status: 200 });
    expect(await embed(as('prod-app'), 'embed-blocked')).toMatchObject({ status: 200 });
    expect(await chat(as('prod-app'), 'nogrant', false)).toMatchObject({ status: 200 });
  });

  it('refusals that would show the model exists (wrong kind, residency) are model_not_found for a caller that may not invoke it', async () => {
    // Allowed models keep their precise refusals...
    expect(await embed(as('pilot-app'), 'open')).toMatchObject({ status: 400, code: 'model_capability_unsupported' });
    expect(await chat(as('pilot-app'), 'embed-prod', false)).toMatchObject({ status: 404, code: 'model_not_found' });
    expect(await chat(as('prod-app'), 'embed-prod', false)).toMatchObject({ status: 400, code: 'model_capability_unsupported' });
    const eu = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: as('pilot-app').apiKey, maxRetries: 0, defaultHeaders: { 'x-gatehouse-residency': 'eu' } });
    expect(await chat(eu, 'open', false)).toMatchObject({ status: 403, code: 'residency_unavailable' });
    // ...forbidden ones look unknown, whatever else is wrong with the request.
    for (const [answer, model] of [
      [await embed(as('pilot-app'), 'nogrant'), 'nogrant'],
      [await embed(as('pilot-app'), 'prod-only'), 'prod-only'],
      [await chat(as('pilot-app'), 'embed-nogrant', true), 'embed-nogrant'],
      [await chat(eu, 'nogrant', false), 'nogrant'],
      [await chat(eu, 'prod-only', true), 'prod-only'],
    ] as const) {
      expect(answer, model).toMatchObject(expected(model));
      const r = await record(gw, answer);
      expect(
        r?.trace.find((t) => t.stage === 'resolve-model'),
        model,
      ).toMatchObject({
        verdict: 'respond',
        reason: expect.stringMatching(/^(forbidden_by_policy|environment_isolation)$/),
        note: `invoke_model '${model}' refused`,
      });
    }
  });

  it('/v1/models agrees: what chat hides is not listed either', async () => {
    const listed = (await as('pilot-app').models.list()).data.map((m) => m.id);
    for (const hidden of ['nogrant', 'prod-only', 'blocked-for-pilot', 'embed-nogrant', 'embed-blocked']) expect(listed).not.toContain(hidden);
    expect(listed).toEqual(expect.arrayContaining(['open', 'to-nogrant', 'chain']));
  });
});
