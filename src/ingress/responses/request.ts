import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolChoice } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import { translateRequest, unsupported, type ValidatedChatRequest } from '../validation.js';
import { type ResponsesItem, type ResponsesRequest, responsesRequestSchema, UNSUPPORTED_RESPONSE_PARAMS, withItemTypes } from './schema.js';

type Item<T extends string> = Extract<ResponsesItem, { type: T }>;

/** What a Responses answer repeats of its request (the API echoes its parameters in the response object). */
export interface ResponsesEcho {
  instructions: string | null;
  metadata: Record<string, string>;
  tools: NonNullable<ResponsesRequest['tools']>;
  tool_choice: NonNullable<ResponsesRequest['tool_choice']>;
  parallel_tool_calls: boolean;
  text: { format: NonNullable<NonNullable<ResponsesRequest['text']>['format']> };
  max_output_tokens: number | null;
  temperature: number | null;
  top_p: number | null;
  user?: string;
}

/**
 * Validates a Responses API body and translates it into the internal chat request: `instructions` become
 * the system message, message items messages, consecutive function_call items one assistant turn's
 * tool_calls, function_call_output items tool messages, `text.format` the response_format. Throws a typed
 * 400 naming the parameter for anything malformed or not carried (previous_response_id included: the gateway
 * keeps no responses).
 */
export function chatFromResponses(body: unknown): { chat: ValidatedChatRequest; echo: ResponsesEcho } {
  if (typeof body === 'object' && body !== null && 'previous_response_id' in body && (body as { previous_response_id: unknown }).previous_response_id != null) {
    throw new GatewayError('response_not_stored', 'This gateway does not store responses, so it cannot continue one: send the whole conversation as input.', {
      param: 'previous_response_id',
    });
  }
  return translateRequest(responsesRequestSchema, withItemTypes(body), UNSUPPORTED_RESPONSE_PARAMS, (request) => ({
    chat: chatOf(request),
    echo: echoOf(request),
  }));
}

function chatOf(request: ResponsesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.instructions != null) messages.push({ role: 'system', content: request.instructions });
  if (typeof request.input === 'string') messages.push({ role: 'user', content: request.input });
  else for (const [i, item] of request.input.entries()) pushItem(messages, item, i);
  const chat: ChatRequest = { model: request.model, messages };
  if (request.max_output_tokens != null) chat.max_completion_tokens = request.max_output_tokens;
  if (request.stream === true) chat.stream = true;
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  if (request.user !== undefined && request.user !== '') chat.user = request.user;
  if (request.parallel_tool_calls != null) chat.parallel_tool_calls = request.parallel_tool_calls;
  if (request.tools !== undefined && request.tools.length > 0) chat.tools = request.tools.map(toolOf);
  if (request.tool_choice !== undefined) chat.tool_choice = toolChoiceOf(request.tool_choice);
  const format = request.text?.format;
  if (format !== undefined && format.type !== 'text') chat.response_format = responseFormatOf(format);
  return chat;
}

function pushItem(messages: ChatMessage[], item: ResponsesItem, index: number): void {
  switch (item.type) {
    case 'message':
      messages.push(messageOf(item as Item<'message'>, index));
      return;
    case 'function_call': {
      const call = item as Item<'function_call'>;
      const last = messages.at(-1);
      // Calls made in one model turn arrive as consecutive items: they become one assistant turn's tool_calls.
      const turn = last?.role === 'assistant' && last.tool_calls !== undefined ? last : { role: 'assistant' as const, content: null, tool_calls: [] };
      if (turn !== last) messages.push(turn);
      turn.tool_calls?.push({ id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments } });
      return;
    }
    case 'function_call_output': {
      const output = item as Item<'function_call_output'>;
      messages.push({ role: 'tool', tool_call_id: output.call_id, content: typeof output.output === 'string' ? output.output : output.output.map(partOf) });
      return;
    }
  }
}

function messageOf(item: Item<'message'>, index: number): ChatMessage {
  if (typeof item.content === 'string') return { role: item.role, content: item.content };
  if (item.role === 'assistant') {
    // Chat completions has no image in an assistant turn: refused rather than dropped.
    const image = item.content.findIndex((p) => p.type === 'input_image');
    if (image >= 0) throw unsupported(`input[${index}].content[${image}]`, 'An assistant message cannot carry an input_image part.');
    const text = item.content.map((p) => (p.type === 'refusal' ? p.refusal : p.type === 'input_image' ? '' : p.text)).join('');
    return { role: 'assistant', content: text };
  }
  return { role: item.role, content: item.content.map(partOf) };
}

function partOf(part: Exclude<Item<'message'>['content'], string>[number]): ContentPart {
  switch (part.type) {
    case 'input_image':
      return { type: 'image_url', image_url: { url: part.image_url, ...(part.detail === undefined ? {} : { detail: part.detail }) } };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    default:
      return { type: 'text', text: part.text };
  }
}

function toolOf(tool: NonNullable<ResponsesRequest['tools']>[number]): NonNullable<ChatRequest['tools']>[number] {
  const fn: NonNullable<ChatRequest['tools']>[number]['function'] = { name: tool.name };
  if (tool.description != null) fn.description = tool.description;
  if (tool.parameters != null) fn.parameters = tool.parameters;
  if (tool.strict != null) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function toolChoiceOf(choice: NonNullable<ResponsesRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function responseFormatOf(format: NonNullable<NonNullable<ResponsesRequest['text']>['format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema: Extract<ResponseFormat, { type: 'json_schema' }>['json_schema'] = { name: format.name, schema: format.schema };
  if (format.description !== undefined) schema.description = format.description;
  if (format.strict != null) schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}

function echoOf(request: ResponsesRequest): ResponsesEcho {
  const echo: ResponsesEcho = {
    instructions: request.instructions ?? null,
    metadata: request.metadata ?? {},
    tools: request.tools ?? [],
    tool_choice: request.tool_choice ?? 'auto',
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: { format: request.text?.format ?? { type: 'text' } },
    max_output_tokens: request.max_output_tokens ?? null,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
  };
  if (request.user !== undefined) echo.user = request.user;
  return echo;
}
