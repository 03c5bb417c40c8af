import type { ChatRequest } from '../../src/core/chat-types.js';
import { createMockProvider } from '../../src/providers/mock/index.js';
import { runProviderContract, type UpstreamBehaviour } from './provider-contract.js';

const NO_UPSTREAM = 'the mock answers in process: there is no connection, socket or wire format';

/** The mock is scripted by a `#mock {json}` directive in the last user message. */
function scripted(request: ChatRequest, directive: unknown): ChatRequest {
  return { ...request, messages: [...request.messages, { role: 'user', content: `#mock ${JSON.stringify(directive)}` }] };
}

function arrange(behaviour: UpstreamBehaviour, request: ChatRequest): ChatRequest {
  switch (behaviour.kind) {
    case 'status':
      return scripted(request, {
        error: { status: behaviour.status, message: behaviour.message, ...(behaviour.retryAfter ? { retryAfter: behaviour.retryAfter } : {}) },
      });
    case 'hang':
      return scripted(request, { latencyMs: 600_000 });
    // The contract's text is long enough for several chunks, and the mock checks the signal between chunks.
    case 'stall-after-first-delta':
      return request;
    default:
      throw new Error(`the mock cannot express ${behaviour.kind}; its harness declares that case not applicable`);
  }
}

runProviderContract('mock', {
  model: 'mock-contract',
  embeddings: true,
  notApplicable: {
    'request-id-forwarded': NO_UPSTREAM,
    'malformed-answers': `${NO_UPSTREAM}, so it never parses an answer`,
    'connection-failures': NO_UPSTREAM,
    timeouts: `${NO_UPSTREAM}; its latency is scripted, and the gateway's own deadlines bound it`,
    'upstream-closed-on-cancel': NO_UPSTREAM,
  },
  async start() {
    return {
      provider: () =>
        createMockProvider('contract-mock', { type: 'mock', latencyMs: 0, chunkDelayMs: 0, chunkSize: 8, directives: true, embeddingDimensions: 8 }, new Map()),
      arrange,
      close: async () => {},
    };
  },
});
