import type { ProviderConfigOf } from '../../config/schema.js';
import type { Provider } from '../contract.js';
import { UpstreamClient } from '../http/upstream-client.js';
import type { ProviderDeps } from '../provider-factory.js';
import { createOpenAIWireProvider } from './wire-provider.js';

/**
 * A provider for OpenAI or any OpenAI-compatible server (Ollama, vLLM, llama.cpp) at `config.baseUrl`.
 * The API key is resolved once, here; without one no Authorization header is sent (local servers).
 */
export function createOpenAIProvider(id: string, config: ProviderConfigOf<'openai'>, deps: ProviderDeps): Provider {
  const headers: Record<string, string> = {};
  if (config.apiKey !== undefined) headers.authorization = `Bearer ${deps.resolveSecret(config.apiKey)}`;
  if (config.organization !== undefined) headers['openai-organization'] = config.organization;
  const client = new UpstreamClient({
    providerId: id,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    headers,
  });
  return createOpenAIWireProvider({
    id,
    type: 'openai',
    client,
    passthrough: config.passthroughFields,
    chatPath: () => '/chat/completions',
    embeddingsPath: () => '/embeddings',
  });
}
