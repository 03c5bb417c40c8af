import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../openai/fake-openai.fixtures.js';
import { createSecretResolver } from '../../config/secrets.js';
import type { ProviderConfigOf } from '../../config/schema.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../contract.js';
import { createAzureOpenAIProvider } from './index.js';

const resolveSecret = createSecretResolver({ AZURE_KEY: 'azure-secret' });
const call = () => ({ signal: new AbortController().signal, requestId: 'req-azure' });
const hello: ChatRequest = { model: 'my-gpt4o-deployment', messages: [{ role: 'user', content: 'Bonjour Azure' }] };

let fake: FakeOpenAI;
let provider: Provider;

function azure(endpoint: string): Provider {
  const config: ProviderConfigOf<'azure-openai'> = {
    type: 'azure-openai',
    endpoint,
    apiVersion: '2024-10-21',
    apiKey: 'env:AZURE_KEY',
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    streamIdleTimeoutMs: 5000,
  };
  return createAzureOpenAIProvider('azure-east', config, { resolveSecret });
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = azure(fake.origin);
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});

describe('azure-openai provider', () => {
  it('posts to the deployment URL with api-version and the api-key header', async () => {
    const result = await provider.generate(hello, call());
    expect(result.choices[0]?.message.content).toBe('Bonjour Azure');
    const sent = fake.requests.at(-1);
    expect(sent?.url).toBe('/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21');
    expect(sent?.headers['api-key']).toBe('azure-secret');
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it('accepts an endpoint with a trailing slash', async () => {
    const slashed = azure(`${fake.origin}/`);
    try {
      await slashed.generate(hello, call());
      expect(fake.requests.at(-1)?.path).toBe('/openai/deployments/my-gpt4o-deployment/chat/completions');
    } finally {
      await slashed.close();
    }
  });

  it('streams with the same wire parsing as openai', async () => {
    const parts: StreamPart[] = [];
    for await (const part of provider.stream(hello, call())) parts.push(part);
    expect(parts[0]).toMatchObject({ type: 'start', model: 'my-gpt4o-deployment' });
    expect(parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('')).toBe('Bonjour Azure');
    expect(parts.at(-1)?.type).toBe('usage');
    expect(fake.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("takes the start part from the first real chunk, after Azure's prompt-filter chunk", async () => {
    const filter = {
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }],
    };
    const text = {
      id: 'chatcmpl-az1',
      object: 'chat.completion.chunk',
      created: 1_730_000_000,
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, delta: { role: 'assistant', content: 'Salut' }, finish_reason: null, content_filter_results: {} }],
    };
    const end = { ...text, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    fake.enqueue({ kind: 'raw', chunks: [filter, text, end].map((c) => `data: ${JSON.stringify(c)}\n\n`).concat('data: [DONE]\n\n') });
    const parts: StreamPart[] = [];
    for await (const part of provider.stream(hello, call())) parts.push(part);
    expect(parts).toEqual([
      { type: 'start', id: 'chatcmpl-az1', model: 'gpt-4o-2024-08-06', created: 1_730_000_000 },
      { type: 'text-delta', choice: 0, text: 'Salut' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
  });

  it('posts embeddings to the deployment embeddings URL', async () => {
    const result = await provider.embed?.({ model: 'embed-deployment', input: 'hello' }, call());
    expect(fake.requests.at(-1)?.url).toBe('/openai/deployments/embed-deployment/embeddings?api-version=2024-10-21');
    expect(result?.data).toHaveLength(1);
  });

  it('encodes the deployment as one path segment', async () => {
    await provider.generate({ ...hello, model: 'odd/name?x=1' }, call());
    expect(fake.requests.at(-1)?.url).toBe('/openai/deployments/odd%2Fname%3Fx%3D1/chat/completions?api-version=2024-10-21');
  });
});
