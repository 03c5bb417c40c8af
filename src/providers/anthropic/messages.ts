import type { ChatMessage, ContentPart } from '../../core/chat-types.js';
import { ProviderError } from '../errors.js';
import type { AnthropicContentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicToolUseBlock } from './wire.js';

/**
 * A request this provider cannot express faithfully is refused the way Anthropic refuses an invalid
 * request (400, not retryable), with a message the client can act on. Guessing instead (dropping a part,
 * wrapping broken tool arguments) would change what the model sees without anyone knowing.
 */
export function untranslatable(detail: string): ProviderError {
  return new ProviderError('upstream_rejected_request', `request cannot be translated for Anthropic: ${detail}`, { clientMessage: detail, isRetryable: false });
}

/**
 * Splits OpenAI chat messages into Anthropic's top-level system prompt and its user/assistant turns.
 * System and developer messages are hoisted into `system` wherever they appear (Anthropic has no
 * mid-conversation system turn); `tool` messages become `tool_result` blocks of a user turn; consecutive
 * turns of the same role are merged, since Anthropic expects roles to alternate.
 */
export function translateMessages(messages: ChatMessage[]): { system: string | undefined; messages: AnthropicMessage[] } {
  let system: string | undefined;
  const turns: AnthropicMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as ChatMessage;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = plainText(message.content, i);
        if (text !== '') system = system === undefined ? text : `${system}\n\n${text}`;
        break;
      }
      case 'user':
        appendTurn(turns, 'user', userBlocks(message.content, i));
        break;
      case 'assistant':
        appendTurn(turns, 'assistant', assistantBlocks(message, i));
        break;
      case 'tool': {
        if (!message.tool_call_id) throw untranslatable(`messages[${i}]: a tool message needs tool_call_id`);
        appendTurn(turns, 'user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: plainText(message.content, i) }]);
        break;
      }
      default:
        throw untranslatable(`messages[${i}]: role "${message.role}" is not supported by this provider (use tool messages instead of function messages)`);
    }
  }
  return { system, messages: turns };
}

function appendTurn(turns: AnthropicMessage[], role: AnthropicMessage['role'], blocks: AnthropicContentBlock[]): void {
  // Anthropic rejects empty turns; an empty message simply contributes nothing.
  if (blocks.length === 0) return;
  const last = turns[turns.length - 1];
  if (last !== undefined && last.role === role) {
    for (const block of blocks) last.content.push(block);
    return;
  }
  turns.push({ role, content: blocks });
}

/** Text of a message that may only hold text (system, developer, tool). */
function plainText(content: ChatMessage['content'], i: number): string {
  if (typeof content === 'string') return content;
  if (content == null) return '';
  let text = '';
  for (const part of content) {
    if (part.type !== 'text') throw untranslatable(`messages[${i}]: only text content is supported in this message role, got "${part.type}"`);
    text += (part as { text: string }).text;
  }
  return text;
}

function userBlocks(content: ChatMessage['content'], i: number): AnthropicContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (content == null) return [];
  const blocks: AnthropicContentBlock[] = [];
  for (let p = 0; p < content.length; p++) {
    const part = content[p] as ContentPart;
    if (part.type === 'text') {
      const text = (part as { text: string }).text;
      if (text !== '') blocks.push({ type: 'text', text });
    } else if (part.type === 'image_url') {
      blocks.push(imageBlock((part as { image_url: { url: string } }).image_url.url, `messages[${i}].content[${p}]`));
    } else {
      throw untranslatable(`messages[${i}].content[${p}]: content part "${part.type}" is not supported by this provider`);
    }
  }
  return blocks;
}

function imageBlock(url: string, where: string): AnthropicImageBlock {
  if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { type: 'url', url } };
  if (url.startsWith('data:')) {
    // data:<media type>[;param]*;base64,<data> (RFC 2397); Anthropic only takes base64 payloads.
    const comma = url.indexOf(',');
    const header = comma < 0 ? '' : url.slice(5, comma);
    if (header.endsWith(';base64')) {
      const semicolon = header.indexOf(';');
      return { type: 'image', source: { type: 'base64', media_type: header.slice(0, semicolon), data: url.slice(comma + 1) } };
    }
    throw untranslatable(`${where}: image data URLs must be base64-encoded`);
  }
  throw untranslatable(`${where}: image URLs must be http(s) or base64 data URLs`);
}

function assistantBlocks(message: ChatMessage, i: number): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ type: 'text', text: content });
  } else if (content != null) {
    for (const part of content) {
      // An earlier refusal is part of what the assistant said; Anthropic has no separate field for it.
      const text =
        part.type === 'text' ? (part as { text: string }).text : part.type === 'refusal' ? String((part as Record<string, unknown>).refusal ?? '') : undefined;
      if (text === undefined) throw untranslatable(`messages[${i}]: assistant content part "${part.type}" is not supported by this provider`);
      if (text !== '') blocks.push({ type: 'text', text });
    }
  }
  const calls = message.tool_calls;
  if (calls) {
    for (let c = 0; c < calls.length; c++) {
      const call = calls[c] as NonNullable<ChatMessage['tool_calls']>[number];
      blocks.push(toolUseBlock(call.id, call.function.name, call.function.arguments, `messages[${i}].tool_calls[${c}]`));
    }
  }
  return blocks;
}

function toolUseBlock(id: string, name: string, args: string, where: string): AnthropicToolUseBlock {
  // Some clients send "" for a call without arguments; it means the same as "{}".
  if (args.trim() === '') return { type: 'tool_use', id, name, input: {} };
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    throw untranslatable(`${where}.function.arguments is not valid JSON; Anthropic needs tool call arguments as a JSON object`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw untranslatable(`${where}.function.arguments must be a JSON object for Anthropic`);
  }
  return { type: 'tool_use', id, name, input: input as Record<string, unknown> };
}
