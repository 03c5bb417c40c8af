import type { ChatRequest } from '../../src/core/chat-types.js';
import { createAnthropicProvider } from '../../src/providers/anthropic/index.js';
import { startFakeAnthropic, type FakeAnthropicBehaviour } from '../../src/providers/anthropic/fake-anthropic.fixtures.js';
import { DEFAULT_TIMEOUTS } from './openai-wire-upstream.js';
import { runProviderContract, type UpstreamBehaviour } from './provider-contract.js';

/** Anthropic's error type for each status (https://docs.anthropic.com/en/api/errors). */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** Each contract behaviour in the Messages API wire format, as fake-anthropic speaks it. */
function anthropicBehaviour(behaviour: UpstreamBehaviour): FakeAnthropicBehaviour {
  switch (behaviour.kind) {
    case 'status':
      return {
        kind: 'error-status',
        status: behaviour.status,
        errorType: ERROR_TYPES[behaviour.status] ?? 'api_error',
        message: behaviour.message,
        ...(behaviour.retryAfter ? { retryAfter: behaviour.retryAfter } : {}),
      };
    case 'malformed-body':
      return { kind: 'malformed-event' };
    case 'not-event-stream':
      return { kind: 'raw', contentType: 'application/json', body: '{"type":"message","content":[]}' };
    case 'error-event':
      return { kind: 'error-event', errorType: 'overloaded_error', message: 'Overloaded' };
    case 'truncated-stream':
      return { kind: 'truncated' };
    case 'reset-mid-stream':
      return { kind: 'reset' };
    case 'hang':
      return { kind: 'hang' };
    case 'stall-after-first-delta':
      return { kind: 'hang', after: 'first-delta' };
  }
}

runProviderContract('anthropic', {
  model: 'claude-contract',
  embeddings: false,
  async start() {
    const fake = await startFakeAnthropic();
    return {
      provider: ({ origin, timeouts } = {}) =>
        createAnthropicProvider(
          'contract-anthropic',
          { type: 'anthropic', baseUrl: origin ?? fake.url, apiKey: 'env:KEY', version: '2023-06-01', defaultMaxTokens: 512, ...DEFAULT_TIMEOUTS, ...timeouts },
          { resolveSecret: () => 'sk-ant-contract' },
        ),
      arrange(behaviour: UpstreamBehaviour, request: ChatRequest): ChatRequest {
        fake.enqueue(anthropicBehaviour(behaviour));
        return request;
      },
      observed: {
        get received() {
          return fake.requests.length;
        },
        nextExchange: () => fake.nextRequest(),
      },
      close: () => fake.close(),
    };
  },
});
