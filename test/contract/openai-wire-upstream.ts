import type { ChatRequest } from '../../src/core/chat-types.js';
import type { FakeBehaviour, FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import type { ObservedUpstream, UpstreamBehaviour } from './provider-contract.js';

/** Generous defaults; the timeout cases override them. */
export const DEFAULT_TIMEOUTS = { timeoutMs: 10_000, connectTimeoutMs: 2_000, streamIdleTimeoutMs: 10_000 };

/** Each contract behaviour in the OpenAI chat-completions wire format, as fake-openai speaks it. */
export function openAIWireBehaviour(behaviour: UpstreamBehaviour): FakeBehaviour {
  switch (behaviour.kind) {
    case 'status':
      return {
        kind: 'error',
        status: behaviour.status,
        message: behaviour.message,
        type: 'server_error',
        ...(behaviour.retryAfter ? { headers: { 'retry-after': behaviour.retryAfter } } : {}),
      };
    case 'malformed-body':
      return { kind: 'malformed' };
    case 'not-event-stream':
      return { kind: 'raw', contentType: 'application/json', chunks: ['{"id":"chatcmpl-x","choices":[]}'] };
    case 'error-event':
      return { kind: 'stream-error', message: 'The server had an error while processing your request.' };
    case 'truncated-stream':
      return { kind: 'truncated' };
    case 'reset-mid-stream':
      return { kind: 'truncated', reset: true };
    case 'hang':
      return { kind: 'hang' };
    case 'stall-after-first-delta':
      return { kind: 'hang', after: 'first-delta' };
  }
}

/** Arranges fake-openai's next answer; the request goes out unchanged. */
export function arrangeOpenAIWire(fake: FakeOpenAI) {
  return (behaviour: UpstreamBehaviour, request: ChatRequest): ChatRequest => {
    fake.enqueue(openAIWireBehaviour(behaviour));
    return request;
  };
}

/** fake-openai's side of the exchanges. */
export function observeFakeOpenAI(fake: FakeOpenAI): ObservedUpstream {
  return {
    get received() {
      return fake.requests.length;
    },
    nextExchange: () => fake.nextRequest(),
  };
}
