import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_USAGE, startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.fixtures.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { Provider } from '../contract.js';
import { createAnthropicProvider } from './index.js';

let fake: FakeAnthropic;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  provider = createAnthropicProvider(
    'claude',
    {
      type: 'anthropic',
      baseUrl: fake.url,
      apiKey: 'env:ANTHROPIC_API_KEY',
      version: '2023-06-01',
      defaultMaxTokens: 512,
      timeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      streamIdleTimeoutMs: 5_000,
    },
    { resolveSecret: (ref) => (ref === 'env:ANTHROPIC_API_KEY' ? 'sk-ant-test' : 'wrong') },
  );
});

afterAll(async () => {
  await provider.close();
  await fake.close();
});

beforeEach(() => fake.setBehaviour({ kind: 'echo' }));

const call = () => ({ signal: new AbortController().signal, requestId: 'req-1' });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'claude-test', messages: [{ role: 'user', content }], ...extra });

describe('anthropic generate', () => {
  it('sends the key, version and translated body, and answers a chat completion', async () => {
    const result = await provider.generate(
      ask('hello there', {
        messages: [
          { role: 'system', content: 'Be kind.' },
          { role: 'user', content: 'hello there' },
        ],
      }),
      call(),
    );
    const sent = fake.requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.body).toEqual({
      model: 'claude-test',
      system: 'Be kind.',
      max_tokens: 512,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
    });
    expect(result).toMatchObject({
      id: expect.stringMatching(/^msg_fake_/),
      object: 'chat.completion',
      model: 'claude-test',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello there' }, finish_reason: 'stop' }],
    });
    expect(result.created).toBeTypeOf('number');
    const prompt = FAKE_USAGE.input_tokens + FAKE_USAGE.cache_creation_input_tokens + FAKE_USAGE.cache_read_input_tokens;
    expect(result.usage).toEqual({ prompt_tokens: prompt, completion_tokens: FAKE_USAGE.output_tokens, total_tokens: prompt + FAKE_USAGE.output_tokens });
  });

  it('maps max_tokens and refusal stop reasons', async () => {
    fake.enqueue({ kind: 'text', text: 'cut', stopReason: 'max_tokens' }, { kind: 'text', text: '', stopReason: 'refusal' });
    expect((await provider.generate(ask('x'), call())).choices[0]?.finish_reason).toBe('length');
    expect((await provider.generate(ask('x'), call())).choices[0]?.finish_reason).toBe('content_filter');
  });

  it('answers tool_use with tool_calls whose arguments are the JSON input', async () => {
    fake.enqueue({
      kind: 'tool-use',
      text: 'Let me check.',
      calls: [
        { name: 'get_weather', input: { city: 'Paris' } },
        { name: 'get_time', input: {} },
      ],
    });
    const result = await provider.generate(
      ask('weather?', {
        tools: [
          { type: 'function', function: { name: 'get_weather' } },
          { type: 'function', function: { name: 'get_time' } },
        ],
      }),
      call(),
    );
    const choice = result.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Let me check.');
    expect(choice?.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^toolu_fake_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: expect.any(String), type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('gives null content when the answer is only tool calls', async () => {
    fake.enqueue({ kind: 'tool-use', calls: [{ input: { city: 'Oslo' } }] });
    const result = await provider.generate(ask('weather?', { tools: [{ type: 'function', function: { name: 'get_weather' } }] }), call());
    expect(result.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [expect.objectContaining({ function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } })],
    });
  });

  it('serves json_schema as the forced tool input, returned as content with finish stop', async () => {
    fake.enqueue({ kind: 'tool-use', calls: [{ input: { answer: 42 } }] });
    const schema = { type: 'object', properties: { answer: { type: 'number' } } };
    const result = await provider.generate(ask('6 x 7?', { response_format: { type: 'json_schema', json_schema: { name: 'math', schema } } }), call());
    const sent = fake.requests.at(-1)?.body;
    expect(sent?.tool_choice).toMatchObject({ type: 'tool' });
    expect(sent?.tools).toEqual([expect.objectContaining({ input_schema: schema })]);
    expect(result.choices[0]?.message).toEqual({ role: 'assistant', content: '{"answer":42}' });
    expect(result.choices[0]?.finish_reason).toBe('stop');
  });

  it('serves json_object with a system instruction', async () => {
    fake.enqueue({ kind: 'text', text: '{"ok":true}' });
    const result = await provider.generate(ask('status?', { response_format: { type: 'json_object' } }), call());
    expect(fake.requests.at(-1)?.body.system).toContain('JSON object');
    expect(result.choices[0]?.message.content).toBe('{"ok":true}');
  });

  it('refuses untranslatable tool arguments without calling upstream', async () => {
    const before = fake.requests.length;
    const request = ask('x', {
      messages: [
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'r' },
      ],
    });
    await expect(provider.generate(request, call())).rejects.toMatchObject({
      name: 'ProviderError',
      reason: 'upstream_rejected_request',
      clientMessage: expect.stringContaining('not valid JSON'),
    });
    expect(fake.requests.length).toBe(before);
  });

  it('has no embeddings', () => {
    expect(provider.embed).toBeUndefined();
    expect(provider.type).toBe('anthropic');
  });
});
