import type { ChatRequest, ToolChoice } from '../../core/chat-types.js';
import { translateMessages, untranslatable } from './messages.js';
import type { AnthropicRequest, AnthropicTool, AnthropicToolChoice } from './wire.js';

/**
 * The synthetic tool that carries `response_format: json_schema`. Anthropic's Messages API has no
 * schema-constrained text output, but a forced tool call's input is validated against its input_schema,
 * so the answer is asked for as that tool's input and handed back to the client as message content.
 */
export const STRUCTURED_OUTPUT_TOOL = 'structured_output';

const STRUCTURED_OUTPUT_DESCRIPTION = 'Give your final answer by calling this tool; its input is the answer.';
const JSON_OBJECT_INSTRUCTION = 'Answer with a single JSON object and nothing else: no prose before or after it, no code fences.';

export interface TranslatedRequest {
  body: AnthropicRequest;
  /** Name of the synthetic structured-output tool whose input is the answer, when one was added. */
  structuredTool: string | undefined;
}

/**
 * Translates an OpenAI chat-completions request into a Messages API body. Fields Anthropic has no
 * equivalent for (seed, penalties, logprobs, unknown extras) are dropped; Anthropic would reject unknown
 * fields. Values are passed on as given (temperature above 1 included), so Anthropic's own validation
 * answers for them. Throws ProviderError('upstream_rejected_request') for what cannot be expressed.
 */
export function toAnthropicRequest(request: ChatRequest, defaultMaxTokens: number, stream: boolean): TranslatedRequest {
  if (request.n != null && request.n !== 1) throw untranslatable('n other than 1 is not supported by this provider');
  const translated = translateMessages(request.messages);
  const body: AnthropicRequest = {
    model: request.model,
    messages: translated.messages,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
  };
  let system = translated.system;
  if (request.response_format?.type === 'json_object') system = system === undefined ? JSON_OBJECT_INSTRUCTION : `${system}\n\n${JSON_OBJECT_INSTRUCTION}`;
  if (system !== undefined) body.system = system;
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.stop != null) body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.user) body.metadata = { user_id: request.user };
  if (stream) body.stream = true;
  return { body, structuredTool: applyTools(body, request) };
}

/** Sets `tools` and `tool_choice`; returns the structured-output tool name when one was added. */
function applyTools(body: AnthropicRequest, request: ChatRequest): string | undefined {
  const tools: AnthropicTool[] = [];
  if (request.tools) {
    for (const tool of request.tools) {
      const fn = tool.function;
      const translated: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { type: 'object', properties: {} } };
      if (fn.description) translated.description = fn.description;
      tools.push(translated);
    }
  }
  let choice = toolChoiceOf(request.tool_choice);
  let structuredTool: string | undefined;
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    if (tools.some((tool) => tool.name === STRUCTURED_OUTPUT_TOOL)) {
      throw untranslatable(`a tool named "${STRUCTURED_OUTPUT_TOOL}" cannot be combined with response_format json_schema on this provider`);
    }
    const schema = format.json_schema;
    tools.push({
      name: STRUCTURED_OUTPUT_TOOL,
      description: schema.description ?? STRUCTURED_OUTPUT_DESCRIPTION,
      input_schema: schema.schema ?? { type: 'object' },
    });
    structuredTool = STRUCTURED_OUTPUT_TOOL;
    choice = structuredChoice(choice, tools.length > 1);
  }
  if (tools.length === 0) return undefined;
  body.tools = tools;
  if (request.parallel_tool_calls === false) {
    choice ??= { type: 'auto' };
    if (choice.type !== 'none') choice.disable_parallel_tool_use = true;
  }
  if (choice) body.tool_choice = choice;
  return structuredTool;
}

function toolChoiceOf(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name };
}

/**
 * With the synthetic tool alone, it is forced, once. Alongside client tools, `any` lets the model either
 * call one of them or answer through the synthetic tool, which is what OpenAI allows; a client's choice
 * of one named tool still wins.
 */
function structuredChoice(choice: AnthropicToolChoice | undefined, hasClientTools: boolean): AnthropicToolChoice {
  if (hasClientTools && choice?.type === 'tool') return choice;
  if (hasClientTools && choice?.type !== 'none') return { type: 'any' };
  return { type: 'tool', name: STRUCTURED_OUTPUT_TOOL, disable_parallel_tool_use: true };
}
