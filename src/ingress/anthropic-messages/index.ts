import type { ChatResult } from '../../core/chat-types.js';
import type { IngressApi } from '../contract.js';
import { anthropicErrorBody, messageFromResult } from './answer.js';
import { MessagesEncoder } from './stream.js';

export { chatFromMessages } from './request.js';

/** POST /v1/messages: Anthropic's Messages API, over the internal chat exchange. */
export const ANTHROPIC_MESSAGES: IngressApi = {
  name: 'anthropic.messages',
  errorBody: anthropicErrorBody,
  answer: (body) => messageFromResult(body as ChatResult),
  encoder: (request, fallbackId) => new MessagesEncoder(`msg_${fallbackId}`, request.model),
};
