import type { ChatMessage, ChatRequest, ContentPart, ToolCall, ToolChoice } from '../../core/chat-types.js';
import { translateRequest, unsupported, type ValidatedChatRequest } from '../validation.js';
import {
  type CountTokensRequest,
  countTokensRequestSchema,
  type MessagesBlock,
  type MessagesRequest,
  messagesRequestSchema,
  UNSUPPORTED_MESSAGE_PARAMS,
} from './schema.js';

type Block<T extends string> = Extract<MessagesBlock, { type: T }>;

/**
 * Validates a Messages API body and translates it into the internal chat request every stage reads:
 * the system prompt becomes a system message, each user turn's tool results become tool messages (before
 * the rest of the turn, which is where the model reads them), an assistant turn's tool_use blocks become
 * tool_calls. Throws a typed 400 naming the parameter for anything malformed or not carried.
 */
export function chatFromMessages(body: unknown): ValidatedChatRequest {
  return translateRequest(messagesRequestSchema, body, UNSUPPORTED_MESSAGE_PARAMS, (request) => ({ chat: toChat(request) })).chat;
}

/** The body of POST /v1/messages/count_tokens: the same conversation, without the answer's own parameters. */
export function chatForTokenCount(body: unknown): ValidatedChatRequest {
  return translateRequest(countTokensRequestSchema, body, UNSUPPORTED_MESSAGE_PARAMS, (request) => ({ chat: toChat(request) })).chat;
}

function toChat(request: CountTokensRequest & Partial<MessagesRequest>): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: typeof request.system === 'string' ? request.system : joinText(request.system) });
  request.messages.forEach((turn, i) => {
    if (typeof turn.content === 'string') messages.push({ role: turn.role, content: turn.content });
    else if (turn.role === 'user') pushUserTurn(messages, turn.content, i);
    else messages.push(assistantTurn(turn.content, i));
  });
  const chat: ChatRequest = { model: request.model, messages };
  if (request.max_tokens !== undefined) chat.max_tokens = request.max_tokens;
  if (request.stream === true) chat.stream = true;
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences !== undefined) chat.stop = request.stop_sequences;
  if (typeof request.metadata?.user_id === 'string' && request.metadata.user_id !== '') chat.user = request.metadata.user_id;
  applyTools(chat, request);
  return chat;
}

function pushUserTurn(messages: ChatMessage[], blocks: MessagesBlock[], turn: number): void {
  const parts: ContentPart[] = [];
  blocks.forEach((block, j) => {
    if (block.type === 'tool_result') messages.push(toolMessage(block as Block<'tool_result'>));
    else if (block.type === 'text' || block.type === 'image') parts.push(partOf(block as Block<'text' | 'image'>));
    else throw unsupported(`messages[${turn}].content[${j}]`, `A user turn cannot carry a '${block.type}' block.`);
  });
  if (parts.length > 0) messages.push({ role: 'user', content: parts });
}

function toolMessage(block: Block<'tool_result'>): ChatMessage {
  const content = block.content === undefined ? '' : typeof block.content === 'string' ? block.content : block.content.map(partOf);
  return { role: 'tool', tool_call_id: block.tool_use_id, content };
}

function assistantTurn(blocks: MessagesBlock[], turn: number): ChatMessage {
  let text = '';
  const calls: ToolCall[] = [];
  blocks.forEach((block, j) => {
    if (block.type === 'text') text += (block as Block<'text'>).text;
    else if (block.type === 'tool_use') {
      const use = block as Block<'tool_use'>;
      calls.push({ id: use.id, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input) } });
    } else throw unsupported(`messages[${turn}].content[${j}]`, `An assistant turn cannot carry a '${block.type}' block.`);
  });
  const message: ChatMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function partOf(block: Block<'text' | 'image'>): ContentPart {
  if (block.type === 'text') return { type: 'text', text: (block as Block<'text'>).text };
  const source = (block as Block<'image'>).source;
  const url = source.type === 'url' ? source.url : `data:${source.media_type};base64,${source.data}`;
  return { type: 'image_url', image_url: { url } };
}

function joinText(blocks: ReadonlyArray<{ text: string }>): string {
  return blocks.map((block) => block.text).join('\n');
}

function applyTools(chat: ChatRequest, request: Pick<MessagesRequest, 'tools' | 'tool_choice'>): void {
  if (request.tools !== undefined && request.tools.length > 0) {
    chat.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, parameters: tool.input_schema, ...(tool.description === undefined ? {} : { description: tool.description }) },
    }));
  }
  const choice = request.tool_choice;
  if (choice === undefined) return;
  chat.tool_choice = toolChoiceOf(choice);
  if (choice.type !== 'none' && choice.disable_parallel_tool_use === true) chat.parallel_tool_calls = false;
}

function toolChoiceOf(choice: NonNullable<MessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}
