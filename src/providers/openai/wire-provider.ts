import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider, ProviderCall, ProviderType } from '../contract.js';
import type { UpstreamClient } from '../http/upstream-client.js';
import { chatStreamParts } from './chat-stream.js';
import { parseChatResult } from './chat-result.js';
import { parseEmbeddingsResult } from './embeddings-result.js';
import type { PassthroughFields } from './passthrough.js';

export interface OpenAIWireOptions {
  id: string;
  type: ProviderType;
  /** Holds the base URL and the auth headers of this upstream. */
  client: UpstreamClient;
  /** Path, relative to the client's base URL, of the chat-completions endpoint serving `model`. */
  chatPath(model: string): string;
  /** Same, for the embeddings endpoint. */
  embeddingsPath(model: string): string;
  /** Fields of non-streamed answers kept beyond the known ones (`providers.<id>.passthroughFields`). */
  passthrough?: PassthroughFields | undefined;
}

/**
 * A provider for any upstream that speaks the OpenAI chat-completions wire format. OpenAI and
 * Azure OpenAI differ only in URLs and auth headers, which `options` carries.
 */
export function createOpenAIWireProvider(options: OpenAIWireOptions): Provider {
  const { id, client, passthrough } = options;

  async function generate(request: ChatRequest, call: ProviderCall): Promise<ChatResult> {
    const body = await client.postJson(options.chatPath(request.model), nonStreamingBody(request), call);
    return parseChatResult(body, id, request.model, passthrough);
  }

  function stream(request: ChatRequest, call: ProviderCall): AsyncIterable<StreamPart> {
    const events = client.postSse(options.chatPath(request.model), streamingBody(request), call);
    return chatStreamParts(events, { providerId: id, model: request.model, signal: call.signal });
  }

  async function embed(request: EmbeddingsRequest, call: ProviderCall): Promise<EmbeddingsResult> {
    const body = await client.postJson(options.embeddingsPath(request.model), request, call);
    return parseEmbeddingsResult(body, id, request.model);
  }

  function close(): Promise<void> {
    return client.close();
  }

  return { id, type: options.type, generate, stream, embed, close };
}

/** OpenAI rejects `stream_options` on a non-streamed request (400), so it is dropped. */
function nonStreamingBody(request: ChatRequest): ChatRequest {
  const { stream_options: _dropped, ...body } = request;
  body.stream = false;
  return body;
}

/** Usage is always requested: the gateway records it, and drops the usage chunk for clients that did not ask. */
function streamingBody(request: ChatRequest): ChatRequest {
  return { ...request, stream: true, stream_options: { ...request.stream_options, include_usage: true } };
}
