import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREATED, startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'x', maxRetries: 0 });
});
afterAll(() => fake.close());

const messages = [{ role: 'user' as const, content: 'Hello from the SDK' }];

describe('fake OpenAI server, driven by the official openai SDK', () => {
  it('answers a plain completion by echoing the last user message', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion).toMatchObject({ object: 'chat.completion', created: FAKE_CREATED, model: 'gpt-4o-mini' });
    expect(completion.choices[0]?.message.content).toBe('Hello from the SDK');
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer x');
  });

  it('streams a completion in several chunks with a usage chunk', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello from the SDK');
    expect(chunks).toBeGreaterThan(3);
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams tool calls that the SDK reassembles', async () => {
    fake.enqueue({ kind: 'chat', toolCalls: [{ name: 'lookup', arguments: '{"query":"lighthouses","limit":3}' }] });
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: 'call_fake_0',
      function: { name: 'lookup', arguments: '{"query":"lighthouses","limit":3}' },
    });
  });

  it('answers json_schema response formats with a matching object', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'r', schema: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, ok: { type: 'boolean' } } } },
      },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ tags: ['fake'], ok: true });
  });

  it('returns the same deterministic embeddings as floats and as base64', async () => {
    // The SDK asks for base64 unless told otherwise, and decodes it.
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(fake.requests.at(-2)?.body.encoding_format).toBe('base64');
    expect(decoded.data.map((d) => d.embedding)).toEqual(floats.data.map((d) => d.embedding));
    expect(floats.data[0]?.embedding).toHaveLength(8);
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toContain('gpt-4o-mini');
  });

  it('scripts errors per request and per model', async () => {
    fake.enqueue({ kind: 'error', status: 429, message: 'slow down', code: 'rate_limit_exceeded', headers: { 'retry-after': '3' } });
    const limited = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3');

    fake.setBehaviour({ kind: 'error', status: 404, message: 'The model `gone` does not exist', code: 'model_not_found' }, 'gone');
    const missing = await client.chat.completions.create({ model: 'gone', messages }).catch((err: unknown) => err);
    expect(missing).toMatchObject({ status: 404, code: 'model_not_found' });
    expect((await client.chat.completions.create({ model: 'gpt-4o-mini', messages })).choices[0]?.message.content).toBe('Hello from the SDK');
  });

  it('surfaces an error object mid-stream to the SDK', async () => {
    fake.enqueue({ kind: 'stream-error', message: 'overloaded' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const error = await (async () => {
      for await (const _chunk of stream);
    })().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });
});
