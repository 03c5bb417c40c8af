import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let fake: FakeOpenAI;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  gw = await startTestGateway(
    {
      providers: { upstream: { type: 'openai', baseUrl: fake.url, apiKey: 'env:TEST_OPENAI_KEY', timeoutMs: 3000 } },
      models: {
        'gpt-test': { provider: 'upstream', upstreamModel: 'gpt-4o-mini-2024-07-18' },
        'embed-test': { provider: 'upstream', upstreamModel: 'text-embedding-3-small', kind: 'embedding' },
      },
    },
    { env: { TEST_OPENAI_KEY: 'sk-upstream-secret' } },
  );
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.setBehaviour({ kind: 'chat' }));

const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'lookup_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } },
  },
];

describe('OpenAI SDK -> gateway -> openai provider -> fake OpenAI', () => {
  it('forwards a completion with the gateway key and upstream model id, not the client key', async () => {
    const { data, response } = await gw.openai.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'ping' }], temperature: 0.2 })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('ping');
    const sent = fake.requests.at(-1);
    expect(sent?.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', temperature: 0.2 });
    const id = response.headers.get('x-gatehouse-request-id');
    expect(sent?.headers['x-request-id']).toBe(id);
    expect(await gw.recordOf(id as string)).toMatchObject({
      providerId: 'upstream',
      upstreamModel: 'gpt-4o-mini-2024-07-18',
      status: 200,
      promptTokens: data.usage?.prompt_tokens,
    });
  });

  it('streams, and asks the upstream for usage even when the client did not', async () => {
    fake.setBehaviour({ kind: 'chat', text: 'a streamed answer in many small pieces', chunkSize: 3 });
    const stream = await gw.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'go' }], stream: true });
    let text = '';
    let usageSeen = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageSeen = true;
    }
    expect(text).toBe('a streamed answer in many small pieces');
    expect(usageSeen).toBe(false);
    expect(fake.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('passes tool calls through, streamed and not', async () => {
    fake.setBehaviour({ kind: 'chat', toolCalls: [{ name: 'lookup_order', arguments: '{"order_id":"A-17"}' }], chunkSize: 4 });
    const plain = await gw.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'where is A-17?' }], tools });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.arguments).toBe('{"order_id":"A-17"}');
    expect(fake.requests.at(-1)?.body.tools).toEqual(tools);
    const final = await gw.openai.chat.completions
      .stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'where is A-17?' }], tools })
      .finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ order_id: 'A-17' });
  });

  it('passes structured output requests through and returns schema-shaped JSON', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const res = await gw.openai.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'city?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema, strict: true } },
    });
    expect(typeof JSON.parse(res.choices[0]?.message.content ?? '').city).toBe('string');
    expect(fake.requests.at(-1)?.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'place', schema, strict: true } });
  });

  it('embeds through the upstream', async () => {
    const res = await gw.openai.embeddings.create({ model: 'embed-test', input: ['one', 'two'] });
    expect(res.data).toHaveLength(2);
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'text-embedding-3-small' });
  });

  it('the client can never pick the upstream: unknown models are refused before any upstream call', async () => {
    const before = fake.requests.length;
    const err = (await gw.openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
    expect(err.code).toBe('model_not_found');
    expect(fake.requests.length).toBe(before);
  });
});
