import type { ChatRequest } from '../core/chat-types.js';
import { errorBody } from '../core/errors.js';
import type { IngressApi, StreamEncoder } from '../ingress/contract.js';
import { ANTHROPIC_MESSAGES } from '../ingress/anthropic-messages/index.js';
import { OPENAI_RESPONSES } from '../ingress/responses/index.js';
import { ChunkEncoder, DONE_EVENT, errorEvent } from './sse-writer.js';

/** OpenAI chat completions (and every other /v1 operation): the internal shape itself, sent as is. */
export const OPENAI_CHAT: IngressApi = {
  name: 'openai.chat',
  errorBody,
  answer: (body) => body,
  encoder(request: ChatRequest, fallbackId: string): StreamEncoder {
    const includeUsage = request.stream_options?.include_usage === true;
    const chunks = new ChunkEncoder(`chatcmpl-${fallbackId}`, request.model);
    return {
      encode: (part) => chunks.encode(part, includeUsage),
      end: () => DONE_EVENT,
      fail: (reason, message, approval) => errorEvent(errorBody(reason, message, null, approval)) + DONE_EVENT,
    };
  },
};

/**
 * The API a request path speaks, so every answer on it, the router's and the body parser's refusals
 * included, comes in that API's shape. Two prefix checks: this runs on every refusal.
 */
export function apiOfPath(url: string): IngressApi {
  if (url.startsWith('/v1/messages')) return ANTHROPIC_MESSAGES;
  if (url.startsWith('/v1/responses')) return OPENAI_RESPONSES;
  return OPENAI_CHAT;
}
