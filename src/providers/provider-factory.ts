import type { GatehouseConfig, MockBehaviour, ProviderConfig } from '../config/schema.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Provider } from './contract.js';
import { createAnthropicProvider } from './anthropic/index.js';
import { createAzureOpenAIProvider } from './azure-openai/index.js';
import { createMockProvider } from './mock/index.js';
import { createOpenAIProvider } from './openai/index.js';

export interface ProviderDeps {
  resolveSecret: SecretResolver;
}

/** Builds one provider from its configuration. Secrets are resolved here, once per config version. */
export function createProvider(id: string, config: ProviderConfig, deps: ProviderDeps, mockBehaviours: Map<string, MockBehaviour>): Provider {
  switch (config.type) {
    case 'openai':
      return createOpenAIProvider(id, config, deps);
    case 'azure-openai':
      return createAzureOpenAIProvider(id, config, deps);
    case 'anthropic':
      return createAnthropicProvider(id, config, deps);
    case 'mock':
      return createMockProvider(id, config, mockBehaviours);
  }
}

/** All providers of a configuration, keyed by id. */
export function createProviders(config: GatehouseConfig, deps: ProviderDeps): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const [id, providerConfig] of Object.entries(config.providers)) {
    const behaviours = new Map<string, MockBehaviour>();
    for (const [name, model] of Object.entries(config.models)) {
      for (const d of model.deployments ?? [model]) {
        if (d.provider === id && d.mock) behaviours.set(d.upstreamModel ?? name, d.mock);
      }
    }
    providers.set(id, createProvider(id, providerConfig, deps, behaviours));
  }
  return providers;
}
