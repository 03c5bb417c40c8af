import type { ChatResult } from '../../core/chat-types.js';
import { finishReasonOf, isIndex, isRecord, isTimestamp, malformed, nowSeconds, syntheticId, usageOf } from './wire-checks.js';

/**
 * Checks that a parsed upstream answer is a chat completion and fills the optional fields that
 * OpenAI-compatible servers leave out. The object is normalised in place: it was freshly parsed
 * for this call, and copying a large completion would cost more than the check itself.
 * Throws ProviderError('upstream_bad_response') when the shape is wrong.
 */
export function parseChatResult(body: unknown, providerId: string, requestedModel: string): ChatResult {
  if (!isRecord(body) || !Array.isArray(body.choices)) throw malformed(providerId, 'a chat completion without a choices array');
  const choices: unknown[] = body.choices;
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i];
    if (!isRecord(choice) || !isRecord(choice.message)) throw malformed(providerId, 'a choice without a message');
    normaliseMessage(choice.message, providerId);
    if (!isIndex(choice.index)) choice.index = i;
    choice.finish_reason = choice.finish_reason == null ? null : finishReasonOf(choice.finish_reason);
  }
  if (typeof body.id !== 'string') body.id = syntheticId('chatcmpl-');
  body.object = 'chat.completion';
  if (!isTimestamp(body.created)) body.created = nowSeconds();
  if (typeof body.model !== 'string') body.model = requestedModel;
  // ChatResult.usage is absent or complete, never null
  if (body.usage !== undefined) body.usage = usageOf(body.usage);
  return body as unknown as ChatResult;
}

function normaliseMessage(message: Record<string, unknown>, providerId: string): void {
  message.role = 'assistant';
  const content = message.content;
  if (content === undefined) message.content = null;
  else if (content !== null && typeof content !== 'string') throw malformed(providerId, 'a message whose content is not text');
  const toolCalls = message.tool_calls;
  if (toolCalls == null) {
    if (toolCalls === null) message.tool_calls = undefined;
    return;
  }
  if (!Array.isArray(toolCalls)) throw malformed(providerId, 'tool_calls that is not an array');
  for (const call of toolCalls) {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') {
      throw malformed(providerId, 'a tool call without a function name');
    }
    if (typeof call.id !== 'string') call.id = syntheticId('call_');
    call.type = 'function';
    const args = call.function.arguments;
    // Some servers (older Ollama) send arguments as an object; OpenAI clients expect a JSON string.
    if (typeof args !== 'string') call.function.arguments = args == null ? '{}' : JSON.stringify(args);
  }
}
