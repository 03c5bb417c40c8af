import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeAnthropic, type FakeAnthropic } from '../../src/providers/anthropic/fake-anthropic.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let fake: FakeAnthropic;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  gw = await startTestGateway(
    {
      providers: { claude: { type: 'anthropic', baseUrl: fake.url, apiKey: 'env:TEST_ANTHROPIC_KEY', timeoutMs: 2000 } },
      models: { 'claude-test': { provider: 'claude', upstreamModel: 'claude-sonnet-4-5' } },
    },
    { env: { TEST_ANTHROPIC_KEY: 'sk-ant-test-key' } },
  );
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.setBehaviour({ kind: 'echo' }));

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('OpenAI SDK -> gateway -> anthropic provider -> fake Messages API', () => {
  it('translates a plain completion both ways and sends the resolved key, never the client one', async () => {
    const res = await gw.openai.chat.completions.create({
      model: 'claude-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Bonjour' },
      ],
    });
    expect(res.choices[0]?.message.content).toBe('Bonjour');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = fake.requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test-key');
    expect(sent?.body.model).toBe('claude-sonnet-4-5');
    expect(sent?.body.system).toBeDefined();
  });

  it('streams text from the real Messages event sequence, with usage', async () => {
    fake.setBehaviour({ kind: 'text', text: 'Streaming through Anthropic events' });
    const stream = await gw.openai.chat.completions.create({
      model: 'claude-test',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Streaming through Anthropic events');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('tool use comes back as OpenAI tool_calls, streamed and not', async () => {
    fake.setBehaviour({ kind: 'tool-use', calls: [{ name: 'get_weather', input: { city: 'Oslo' } }] });
    const plain = await gw.openai.chat.completions.create({ model: 'claude-test', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    expect(fake.requests.at(-1)?.body.tools?.[0]?.name).toBe('get_weather');

    const final = await gw.openai.chat.completions
      .stream({ model: 'claude-test', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] })
      .finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ city: 'Oslo' });
  });

  it('serves json_schema structured output through a forced tool', async () => {
    fake.setBehaviour({ kind: 'tool-use', calls: [{ input: { answer: 'yes' } }] });
    const res = await gw.openai.chat.completions.create({
      model: 'claude-test',
      messages: [{ role: 'user', content: 'answer' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'verdict', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } },
      },
    });
    expect(JSON.parse(res.choices[0]?.message.content ?? '')).toEqual({ answer: 'yes' });
    expect(res.choices[0]?.finish_reason).toBe('stop');
  });

  it('maps Anthropic errors: 429 keeps Retry-After, 529 overloaded becomes 502, mid-stream error is in-band', async () => {
    fake.setBehaviour({ kind: 'error-status', status: 429, errorType: 'rate_limit_error', retryAfter: '11' });
    const limited = (await gw.openai.chat.completions
      .create({ model: 'claude-test', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('11');

    fake.setBehaviour({ kind: 'error-status', status: 529, errorType: 'overloaded_error' });
    const overloaded = (await gw.openai.chat.completions
      .create({ model: 'claude-test', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(overloaded.status).toBe(502);
    expect(overloaded.code).toBe('upstream_error');

    fake.setBehaviour({ kind: 'error-event' });
    const { data: stream, response } = await gw.openai.chat.completions
      .create({ model: 'claude-test', messages: [{ role: 'user', content: 'hello world' }], stream: true })
      .withResponse();
    const failure = await (async () => {
      for await (const _chunk of stream) {
        /* read until the in-band error */
      }
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ outcome: 'interrupted', reason: 'stream_interrupted', providerId: 'claude' });
    expect(record?.trace.find((t) => t.stage === 'route' && t.phase === 'stream')).toMatchObject({ verdict: 'error', reason: 'upstream_error' });
  });

  it('an embeddings request to a chat-only anthropic model is refused cleanly', async () => {
    const err = (await gw.openai.embeddings.create({ model: 'claude-test', input: 'x' }).catch((e: unknown) => e)) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(err.status).toBe(400);
    expect(err.code).toBe('model_capability_unsupported');
  });
});
