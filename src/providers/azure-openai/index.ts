import type { ProviderConfigOf } from '../../config/schema.js';
import type { Provider } from '../contract.js';
import { UpstreamClient } from '../http/upstream-client.js';
import { createOpenAIWireProvider } from '../openai/wire-provider.js';
import type { ProviderDeps } from '../provider-factory.js';

/**
 * A provider for Azure OpenAI. The request's upstream model is the deployment name:
 * `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`, authenticated
 * with the `api-key` header. The wire format is OpenAI's, so parsing is shared with the openai provider.
 */
export function createAzureOpenAIProvider(id: string, config: ProviderConfigOf<'azure-openai'>, deps: ProviderDeps): Provider {
  const base = new URL(config.endpoint);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/openai/deployments`;
  const query = `?api-version=${encodeURIComponent(config.apiVersion)}`;
  const client = new UpstreamClient({
    providerId: id,
    baseUrl: base.href,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    headers: { 'api-key': deps.resolveSecret(config.apiKey) },
  });
  return createOpenAIWireProvider({
    id,
    type: 'azure-openai',
    client,
    passthrough: config.passthroughFields,
    // The deployment comes from gateway config, but it is still a path segment: keep `/` and `?` out of it.
    chatPath: (deployment) => `/${encodeURIComponent(deployment)}/chat/completions${query}`,
    embeddingsPath: (deployment) => `/${encodeURIComponent(deployment)}/embeddings${query}`,
  });
}
