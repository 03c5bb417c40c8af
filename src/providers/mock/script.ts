import type { MockBehaviour } from '../../config/schema.js';
import { mockBehaviourSchema } from '../../config/schema-models.js';
import type { ChatMessage, ChatRequest, ToolCall } from '../../core/chat-types.js';
import { errorFromStatus } from '../errors.js';
import { sampleFromSchema } from './schema-sample.js';

const DIRECTIVE = /^#mock\s+(\{.*\})\s*$/m;

/** What the mock will answer for one request: text or tool calls, or an error, after a delay. */
export interface MockAnswer {
  text: string | null;
  toolCalls: ToolCall[];
  latencyMs: number | undefined;
}

/**
 * Decides the mock's answer. Precedence: a `#mock {json}` directive in the last user message (when
 * directives are enabled), then the model's configured behaviour, then the defaults:
 * a tool result is acknowledged, a forced or required tool is called with schema-valid arguments,
 * a json_schema response format gets a schema-valid object, anything else is echoed.
 */
export function planAnswer(request: ChatRequest, configured: MockBehaviour | undefined, directives: boolean, requestId: string): MockAnswer {
  const last = request.messages[request.messages.length - 1];
  const behaviour = (directives && last ? directiveOf(last) : undefined) ?? configured ?? {};
  if (behaviour.error) {
    throw errorFromStatus('mock', behaviour.error.status, behaviour.error.retryAfter, behaviour.error.message);
  }
  const latencyMs = behaviour.latencyMs;
  if (behaviour.toolCalls) {
    return { text: null, toolCalls: behaviour.toolCalls.map((c, i) => toolCall(requestId, i, c.name, c.arguments)), latencyMs };
  }
  if (behaviour.text !== undefined) return { text: behaviour.text, toolCalls: [], latencyMs };
  if (last?.role === 'tool') return { text: `Tool result received: ${textOf(last)}`, toolCalls: [], latencyMs };
  const forced = forcedTool(request);
  if (forced) return { text: null, toolCalls: [toolCall(requestId, 0, forced.name, sampleFromSchema(forced.parameters ?? { type: 'object' }))], latencyMs };
  const format = request.response_format;
  if (format?.type === 'json_schema')
    return { text: JSON.stringify(sampleFromSchema(format.json_schema.schema ?? { type: 'object' })), toolCalls: [], latencyMs };
  if (format?.type === 'json_object') return { text: JSON.stringify({ echo: last ? textOf(last) : '' }), toolCalls: [], latencyMs };
  return { text: last ? textOf(last) : '', toolCalls: [], latencyMs };
}

/** Plain text of a message: string content, or its text parts joined. */
export function textOf(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') out += part.text;
  return out;
}

function directiveOf(message: ChatMessage): MockBehaviour | undefined {
  if (message.role !== 'user') return undefined;
  const match = DIRECTIVE.exec(textOf(message));
  if (!match) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[1] as string);
  } catch {
    return undefined;
  }
  const result = mockBehaviourSchema.safeParse(parsed);
  return result.success ? result.data : undefined;
}

function forcedTool(request: ChatRequest): { name: string; parameters?: Record<string, unknown> } | undefined {
  const tools = request.tools;
  if (!tools || tools.length === 0) return undefined;
  const choice = request.tool_choice;
  if (typeof choice === 'object') return tools.find((t) => t.function.name === choice.function.name)?.function;
  if (choice === 'required') return tools[0]?.function;
  return undefined;
}

function toolCall(requestId: string, index: number, name: string, args: unknown): ToolCall {
  return { id: `call_${requestId.replace(/-/g, '').slice(0, 16)}_${index}`, type: 'function', function: { name, arguments: JSON.stringify(args ?? {}) } };
}
