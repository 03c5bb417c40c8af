import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CREATED, startFakeOpenAI, type FakeOpenAI } from './fake-openai.fixtures.js';
import { createSecretResolver } from '../../config/secrets.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { createOpenAIProvider } from './index.js';

const resolveSecret = createSecretResolver({ OPENAI_KEY: 'sk-test-123' });
const call = () => ({ signal: new AbortController().signal, requestId: 'req-42' });
const hello: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello there' },
  ],
};

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
}

let fake: FakeOpenAI;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAIProvider(
    'openai-main',
    {
      type: 'openai',
      baseUrl: fake.url,
      apiKey: 'env:OPENAI_KEY',
      organization: 'org-fake',
      timeoutMs: 5000,
      connectTimeoutMs: 2000,
      streamIdleTimeoutMs: 5000,
    },
    { resolveSecret },
  );
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});
beforeEach(() => fake.setBehaviour({ kind: 'chat' }));

describe('openai provider: generate', () => {
  it('posts a non-streamed chat completion and returns the result', async () => {
    const result = await provider.generate({ ...hello, stream_options: { include_usage: true } }, call());
    expect(result).toMatchObject({ id: expect.stringMatching(/^chatcmpl-fake-/), object: 'chat.completion', created: FAKE_CREATED, model: 'gpt-4o-mini' });
    expect(result.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Hello there', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(result.usage?.total_tokens).toBe((result.usage?.prompt_tokens ?? 0) + (result.usage?.completion_tokens ?? 0));
    const sent = fake.requests.at(-1);
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    // stream_options is only valid on streamed requests: OpenAI answers 400 otherwise
    expect(sent?.body).toEqual({ ...hello, stream: false });
    expect(sent?.headers).toMatchObject({ authorization: 'Bearer sk-test-123', 'openai-organization': 'org-fake', 'x-request-id': 'req-42' });
  });

  it('returns tool calls', async () => {
    fake.setBehaviour({ kind: 'chat', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const result = await provider.generate(hello, call());
    expect(result.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ id: 'call_fake_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    });
  });

  it('passes response_format through for structured output', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, score: { type: 'integer' } },
      required: ['answer', 'score'],
      additionalProperties: false,
    };
    const request: ChatRequest = { ...hello, response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } } };
    const result = await provider.generate(request, call());
    expect(fake.requests.at(-1)?.body.response_format).toEqual(request.response_format);
    expect(JSON.parse(result.choices[0]?.message.content ?? '')).toEqual({ answer: 'fake', score: 1 });
  });
});

describe('openai provider: stream', () => {
  it('yields start, text deltas, finish and usage in order, always asking for usage', async () => {
    // Chunks that arrive apart stay apart: nothing waits to merge them (coalesceDeltas only joins one read's events).
    fake.setBehaviour({ kind: 'chat', chunkDelayMs: 5 });
    const parts = await collect(provider.stream({ ...hello, stream_options: { include_usage: false } }, call()));
    expect(parts[0]).toEqual({ type: 'start', id: expect.stringMatching(/^chatcmpl-fake-/), model: 'gpt-4o-mini', created: FAKE_CREATED });
    expect(textOf(parts)).toBe('Hello there');
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(1);
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', choice: 0, finishReason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) } },
    ]);
    const sent = fake.requests.at(-1);
    expect(sent?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(sent?.headers.accept).toBe('text/event-stream');
  });

  it('yields refusal deltas', async () => {
    fake.setBehaviour({ kind: 'chat', refusal: 'I cannot help with that.' });
    const parts = await collect(provider.stream(hello, call()));
    const refusal = parts.map((p) => (p.type === 'refusal-delta' ? p.text : '')).join('');
    expect(refusal).toBe('I cannot help with that.');
    expect(textOf(parts)).toBe('');
  });

  it('yields tool-call deltas whose arguments reassemble, id and name on the first only', async () => {
    const args = '{"city":"Paris","unit":"celsius"}';
    fake.setBehaviour({
      kind: 'chat',
      toolCalls: [
        { name: 'get_weather', arguments: args },
        { name: 'get_time', arguments: '{"tz":"CET"}' },
      ],
      chunkSize: 5,
      chunkDelayMs: 5,
    });
    const parts = await collect(provider.stream(hello, call()));
    const deltas = parts.filter((p) => p.type === 'tool-call-delta');
    const first = deltas.filter((d) => d.index === 0);
    expect(first[0]).toMatchObject({ choice: 0, index: 0, id: 'call_fake_0', name: 'get_weather' });
    expect(first.slice(1).every((d) => d.id === undefined && d.name === undefined)).toBe(true);
    expect(first.map((d) => d.arguments).join('')).toBe(args);
    expect(first.length).toBeGreaterThan(2);
    expect(
      deltas
        .filter((d) => d.index === 1)
        .map((d) => d.arguments)
        .join(''),
    ).toBe('{"tz":"CET"}');
    expect(parts.find((p) => p.type === 'finish')).toEqual({ type: 'finish', choice: 0, finishReason: 'tool_calls' });
  });

  it('synthesises id, model and created once for chunks that omit them (Ollama-like)', async () => {
    fake.setBehaviour({ kind: 'chat', omitChunkIds: true });
    const parts = await collect(provider.stream(hello, call()));
    expect(parts.filter((p) => p.type === 'start')).toEqual([
      { type: 'start', id: expect.stringMatching(/^chatcmpl-/), model: 'gpt-4o-mini', created: expect.any(Number) },
    ]);
    expect(textOf(parts)).toBe('Hello there');
  });

  it('reads the body to its end after [DONE], so the connection is not torn down', async () => {
    const chunk = {
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }],
    };
    const before = fake.closedEarly;
    // A comment after [DONE], sent later: a reader that stops at [DONE] would abort the response.
    fake.enqueue({ kind: 'raw', chunks: [`data: ${JSON.stringify(chunk)}\n\n`, 'data: [DONE]\n\n', ': end\n\n'], chunkDelayMs: 20 });
    const parts = await collect(provider.stream(hello, call()));
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'finish']);
    await provider.generate(hello, call());
    expect(fake.closedEarly).toBe(before);
  });
});

describe('openai provider: embeddings and auth', () => {
  it('posts /embeddings and returns the vectors', async () => {
    const result = await provider.embed?.({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 }, call());
    expect(fake.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', body: { input: ['a', 'b'], dimensions: 4 } });
    expect(result).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: expect.any(Number) } });
    expect(result?.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result?.data[0]?.embedding).toHaveLength(4);
    expect(result?.data[0]?.embedding).not.toEqual(result?.data[1]?.embedding);
  });

  it('sends no Authorization header when no key is configured (local servers)', async () => {
    const local = createOpenAIProvider(
      'ollama',
      { type: 'openai', baseUrl: fake.url, timeoutMs: 5000, connectTimeoutMs: 2000, streamIdleTimeoutMs: 5000 },
      { resolveSecret },
    );
    try {
      await local.generate(hello, call());
      expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
      expect(fake.requests.at(-1)?.headers['openai-organization']).toBeUndefined();
    } finally {
      await local.close();
    }
  });
});
