import type { ChatResult, FinishReason, ToolCall, Usage } from '../../core/chat-types.js';
import { ProviderError } from '../errors.js';
import type { AnthropicResponse, AnthropicToolUseBlock, AnthropicUsage } from './wire.js';

/** OpenAI usage: cache writes and cache reads are input the model read, so they count as prompt tokens. */
export function usageOf(usage: AnthropicUsage): Usage {
  const prompt = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Translates a non-streamed Messages API answer into a chat completion. With a structured-output tool,
 * that tool's input becomes the content and text blocks are dropped: a forced tool call comes without
 * prose, and any prose would break the JSON the client asked for. Other block types (thinking, server
 * tools) have no chat-completions equivalent and are skipped.
 */
export function fromAnthropicResponse(answer: unknown, structuredTool: string | undefined, providerId: string): ChatResult {
  if (!isMessage(answer)) throw new ProviderError('upstream_bad_response', `${providerId} answered 2xx without a message object`);
  let text = '';
  let hasText = false;
  let toolCalls: ToolCall[] | undefined;
  for (const block of answer.content) {
    if (block.type === 'text' && structuredTool === undefined) {
      text += (block as { text: string }).text;
      hasText = true;
    } else if (block.type === 'tool_use') {
      const use = block as AnthropicToolUseBlock;
      const args = JSON.stringify(use.input ?? {});
      if (use.name === structuredTool) {
        text += args;
        hasText = true;
      } else {
        (toolCalls ??= []).push({ id: use.id, type: 'function', function: { name: use.name, arguments: args } });
      }
    }
  }
  const message: ChatResult['choices'][number]['message'] = { role: 'assistant', content: hasText || !toolCalls ? text : null };
  if (toolCalls) message.tool_calls = toolCalls;
  return {
    id: answer.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: answer.model,
    choices: [{ index: 0, message, finish_reason: finishOf(answer.stop_reason, toolCalls !== undefined), logprobs: null }],
    usage: usageOf(answer.usage ?? {}),
  };
}

/**
 * The OpenAI finish_reason for an Anthropic stop_reason. A tool_use stop that only called the
 * structured-output tool is, for the client, a plain answer.
 */
export function finishOf(stopReason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  const finish = finishReasonOf(stopReason);
  return finish === 'tool_calls' && !hasToolCalls ? 'stop' : finish;
}

function finishReasonOf(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, and pause_turn (a server-tool pause the client cannot resume through us)
      return 'stop';
  }
}

function isMessage(value: unknown): value is AnthropicResponse {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AnthropicResponse>;
  return typeof candidate.id === 'string' && typeof candidate.model === 'string' && Array.isArray(candidate.content);
}
