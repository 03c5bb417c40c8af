import type { AssistantAudio, AssistantMessage, ToolCall, UrlCitation } from '../../core/chat-types.js';
import { isIndex, isRecord, isTimestamp, malformed, syntheticId } from './wire-checks.js';

/**
 * The assistant message of an upstream answer, rebuilt field by field. A known optional field with the
 * wrong shape is dropped rather than refused: what is dropped cannot leak, and loosely compatible servers
 * get such details wrong. Content and tool calls, which the client cannot do without, are refused instead.
 */
export function assistantMessageOf(source: Record<string, unknown>, providerId: string): AssistantMessage {
  const content = source.content;
  if (content !== undefined && content !== null && typeof content !== 'string') throw malformed(providerId, 'a message whose content is not text');
  const message: AssistantMessage = { role: 'assistant', content: content ?? null };
  const refusal = source.refusal;
  if (typeof refusal === 'string' || refusal === null) message.refusal = refusal;
  if (source.tool_calls != null) message.tool_calls = toolCallsOf(source.tool_calls, providerId);
  const functionCall = functionCallOf(source.function_call);
  if (functionCall !== undefined) message.function_call = functionCall;
  const audio = audioOf(source.audio);
  if (audio !== undefined) message.audio = audio;
  const annotations = annotationsOf(source.annotations);
  if (annotations) message.annotations = annotations;
  const reasoningContent = source.reasoning_content;
  if (typeof reasoningContent === 'string' || reasoningContent === null) message.reasoning_content = reasoningContent;
  const reasoning = source.reasoning;
  if (typeof reasoning === 'string' || reasoning === null) message.reasoning = reasoning;
  return message;
}

function toolCallsOf(value: unknown, providerId: string): ToolCall[] {
  if (!Array.isArray(value)) throw malformed(providerId, 'tool_calls that is not an array');
  const calls: ToolCall[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const call: unknown = value[i];
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') {
      throw malformed(providerId, 'a tool call without a function name');
    }
    calls[i] = {
      id: typeof call.id === 'string' ? call.id : syntheticId('call_'),
      type: 'function',
      function: { name: call.function.name, arguments: argumentsText(call.function.arguments) },
    };
  }
  return calls;
}

/** Some servers (older Ollama) send arguments as an object; OpenAI clients expect a JSON string. */
function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '{}' : JSON.stringify(value);
}

function functionCallOf(value: unknown): AssistantMessage['function_call'] | undefined {
  if (value === null) return null;
  if (!isRecord(value) || typeof value.name !== 'string') return undefined;
  return { name: value.name, arguments: argumentsText(value.arguments) };
}

function audioOf(value: unknown): AssistantAudio | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.data !== 'string' || typeof value.transcript !== 'string') return undefined;
  return { id: value.id, data: value.data, transcript: value.transcript, expires_at: isTimestamp(value.expires_at) ? value.expires_at : 0 };
}

/** Url citations only: the one annotation type OpenAI defines. */
function annotationsOf(value: unknown): UrlCitation[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: UrlCitation[] = [];
  for (const item of value as unknown[]) {
    if (!isRecord(item) || item.type !== 'url_citation' || !isRecord(item.url_citation)) continue;
    const c = item.url_citation;
    if (typeof c.url !== 'string') continue;
    out.push({
      type: 'url_citation',
      url_citation: {
        url: c.url,
        title: typeof c.title === 'string' ? c.title : '',
        start_index: isIndex(c.start_index) ? c.start_index : 0,
        end_index: isIndex(c.end_index) ? c.end_index : 0,
      },
    });
  }
  return out;
}
