import type { ChatRequest } from '../core/chat-types.js';
import type { ExchangeRequest } from '../core/exchange.js';

/**
 * Plants a profile's canary token in every system and developer message of a chat request, as an HTML
 * comment models pass over. If the token later shows up in an answer, the model disclosed its system
 * prompt (the output canary detector refuses it). Requests without a system prompt are left alone: there
 * is nothing to leak. Returns how many messages were marked.
 */
export function plantCanary(request: ExchangeRequest, token: string): number {
  if (request.operation !== 'chat') return 0;
  const marker = `<!-- ${token} -->`;
  let planted = 0;
  for (const message of (request.body as ChatRequest).messages) {
    if (message.role !== 'system' && message.role !== 'developer') continue;
    if (typeof message.content === 'string') {
      message.content = message.content.length > 0 ? `${message.content}\n${marker}` : marker;
      planted++;
    } else if (Array.isArray(message.content)) {
      message.content.push({ type: 'text', text: marker });
      planted++;
    }
  }
  return planted;
}
