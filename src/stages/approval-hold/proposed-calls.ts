import type { ChatResult } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';

/** A tool call a model proposed: its name and its arguments as the model wrote them (JSON text). */
export interface ProposedCall {
  name: string;
  arguments: string;
}

/** Every tool call in a complete answer, in order. */
export function callsInResult(result: ChatResult): ProposedCall[] {
  const calls: ProposedCall[] = [];
  for (const choice of result.choices ?? []) {
    for (const call of choice.message?.tool_calls ?? []) {
      const fn = call?.function;
      if (typeof fn?.name === 'string') calls.push({ name: fn.name, arguments: typeof fn.arguments === 'string' ? fn.arguments : '' });
    }
  }
  return calls;
}

/**
 * The answer a stream carried, as one `chat.completion` (what GET /v1/approvals/{id}/result releases for
 * a held stream): text, refusal and tool calls per choice, the finish reasons and the usage.
 */
export function completionOfStream(id: string, model: string, parts: readonly StreamPart[]): { result: ChatResult; calls: ProposedCall[] } {
  let created = Math.floor(Date.now() / 1000);
  const choices = new Map<number, { text: string; tools: Map<number, { id: string; name: string; arguments: string }>; finish: string | null }>();
  const choice = (i: number) => {
    let c = choices.get(i);
    if (!c) choices.set(i, (c = { text: '', tools: new Map(), finish: null }));
    return c;
  };
  let usage: ChatResult['usage'];
  for (const part of parts) {
    if (part.type === 'start') created = part.created;
    else if (part.type === 'text-delta') choice(part.choice).text += part.text;
    else if (part.type === 'tool-call-delta') {
      const tools = choice(part.choice).tools;
      const call = tools.get(part.index) ?? { id: part.id ?? `call_${part.index}`, name: '', arguments: '' };
      if (part.name !== undefined) call.name = part.name;
      call.arguments += part.arguments;
      tools.set(part.index, call);
    } else if (part.type === 'finish') choice(part.choice).finish = part.finishReason;
    else if (part.type === 'usage') usage = part.usage;
  }
  const calls: ProposedCall[] = [];
  const result = {
    id: `chatcmpl-${id}`,
    object: 'chat.completion' as const,
    created,
    model,
    choices: [...choices.entries()].map(([index, c]) => {
      const toolCalls = [...c.tools.values()].map((t) => ({ id: t.id, type: 'function' as const, function: { name: t.name, arguments: t.arguments } }));
      calls.push(...toolCalls.map((t) => t.function));
      return {
        index,
        message: { role: 'assistant' as const, content: c.text === '' ? null : c.text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: c.finish,
      };
    }),
    ...(usage ? { usage } : {}),
  } as ChatResult;
  return { result, calls };
}
