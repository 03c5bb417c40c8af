import type { ProviderConfigOf } from '../../config/schema.js';
import type { ChatRequest, ChatResult } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider, ProviderCall } from '../contract.js';
import { UpstreamClient } from '../http/upstream-client.js';
import type { ProviderDeps } from '../provider-factory.js';
import { toAnthropicRequest } from './request.js';
import { fromAnthropicResponse } from './response.js';
import { translateStream } from './stream.js';

const MESSAGES_PATH = '/v1/messages';

/**
 * The Anthropic Messages API behind the gateway's OpenAI chat-completions contract. Translation is
 * request.ts (and messages.ts), response.ts and stream.ts; transport, timeouts, cancellation and status
 * classification are the shared UpstreamClient's. Anthropic has no embeddings API, so `embed` is absent.
 */
export function createAnthropicProvider(id: string, config: ProviderConfigOf<'anthropic'>, deps: ProviderDeps): Provider {
  const client = new UpstreamClient({
    providerId: id,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    headers: { 'x-api-key': deps.resolveSecret(config.apiKey), 'anthropic-version': config.version },
  });
  const defaultMaxTokens = config.defaultMaxTokens;

  async function generateWithAnthropic(request: ChatRequest, call: ProviderCall): Promise<ChatResult> {
    const { body, structuredTool } = toAnthropicRequest(request, defaultMaxTokens, false);
    const answer = await client.postJson(MESSAGES_PATH, body, call);
    return fromAnthropicResponse(answer, structuredTool, id);
  }

  async function* streamFromAnthropic(request: ChatRequest, call: ProviderCall): AsyncGenerator<StreamPart> {
    const { body, structuredTool } = toAnthropicRequest(request, defaultMaxTokens, true);
    yield* translateStream(client.postSse(MESSAGES_PATH, body, call), id, structuredTool);
  }

  return {
    id,
    type: 'anthropic',
    generate: generateWithAnthropic,
    stream: streamFromAnthropic,
    close: () => client.close(),
  };
}
