import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.fixtures.js';
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

// Status codes, malformed and cut streams, resets, timeouts and cancellation are the provider contract's
// (test/contract/provider-contract.ts). Here: what is Anthropic's own, its error-event types and 529.

describe.each(['generate', 'stream'] as const)('anthropic %s: 529 overloaded', (mode) => {
  it('-> upstream_error, retryable', async () => {
    fake.enqueue({ kind: 'error-status', status: 529, errorType: 'overloaded_error', message: 'Overloaded' });
    const { error, parts } = await failure(mode);
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ reason: 'upstream_error', upstreamStatus: 529, isRetryable: true });
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
});
