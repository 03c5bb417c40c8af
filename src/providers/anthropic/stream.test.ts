import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_USAGE, startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.fixtures.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
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
    { resolveSecret: () => 'sk-ant-test' },
  );
});

afterAll(async () => {
  await provider.close();
  await fake.close();
});

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'claude-test',
  messages: [{ role: 'user', content }],
  ...extra,
  stream: true,
});

async function collect(request: ChatRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(request, { signal: new AbortController().signal, requestId: 'req-s' })) parts.push(part);
  return parts;
}

const argumentsOf = (parts: StreamPart[], index: number) =>
  parts.map((part) => (part.type === 'tool-call-delta' && part.index === index ? part.arguments : '')).join('');

const promptTokens = FAKE_USAGE.input_tokens + FAKE_USAGE.cache_creation_input_tokens + FAKE_USAGE.cache_read_input_tokens;

describe('anthropic stream', () => {
  it('streams text as start, text deltas, finish, then usage', async () => {
    const parts = await collect(ask('Hello, streaming world'));
    expect(fake.requests.at(-1)?.body.stream).toBe(true);
    expect(parts[0]).toEqual({ type: 'start', id: expect.stringMatching(/^msg_fake_/), model: 'claude-test', created: expect.any(Number) });
    const deltas = parts.slice(1, -2);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((part) => part.type === 'text-delta' && part.choice === 0)).toBe(true);
    expect(deltas.map((part) => (part.type === 'text-delta' ? part.text : '')).join('')).toBe('Hello, streaming world');
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, finishReason: 'stop' });
    expect(parts.at(-1)).toEqual({
      type: 'usage',
      usage: { prompt_tokens: promptTokens, completion_tokens: FAKE_USAGE.output_tokens, total_tokens: promptTokens + FAKE_USAGE.output_tokens },
    });
  });

  it('streams tool calls indexed by position among tool calls, with arguments reassembled', async () => {
    fake.enqueue({
      kind: 'tool-use',
      text: 'Checking.',
      calls: [
        { name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
        { name: 'get_time', input: {} },
      ],
    });
    const tools = [
      { type: 'function' as const, function: { name: 'get_weather' } },
      { type: 'function' as const, function: { name: 'get_time' } },
    ];
    const parts = await collect(ask('weather?', { tools }));
    const openings = parts.filter((part) => part.type === 'tool-call-delta' && part.id !== undefined);
    expect(openings).toEqual([
      { type: 'tool-call-delta', choice: 0, index: 0, id: expect.stringMatching(/^toolu_/), name: 'get_weather', arguments: expect.any(String) },
      { type: 'tool-call-delta', choice: 0, index: 1, id: expect.stringMatching(/^toolu_/), name: 'get_time', arguments: expect.any(String) },
    ]);
    expect(JSON.parse(argumentsOf(parts, 0))).toEqual({ city: 'Paris', days: [1, 2] });
    expect(argumentsOf(parts, 1)).toBe('{}');
    expect(
      parts
        .filter((part) => part.type === 'text-delta')
        .map((part) => (part.type === 'text-delta' ? part.text : ''))
        .join(''),
    ).toBe('Checking.');
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, finishReason: 'tool_calls' });
    expect(parts.at(-1)?.type).toBe('usage');
  });

  it('streams json_schema output as text deltas of the forced tool input, finishing with stop', async () => {
    fake.enqueue({ kind: 'tool-use', calls: [{ input: { answer: 42, unit: 'none' } }] });
    const parts = await collect(ask('6 x 7?', { response_format: { type: 'json_schema', json_schema: { name: 'math', schema: { type: 'object' } } } }));
    expect(parts.some((part) => part.type === 'tool-call-delta')).toBe(false);
    const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    expect(JSON.parse(text)).toEqual({ answer: 42, unit: 'none' });
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, finishReason: 'stop' });
  });

  it('maps a max_tokens stop to length', async () => {
    fake.enqueue({ kind: 'text', text: 'trunc', stopReason: 'max_tokens' });
    const parts = await collect(ask('x'));
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, finishReason: 'length' });
  });
});
