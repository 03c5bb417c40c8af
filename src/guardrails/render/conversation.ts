import type { ChatMessage, ChatRequest } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import type { DetectContext } from '../types.js';

/**
 * The request's own text, for the exfiltration detector: an answer whose URL carries text the caller, the
 * system prompt (and its canary) or a tool put in the conversation is sending that text out. Lower-cased
 * once per exchange; bounded, so a huge request costs a bounded index.
 */
export interface ConversationContext extends DetectContext {
  conversation?: string;
}

const MAX_CONVERSATION_CHARS = 256 * 1024;
const CONVERSATION = Symbol('render.conversation');

export function conversationOf(exchange: Exchange): string {
  const cached = exchange.state.get(CONVERSATION) as string | undefined;
  if (cached !== undefined) return cached;
  const messages = exchange.request.operation === 'chat' ? ((exchange.request.body as ChatRequest).messages ?? []) : [];
  const joined = conversationText(messages);
  exchange.state.set(CONVERSATION, joined);
  return joined;
}

/** The texts of these messages, lower-cased and joined, up to MAX_CONVERSATION_CHARS. */
export function conversationText(messages: readonly ChatMessage[]): string {
  const parts: string[] = [];
  let size = 0;
  for (const message of messages) {
    for (const text of messageTexts(message.content)) {
      if (size >= MAX_CONVERSATION_CHARS) break;
      parts.push(text);
      size += text.length;
    }
  }
  return parts.join('\n').slice(0, MAX_CONVERSATION_CHARS).toLowerCase();
}

function messageTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const part of content) {
    const text = (part as { text?: unknown } | null)?.text;
    if (typeof text === 'string') out.push(text);
  }
  return out;
}

/** A context with the conversation attached, for the targets of one exchange. */
export function withConversation<T extends DetectContext>(context: T, conversation: string): T & ConversationContext {
  return { ...context, conversation };
}
