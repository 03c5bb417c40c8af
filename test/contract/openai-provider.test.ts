import { createOpenAIProvider } from '../../src/providers/openai/index.js';
import { startFakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { arrangeOpenAIWire, DEFAULT_TIMEOUTS, observeFakeOpenAI } from './openai-wire-upstream.js';
import { runProviderContract } from './provider-contract.js';

runProviderContract('openai', {
  model: 'gpt-4o-mini',
  embeddings: true,
  async start() {
    const fake = await startFakeOpenAI();
    return {
      provider: ({ origin, timeouts } = {}) =>
        createOpenAIProvider(
          'contract-openai',
          { type: 'openai', baseUrl: `${origin ?? fake.origin}/v1`, apiKey: 'env:KEY', ...DEFAULT_TIMEOUTS, ...timeouts },
          { resolveSecret: () => 'sk-contract' },
        ),
      arrange: arrangeOpenAIWire(fake),
      observed: observeFakeOpenAI(fake),
      close: () => fake.close(),
    };
  },
});
