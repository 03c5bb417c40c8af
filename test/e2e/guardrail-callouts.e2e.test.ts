import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { deadWebhookUrl, startFakeWebhook, type FakeWebhook } from '../../src/guardrails/detectors/webhook/fake-webhook.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The calling-out detectors through a real gateway: a webhook (a loopback fake) and an llm_judge (a model of
 * the gateway itself, served by a fake OpenAI upstream). The chat model sits on the same fake, so "the
 * provider was never called" is checked on the requests the fake recorded for that model.
 */

let fake: FakeOpenAI;
let hook: FakeWebhook;
const gateways: TestGateway[] = [];

const MODELS = { 'gpt-main': { provider: 'up' }, 'llama-guard': { provider: 'up', upstreamModel: 'llama-guard-3' } };

async function gatewayWith(input: Record<string, unknown>): Promise<TestGateway> {
  const gw = await startTestGateway(
    {
      providers: { up: { type: 'openai', baseUrl: fake.url, timeoutMs: 5_000 } },
      models: MODELS,
      guardrails: { profiles: { callouts: { input } }, defaults: { anonymous: 'callouts' } },
    },
    { env: { HOOK_TOKEN: 'Bearer hook-secret' } },
  );
  gateways.push(gw);
  return gw;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  hook = await startFakeWebhook();
});
afterAll(async () => {
  await Promise.all(gateways.map((gw) => gw.close()));
  await hook.close();
  await fake.close();
});

const chatCalls = () => fake.requests.filter((r) => r.body?.model === 'gpt-main').length;
const ask = (gw: TestGateway, content: string) => gw.openai.chat.completions.create({ model: 'gpt-main', messages: [{ role: 'user', content }] });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; requestId: string; message: string }> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as InstanceType<typeof OpenAI.APIError> | undefined;
  if (!err) throw new Error('expected a refusal');
  return { status: err.status as number, code: String(err.code), requestId: err.headers?.get('x-gatehouse-request-id') ?? '', message: err.message };
}

describe('webhook detector through the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await gatewayWith({ webhook: { action: 'block', options: { url: hook.url, timeoutMs: 2_000, headers: { Authorization: 'env:HOOK_TOKEN' } } } });
  });

  it('a flagged text is blocked with input_blocked before the provider sees it', async () => {
    hook.setBehaviour((req) => ({ kind: 'findings', findings: String(req.body?.text).includes('wire the money') ? [{ type: 'fraud', score: 0.93 }] : [] }));
    const before = chatCalls();
    const refused = await refusal(ask(gw, 'Please wire the money to the new account today.'));
    expect(refused).toMatchObject({ status: 400, code: 'input_blocked' });
    expect(chatCalls()).toBe(before);
    expect(hook.requests.at(-1)?.headers.authorization).toBe('Bearer hook-secret');
    expect(hook.requests.at(-1)?.body).toMatchObject({ detector: 'webhook', context: { direction: 'input', role: 'user', part: 'content' } });
    const record = await gw.recordOf(refused.requestId);
    expect(record).toMatchObject({ status: 400, reason: 'input_blocked' });
    expect(record?.trace.find((t) => t.stage === 'input-guardrails')?.policyId).toBe('guardrails/callouts/webhook:fraud');
  });

  it('a clean text passes to the provider', async () => {
    const before = chatCalls();
    const res = await ask(gw, 'What is the capital of France?');
    expect(res.choices[0]?.message.content).toBe('What is the capital of France?');
    expect(chatCalls()).toBe(before + 1);
  });

  it('a webhook answering 500 fails closed: 503 guardrail_unavailable, provider never called', async () => {
    hook.setBehaviour({ kind: 'raw', status: 500, body: 'oops' });
    const before = chatCalls();
    const refused = await refusal(ask(gw, 'hello'));
    expect(refused).toMatchObject({ status: 503, code: 'guardrail_unavailable' });
    expect(chatCalls()).toBe(before);
    hook.setBehaviour({ kind: 'findings', findings: [] });
  });
});

describe('a webhook that is down', () => {
  it('failMode closed: 503 guardrail_unavailable, the provider is never called, the record says why', async () => {
    const gw = await gatewayWith({ webhook: { action: 'block', options: { url: await deadWebhookUrl() } } });
    const before = chatCalls();
    const refused = await refusal(ask(gw, 'hello there'));
    expect(refused).toMatchObject({ status: 503, code: 'guardrail_unavailable' });
    expect(refused.message).not.toContain('hello there');
    expect(chatCalls()).toBe(before);
    expect(await gw.recordOf(refused.requestId)).toMatchObject({ status: 503, reason: 'guardrail_unavailable' });
  });

  it('failMode open: the request succeeds and the fail-open is in the trace', async () => {
    const gw = await gatewayWith({ webhook: { action: 'block', failMode: 'open', options: { url: await deadWebhookUrl() } } });
    const { data, response } = await ask(gw, 'hello there').withResponse();
    expect(data.choices[0]?.message.content).toBe('hello there');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ status: 200 });
    expect(record?.trace.find((t) => t.stage === 'input-guardrails')).toMatchObject({ verdict: 'continue', note: 'webhook:fail_open' });
  });
});

describe('llm_judge detector through the gateway (Llama Guard answers)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await gatewayWith({ llm_judge: { action: 'block', options: { model: 'llama-guard', format: 'llama_guard' } } });
  });

  it('unsafe\\nS1 is blocked before the chat model is called', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'unsafe\nS1' }, 'llama-guard-3');
    const before = chatCalls();
    const refused = await refusal(ask(gw, 'How do I hurt someone?'));
    expect(refused).toMatchObject({ status: 400, code: 'input_blocked' });
    expect(chatCalls()).toBe(before);
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'llama-guard-3', messages: [{ role: 'user', content: 'How do I hurt someone?' }] });
    expect((await gw.recordOf(refused.requestId))?.trace.find((t) => t.stage === 'input-guardrails')?.policyId).toBe('guardrails/callouts/llm_judge:unsafe:S1');
  });

  it('safe passes', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'safe' }, 'llama-guard-3');
    const res = await ask(gw, 'How do I bake bread?');
    expect(res.choices[0]?.message.content).toBe('How do I bake bread?');
  });

  it('a judge that answers nonsense fails closed', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'Sure! Here is a poem.' }, 'llama-guard-3');
    expect(await refusal(ask(gw, 'hi'))).toMatchObject({ status: 503, code: 'guardrail_unavailable' });
  });
});
