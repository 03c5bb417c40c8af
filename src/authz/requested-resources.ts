import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResult } from '../core/chat-types.js';

/** A name the request (or the model's answer) refers to, and where, in OpenAI's `param` notation. */
export interface NamedUse {
  /** null when the field holds no string: such a tool is never declared, so always refused. */
  name: string | null;
  param: string | null;
}

/** Header naming the datasets a request reads (comma-separated); mediated retrieval uses the same action. */
export const DATASETS_HEADER = 'x-gatehouse-datasets';

/**
 * Every tool a chat request names, first use of each name only: the declared `tools`, the forced
 * `tool_choice`, every assistant `tool_calls` replayed in the history, and the deprecated `functions`
 * / `function_call` fields, which validation lets through and OpenAI still honours (checking only
 * `tools` would leave a side door).
 */
export function toolsInRequest(body: ChatRequest): NamedUse[] {
  const uses = new Uses();
  body.tools?.forEach((tool, i) => {
    uses.add(tool?.function?.name, `tools[${i}].function.name`);
  });
  if (typeof body.tool_choice === 'object' && body.tool_choice !== null) uses.add(body.tool_choice.function?.name, 'tool_choice.function.name');
  if (Array.isArray(body.functions))
    body.functions.forEach((fn: unknown, i) => {
      uses.add(nameOf(fn), `functions[${i}].name`);
    });
  if (typeof body.function_call === 'object' && body.function_call !== null) uses.add(nameOf(body.function_call), 'function_call.name');
  body.messages.forEach((message, i) => {
    if (message.role !== 'assistant') return;
    message.tool_calls?.forEach((call, j) => {
      uses.add(call?.function?.name, `messages[${i}].tool_calls[${j}].function.name`);
    });
    if (typeof message.function_call === 'object' && message.function_call !== null)
      uses.add(nameOf(message.function_call), `messages[${i}].function_call.name`);
  });
  return uses.list;
}

/** Every tool the model called in a complete answer (`tool_calls`, and the deprecated `function_call`). */
export function toolsInResult(result: ChatResult): NamedUse[] {
  const uses = new Uses();
  for (const choice of result.choices ?? []) {
    for (const call of choice.message?.tool_calls ?? []) uses.add(call?.function?.name, null);
    const legacy = (choice.message as { function_call?: unknown } | undefined)?.function_call;
    if (typeof legacy === 'object' && legacy !== null) uses.add(nameOf(legacy), null);
  }
  return uses.list;
}

/** Every tool call in a complete answer, in order, with its arguments as the model wrote them (JSON text). */
export function toolCallsInResult(result: ChatResult): Array<{ name: string | null; arguments: string }> {
  const calls: Array<{ name: string | null; arguments: string }> = [];
  const add = (fn: unknown): void => {
    const f = (typeof fn === 'object' && fn !== null ? fn : {}) as { name?: unknown; arguments?: unknown };
    calls.push({ name: typeof f.name === 'string' ? f.name : null, arguments: typeof f.arguments === 'string' ? f.arguments : '' });
  };
  for (const choice of result.choices ?? []) {
    for (const call of choice.message?.tool_calls ?? []) add(call?.function);
    const legacy = (choice.message as { function_call?: unknown } | undefined)?.function_call;
    if (typeof legacy === 'object' && legacy !== null) add(legacy);
  }
  return calls;
}

/** The datasets named by the `x-gatehouse-datasets` header (repeated headers count too). */
export function datasetsInHeaders(headers: IncomingHttpHeaders): NamedUse[] {
  const raw = headers[DATASETS_HEADER];
  if (raw === undefined) return [];
  const uses = new Uses();
  for (const value of Array.isArray(raw) ? raw : [raw]) {
    for (const name of value.split(',')) {
      const trimmed = name.trim();
      if (trimmed) uses.add(trimmed, null);
    }
  }
  return uses.list;
}

function nameOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
}

class Uses {
  readonly list: NamedUse[] = [];
  private readonly seen = new Set<string>();

  add(name: unknown, param: string | null): void {
    const key = typeof name === 'string' ? name : null;
    if (key !== null && this.seen.has(key)) return;
    if (key !== null) this.seen.add(key);
    this.list.push({ name: key, param });
  }
}
