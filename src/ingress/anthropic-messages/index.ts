import type { ChatResult } from '../../core/chat-types.js';
import type { IngressApi } from '../contract.js';
import { anthropicErrorBody, messageFromResult } from './answer.js';
import { MessagesEncoder } from './stream.js';

export { chatForTokenCount, chatFromMessages } from './request.js';

/** POST /v1/messages: Anthropic's Messages API, over the internal chat exchange. */
export const ANTHROPIC_MESSAGES: IngressApi = {
  name: 'anthropic.messages',
  errorBody: anthropicErrorBody,
  answer: (body) => messageFromResult(body as ChatResult),
  encoder: (request, fallbackId) => new MessagesEncoder(`msg_${fallbackId}`, request.model),
};

/** POST /v1/messages/count_tokens: refusals as on /v1/messages; the answer (`{input_tokens}`) is already in shape. */
export const ANTHROPIC_TOKEN_COUNT: IngressApi = { ...ANTHROPIC_MESSAGES, answer: (body) => body };
