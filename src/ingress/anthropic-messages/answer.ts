import type { ApprovalRef } from '../../core/errors.js';
import type { ChatResult, FinishReason, Usage } from '../../core/chat-types.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import type { AnthropicTextBlock, AnthropicToolUseBlock } from '../../providers/anthropic/wire.js';

/** Anthropic's stop_reason for the internal finish reason. */
export function stopReasonOf(finish: FinishReason | null | undefined): string {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function usageOf(usage: Usage | null | undefined): { input_tokens: number; output_tokens: number } {
  return { input_tokens: usage?.prompt_tokens ?? 0, output_tokens: usage?.completion_tokens ?? 0 };
}

/**
 * The Messages API answer for a chat completion (after the output guardrails, so restored values and
 * redactions are already in it): text, then tool_use blocks. Arguments that are not a JSON object (a
 * provider may send anything) are carried as `{ "arguments": "<text>" }`, never dropped.
 */
export function messageFromResult(result: ChatResult): Record<string, unknown> {
  const choice = result.choices[0];
  const content: Array<AnthropicTextBlock | AnthropicToolUseBlock> = [];
  const text = (choice?.message.content ?? '') + (choice?.message.refusal ?? '');
  if (text !== '') content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInputOf(call.function.arguments) });
  }
  return {
    id: result.id,
    type: 'message',
    role: 'assistant',
    model: result.model,
    content,
    stop_reason: stopReasonOf(choice?.finish_reason),
    stop_sequence: null,
    usage: usageOf(result.usage),
  };
}

export function toolInputOf(args: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(args === '' ? '{}' : args);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch {
    // Not JSON: carried as text below.
  }
  return { arguments: args };
}

/** Anthropic's error type for a status (https://docs.anthropic.com/en/api/errors). */
function errorTypeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/**
 * Anthropic's error shape, `{type: 'error', error: {type, message}}`, with our reason code as
 * `error.code` (the field the OpenAI shape uses for it) and the offending parameter as `error.param`.
 * 5xx messages are the catalogue's summary, never an internal message.
 */
export function anthropicErrorBody(
  reason: ReasonCode,
  message: string,
  param: string | null,
  approval?: ApprovalRef,
): { type: 'error'; error: Record<string, unknown>; approval?: ApprovalRef } {
  const entry = REASON_CODES[reason];
  const safe = entry.status >= 500 && reason !== 'not_ready' ? entry.summary : message;
  const error = { type: errorTypeOf(entry.status), message: safe, code: reason, ...(param === null ? {} : { param }) };
  return approval ? { type: 'error', error, approval } : { type: 'error', error };
}
