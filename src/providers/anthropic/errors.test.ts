import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../../test/fakes/fake-anthropic.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { ProviderError } from '../errors.js';
import { createAnthropicProvider } from './index.js';

let fake: FakeAnthropic;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  provider = createAnthropicProvider(
    'claude',
    { type: 'anthropic', baseUrl: fake.url, apiKey: 'env:ANTHROPIC_API_KEY', version: '2023-06-01', defaultMaxTokens: 512, timeoutMs: 5_000, connectTimeoutMs: 2_000, streamIdleTimeoutMs: 5_000 },
    { resolveSecret: () => 'sk-ant-test' },
  );
});

afterAll(async () => {
  await provider.close();
  await fake.close();
});

const request: ChatRequest = { model: 'claude-test', messages: [{ role: 'user', content: 'hello world' }] };
const call = () => ({ signal: new AbortController().signal, requestId: 'req-e' });

/** Runs one exchange in the given mode; returns the streamed parts seen before the failure, and the failure. */
async function failure(mode: 'generate' | 'stream'): Promise<{ error: ProviderError; parts: StreamPart[] }> {
  const parts: StreamPart[] = [];
  try {
    if (mode === 'generate') await provider.generate(request, call());
    else for await (const part of provider.stream({ ...request, stream: true }, call())) parts.push(part);
  } catch (err) {
    if (err instanceof ProviderError) return { error: err, parts };
    throw err;
  }
  throw new Error('expected the exchange to fail');
}

describe.each(['generate', 'stream'] as const)('anthropic %s: HTTP error statuses', (mode) => {
  it.each([
    [400, 'invalid_request_error', 'upstream_rejected_request', false],
    [401, 'authentication_error', 'upstream_auth_failed', false],
    [403, 'permission_error', 'upstream_auth_failed', false],
    [404, 'not_found_error', 'upstream_rejected_request', false],
    [500, 'api_error', 'upstream_error', true],
    [529, 'overloaded_error', 'upstream_error', true],
  ] as const)('%i %s -> %s', async (status, errorType, reason, retryable) => {
    fake.enqueue({ kind: 'error-status', status, errorType, message: 'messages.0: text content blocks must be non-empty' });
    const { error, parts } = await failure(mode);
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ reason, upstreamStatus: status, isRetryable: retryable });
    if (reason === 'upstream_rejected_request') expect(error.clientMessage).toBe('messages.0: text content blocks must be non-empty');
  });

  it('429 -> upstream_rate_limited with retry-after passed on', async () => {
    fake.enqueue({ kind: 'error-status', status: 429, errorType: 'rate_limit_error', retryAfter: '7' });
    const { error } = await failure(mode);
    expect(error).toMatchObject({ reason: 'upstream_rate_limited', upstreamStatus: 429, retryAfter: '7', isRetryable: true });
  });

  it('a cut body or event -> upstream_bad_response', async () => {
    fake.enqueue({ kind: 'malformed-event' });
    expect((await failure(mode)).error.reason).toBe('upstream_bad_response');
  });
});

describe('anthropic stream: failures after the first event', () => {
  it.each([
    ['overloaded_error', 'upstream_error', true],
    ['api_error', 'upstream_error', true],
    ['rate_limit_error', 'upstream_rate_limited', true],
    ['invalid_request_error', 'upstream_rejected_request', false],
    ['authentication_error', 'upstream_auth_failed', false],
    ['permission_error', 'upstream_auth_failed', false],
  ] as const)('an error event %s -> %s', async (errorType, reason, retryable) => {
    fake.enqueue({ kind: 'error-event', errorType, message: 'upstream says no' });
    const { error, parts } = await failure('stream');
    expect(parts.map((part) => part.type)).toEqual(['start', 'text-delta']);
    expect(error).toMatchObject({ reason, isRetryable: retryable });
    if (reason === 'upstream_rejected_request') expect(error.clientMessage).toBe('upstream says no');
  });

  it('malformed event JSON -> upstream_bad_response after the parts already read', async () => {
    fake.enqueue({ kind: 'malformed-event' });
    const { error, parts } = await failure('stream');
    expect(parts.map((part) => part.type)).toEqual(['start', 'text-delta']);
    expect(error.reason).toBe('upstream_bad_response');
  });

  it('a stream that ends without message_stop -> upstream_bad_response, with no finish part', async () => {
    fake.enqueue({ kind: 'truncated' });
    const { error, parts } = await failure('stream');
    expect(parts[0]?.type).toBe('start');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(error.reason).toBe('upstream_bad_response');
  });

  it('a plain request for the error-event behaviour answers 529 -> upstream_error', async () => {
    fake.enqueue({ kind: 'error-event' });
    expect((await failure('generate')).error).toMatchObject({ reason: 'upstream_error', upstreamStatus: 529 });
  });
});
