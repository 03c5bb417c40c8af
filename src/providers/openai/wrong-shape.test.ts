import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.fixtures.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { Provider } from '../contract.js';
import { createOpenAIProvider } from './index.js';

// Status codes, malformed and cut streams, resets, refused connections, timeouts and cancellation are the
// provider contract's (test/contract/provider-contract.ts). Here: well-formed JSON of the wrong shape.

const hello: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there, how are you today?' }] };
const call = () => ({ signal: new AbortController().signal, requestId: 'req-wrong-shape' });

let fake: FakeOpenAI;
let provider: Provider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAIProvider(
    'upstream',
    { type: 'openai', baseUrl: fake.url, timeoutMs: 5000, connectTimeoutMs: 2000, streamIdleTimeoutMs: 5000 },
    { resolveSecret: (ref) => ref },
  );
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

describe('openai provider: JSON answers of the wrong shape', () => {
  it('generate: JSON that is not a chat completion -> upstream_bad_response', async () => {
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: ['{"object":"list","data":[]}'] });
    const error = await provider.generate(hello, call()).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ProviderError', reason: 'upstream_bad_response' });
  });

  it('embed: JSON that is not an embeddings list -> upstream_bad_response', async () => {
    fake.enqueue({ kind: 'raw', contentType: 'application/json', chunks: ['{"data":[{"embedding":{}}]}'] });
    const error = await provider.embed?.({ model: 'e', input: 'x' }, call()).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ProviderError', reason: 'upstream_bad_response' });
  });
});
