import type { ChatResult, FinishReason, Usage } from '../../core/chat-types.js';
import type { ResponsesEcho } from './request.js';

/** One output item of a response: the assistant's message, or one function call. */
export type OutputItem =
  | {
      type: 'message';
      id: string;
      status: 'in_progress' | 'completed';
      role: 'assistant';
      content: Array<{ type: 'output_text'; text: string; annotations: []; logprobs: [] }>;
    }
  | { type: 'function_call'; id: string; status: 'in_progress' | 'completed'; call_id: string; name: string; arguments: string };

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete';

/** The Responses usage object for the internal usage. */
export function usageOf(usage: Usage | null | undefined): Record<string, unknown> {
  const input = usage?.prompt_tokens ?? 0;
  const output = usage?.completion_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage?.total_tokens ?? input + output,
  };
}

/** A response stops short (`incomplete`) when the model ran out of tokens or a content filter ended it. */
export function statusOf(finish: FinishReason | null | undefined): { status: ResponseStatus; incomplete_details: { reason: string } | null } {
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/**
 * The response object, as the plain answer and every stream lifecycle event carry it. Every field is
 * written out in one literal, the echo's in its declared order: a spread of the echo gave the object a
 * slower shape to build and to serialise, on every answer.
 */
export function responseObject(
  base: { id: string; createdAt: number; model: string; echo: ResponsesEcho },
  state: { status: ResponseStatus; incomplete_details: { reason: string } | null; output: OutputItem[]; usage: Record<string, unknown> | null },
): Record<string, unknown> {
  const echo = base.echo;
  const response: Record<string, unknown> = {
    id: base.id,
    object: 'response',
    created_at: base.createdAt,
    status: state.status,
    error: null,
    incomplete_details: state.incomplete_details,
    model: base.model,
    output: state.output,
    previous_response_id: null,
    reasoning: null,
    // The gateway keeps no response: each one says so.
    store: false,
    truncation: 'disabled',
    usage: state.usage,
    instructions: echo.instructions,
    metadata: echo.metadata,
    tools: echo.tools,
    tool_choice: echo.tool_choice,
    parallel_tool_calls: echo.parallel_tool_calls,
    text: echo.text,
    max_output_tokens: echo.max_output_tokens,
    temperature: echo.temperature,
    top_p: echo.top_p,
  };
  if (echo.user !== undefined) response.user = echo.user;
  return response;
}

/**
 * The Responses answer for a chat completion (after the output guardrails): a message item with the text
 * (and any refusal text), then one function_call item per tool call.
 */
export function responseFromResult(result: ChatResult, echo: ResponsesEcho): Record<string, unknown> {
  const choice = result.choices[0];
  const output: OutputItem[] = [];
  const text = (choice?.message.content ?? '') + (choice?.message.refusal ?? '');
  if (text !== '' || !choice?.message.tool_calls?.length) {
    output.push({
      type: 'message',
      id: `msg_${result.id}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of choice?.message.tool_calls ?? []) {
    output.push({
      type: 'function_call',
      id: `fc_${call.id}`,
      status: 'completed',
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    });
  }
  const base = { id: `resp_${result.id}`, createdAt: result.created, model: result.model, echo };
  const { status, incomplete_details } = statusOf(choice?.finish_reason);
  return responseObject(base, { status, incomplete_details, output, usage: usageOf(result.usage) });
}
