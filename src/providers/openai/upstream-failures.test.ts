import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAI } from '../../../test/fakes/fake-openai.js';
import type { ProviderConfigOf } from '../../config/schema.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { ProviderError } from '../errors.js';
import { createOpenAIProvider } from './index.js';

const hello: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there, how are you today?' }] };
const call = (signal = new AbortController().signal) => ({ signal, requestId: 'req-failures' });

function openai(baseUrl: string, timeouts: Partial<ProviderConfigOf<'openai'>> = {}): Provider {
  const config: ProviderConfigOf<'openai'> = { type: 'openai', baseUrl, timeoutMs: 5000, connectTimeoutMs: 2000, streamIdleTimeoutMs: 5000, ...timeouts };
  return createOpenAIProvider('upstream', config, { resolveSecret: (ref) => ref });
}

/** Reads a stream to its end or first error, keeping the parts that came before. */
async function drainStream(parts: AsyncIterable<StreamPart>): Promise<{ parts: StreamPart[]; error: unknown }> {
  const seen: StreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
  } catch (error) {
    return { parts: seen, error };
  }
  return { parts: seen, error: undefined };
}

async function generateError(provider: Provider, request = hello, signal?: AbortSignal): Promise<ProviderError> {
  const error = await provider.generate(request, call(signal)).then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function streamError(provider: Provider): Promise<{ parts: StreamPart[]; error: ProviderError }> {
  const { parts, error } = await drainStream(provider.stream(hello, call()));
  expect(error).toBeInstanceOf(ProviderError);
  return { parts, error: error as ProviderError };
}

let fake: FakeOpenAI;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = openai(fake.url);
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

describe('openai provider: upstream status', () => {
  const cases: Array<{ name: string; behaviour: FakeBehaviour; expected: Partial<ProviderError> }> = [
    {
      name: '429 keeps Retry-After',
      behaviour: { kind: 'error', status: 429, message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after': '7' } },
      expected: { reason: 'upstream_rate_limited', upstreamStatus: 429, retryAfter: '7', isRetryable: true },
    },
    { name: '500', behaviour: { kind: 'error', status: 500, message: 'internal', type: 'server_error' }, expected: { reason: 'upstream_error', upstreamStatus: 500, isRetryable: true } },
    { name: '401', behaviour: { kind: 'error', status: 401, message: 'Incorrect API key provided', code: 'invalid_api_key' }, expected: { reason: 'upstream_auth_failed', upstreamStatus: 401, isRetryable: false } },
    { name: '403', behaviour: { kind: 'error', status: 403, message: 'Forbidden' }, expected: { reason: 'upstream_auth_failed', upstreamStatus: 403 } },
    {
      name: '400 with the upstream message',
      behaviour: { kind: 'error', status: 400, message: "Invalid value for 'temperature': must be at most 2." },
      expected: { reason: 'upstream_rejected_request', upstreamStatus: 400, clientMessage: "Invalid value for 'temperature': must be at most 2.", isRetryable: false },
    },
  ];

  for (const { name, behaviour, expected } of cases) {
    it(`generate: ${name}`, async () => {
      fake.enqueue(behaviour);
      expect(await generateError(provider)).toMatchObject(expected);
    });

    it(`stream: ${name}, before any part`, async () => {
      fake.enqueue(behaviour);
      const { parts, error } = await streamError(provider);
      expect(parts).toEqual([]);
      expect(error).toMatchObject(expected);
    });
  }
});

describe('openai provider: malformed answers', () => {
  it('generate: a body that is not JSON', async () => {
    fake.enqueue({ kind: 'malformed' });
    expect((await generateError(provider)).reason).toBe('upstream_bad_response');
  });

  it('generate: JSON that is not a chat completion', async () => {
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: ['{"object":"list","data":[]}'] });
    expect((await generateError(provider)).reason).toBe('upstream_bad_response');
  });

  it('embed: JSON that is not an embeddings list', async () => {
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: ['{"data":[{"embedding":{}}]}'] });
    const error = await provider.embed?.({ model: 'e', input: 'x' }, call()).catch((err: unknown) => err);
    expect(error).toMatchObject({ reason: 'upstream_bad_response' });
  });

  it('stream: a data line that is not JSON, after good parts', async () => {
    fake.enqueue({ kind: 'malformed' });
    const { parts, error } = await streamError(provider);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta']);
    expect(error.reason).toBe('upstream_bad_response');
  });

  it('stream: ends without [DONE]', async () => {
    fake.enqueue({ kind: 'truncated' });
    const { parts, error } = await streamError(provider);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta']);
    expect(error.reason).toBe('upstream_bad_response');
  });

  it('stream: the connection is reset mid-stream', async () => {
    fake.enqueue({ kind: 'truncated', reset: true });
    expect((await streamError(provider)).error.reason).toBe('upstream_unreachable');
  });

  it('stream: an error object mid-stream', async () => {
    fake.enqueue({ kind: 'stream-error', message: 'The server had an error' });
    const { parts, error } = await streamError(provider);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta']);
    expect(error).toMatchObject({ reason: 'upstream_error', isRetryable: true });
  });

  it('stream: a JSON answer to a stream request', async () => {
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: ['{"choices":[]}'] });
    expect((await streamError(provider)).error.reason).toBe('upstream_bad_response');
  });
});

describe('openai provider: timeouts and unreachable upstreams', () => {
  it('generate: a hanging upstream times out', async () => {
    const quick = openai(fake.url, { timeoutMs: 150 });
    fake.enqueue({ kind: 'hang' });
    try {
      expect(await generateError(quick)).toMatchObject({ reason: 'upstream_timeout', isRetryable: true });
    } finally {
      await quick.close();
    }
  });

  it('stream: no response headers within timeoutMs', async () => {
    const quick = openai(fake.url, { timeoutMs: 150 });
    fake.enqueue({ kind: 'hang' });
    try {
      expect((await streamError(quick)).error.reason).toBe('upstream_timeout');
    } finally {
      await quick.close();
    }
  });

  it('stream: silence between chunks longer than streamIdleTimeoutMs', async () => {
    const quick = openai(fake.url, { streamIdleTimeoutMs: 100 });
    // undici checks idle timeouts on a ~0.5 s tick, so the silence must clearly exceed a second.
    fake.enqueue({ kind: 'chat', chunkDelayMs: 3000 });
    try {
      expect((await streamError(quick)).error.reason).toBe('upstream_timeout');
    } finally {
      await quick.close();
    }
  });

  it('a closed port is unreachable', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = openai(`http://127.0.0.1:${port}/v1`);
    try {
      expect(await generateError(refused)).toMatchObject({ reason: 'upstream_unreachable', isRetryable: true });
      expect((await streamError(refused)).error.reason).toBe('upstream_unreachable');
    } finally {
      await refused.close();
    }
  });
});
