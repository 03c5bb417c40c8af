import { createAzureOpenAIProvider } from '../../src/providers/azure-openai/index.js';
import { startFakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { arrangeOpenAIWire, DEFAULT_TIMEOUTS, observeFakeOpenAI } from './openai-wire-upstream.js';
import { runProviderContract } from './provider-contract.js';

// Azure speaks OpenAI's wire format at /openai/deployments/{deployment}/..., which fake-openai serves too.
runProviderContract('azure-openai', {
  model: 'contract-deployment',
  embeddings: true,
  async start() {
    const fake = await startFakeOpenAI();
    return {
      provider: ({ origin, timeouts } = {}) =>
        createAzureOpenAIProvider(
          'contract-azure',
          { type: 'azure-openai', endpoint: origin ?? fake.origin, apiVersion: '2024-10-21', apiKey: 'env:KEY', ...DEFAULT_TIMEOUTS, ...timeouts },
          { resolveSecret: () => 'azure-contract' },
        ),
      arrange: arrangeOpenAIWire(fake),
      observed: observeFakeOpenAI(fake),
      close: () => fake.close(),
    };
  },
});
