import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_USAGE, startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.fixtures.js';

// The official SDK parses and accumulates the real wire format; if it accepts the fake, the fake speaks it.
let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: 'x', maxRetries: 0 });
});

afterAll(() => fake.close());

describe('the fake Anthropic server, driven by @anthropic-ai/sdk', () => {
  it('answers a plain message', async () => {
    const message = await client.messages.create({ model: 'claude-fake-1', max_tokens: 64, messages: [{ role: 'user', content: 'ping me back' }] });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-fake-1',
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'ping me back' }],
    });
    expect(message.usage).toMatchObject(FAKE_USAGE);
    expect(fake.requests.at(-1)?.headers['x-api-key']).toBe('x');
    expect(fake.requests.at(-1)?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('streams a message the SDK accumulates event by event', async () => {
    const stream = client.messages.stream({ model: 'claude-fake-1', max_tokens: 64, messages: [{ role: 'user', content: 'stream this back please' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(1);
    expect(message.content).toEqual([{ type: 'text', text: 'stream this back please' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject(FAKE_USAGE);
  });

  it('streams tool use whose input the SDK reassembles from input_json_delta fragments', async () => {
    fake.enqueue({ kind: 'tool-use', text: 'Looking.', calls: [{ input: { city: 'Lisbon', units: 'metric' } }] });
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const message = await client.messages
      .stream({ model: 'claude-fake-1', max_tokens: 64, tools, messages: [{ role: 'user', content: 'weather?' }] })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'Lisbon', units: 'metric' } },
    ]);
  });

  it('answers errors in the shape the SDK classifies, retry-after included', async () => {
    fake.enqueue(
      { kind: 'error-status', status: 429, errorType: 'rate_limit_error', retryAfter: '3' },
      { kind: 'error-status', status: 529, errorType: 'overloaded_error' },
    );
    const limited = await client.messages.create({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('3');
    const overloaded = await client.messages.create({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((err: unknown) => err);
    expect(overloaded).toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });
  });

  it('sends an error event mid-stream that the SDK raises', async () => {
    fake.enqueue({ kind: 'error-event' });
    const stream = client.messages.stream({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hello there' }] });
    await expect(stream.finalMessage()).rejects.toMatchObject({ error: { error: { type: 'overloaded_error' } } });
  });

  it('refuses a request without x-api-key as the real API does', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
  });
});
