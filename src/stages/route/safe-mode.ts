import type { ChatResult } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import type { StreamPart } from '../../core/stream-parts.js';

/**
 * The model's deterministic safe-mode answer, sent when no deployment could serve: never an upstream
 * answer, so it costs nothing and uses no tokens. The server records it as `safe_mode_response`.
 */
export function safeModeResult(exchange: Exchange, text: string): ChatResult {
  exchange.safeMode = true;
  return {
    id: `chatcmpl-${exchange.id}`,
    object: 'chat.completion',
    created: Math.floor(exchange.startedAt / 1000),
    model: exchange.request.body.model as string,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** The safe-mode answer as stream parts, in the order every provider yields them. */
export function* safeModeParts(exchange: Exchange, text: string): Generator<StreamPart> {
  exchange.safeMode = true;
  yield { type: 'start', id: `chatcmpl-${exchange.id}`, model: exchange.request.body.model as string, created: Math.floor(exchange.startedAt / 1000) };
  yield { type: 'text-delta', choice: 0, text };
  yield { type: 'finish', choice: 0, finishReason: 'stop' };
  yield { type: 'usage', usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } };
}
