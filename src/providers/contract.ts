import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult } from '../core/chat-types.js';
import type { StreamPart } from '../core/stream-parts.js';

/**
 * The narrow contract every provider implements. `request.model` is already the upstream model id
 * (or Azure deployment name); the gateway never lets a client choose hosts or keys.
 *
 * Failures are thrown as ProviderError (see ./errors.ts), decided once, where they happen.
 * `signal` aborts when the client disconnects or the gateway gives up; the upstream call must stop, and the
 * pending call or stream rejects with `signal.reason` itself. test/contract/provider-contract.ts checks every
 * adapter against this contract.
 */
export interface Provider {
  readonly id: string;
  readonly type: ProviderType;
  generate(request: ChatRequest, call: ProviderCall): Promise<ChatResult>;
  stream(request: ChatRequest, call: ProviderCall): AsyncIterable<StreamPart>;
  /** Absent when the provider has no embeddings API (Anthropic). */
  embed?(request: EmbeddingsRequest, call: ProviderCall): Promise<EmbeddingsResult>;
  close(): Promise<void>;
}

export type ProviderType = 'openai' | 'azure-openai' | 'anthropic' | 'mock';

export interface ProviderCall {
  signal: AbortSignal;
  /** Gateway request id, forwarded upstream as `x-request-id` for correlation. */
  requestId: string;
}
