import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderConfigOf, MockBehaviour } from '../../config/schema.js';
import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult, Usage } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider, ProviderCall } from '../contract.js';
import { mockEmbeddings } from './embedding.js';
import { planAnswer, textOf, type MockAnswer } from './script.js';

/**
 * The built-in deterministic provider for demos and tests: echo, fixed text, tool calls, errors,
 * latency and chunking, scripted per model in config or per request with a `#mock {json}` line.
 * It honours cancellation like a real upstream.
 */
export function createMockProvider(id: string, config: ProviderConfigOf<'mock'>, behaviours: ReadonlyMap<string, MockBehaviour>): Provider {
  async function answer(request: ChatRequest, call: ProviderCall): Promise<MockAnswer> {
    const plan = planAnswer(request, behaviours.get(request.model), config.directives, call.requestId);
    await pause(plan.latencyMs ?? config.latencyMs, call.signal);
    return plan;
  }

  return {
    id,
    type: 'mock',

    async generate(request: ChatRequest, call: ProviderCall): Promise<ChatResult> {
      const plan = await answer(request, call);
      const message: ChatResult['choices'][number]['message'] = { role: 'assistant', content: plan.text, refusal: null };
      if (plan.toolCalls.length > 0) message.tool_calls = plan.toolCalls;
      return {
        id: `chatcmpl-${call.requestId}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [{ index: 0, message, finish_reason: plan.toolCalls.length > 0 ? 'tool_calls' : 'stop', logprobs: null }],
        usage: usageOf(request, plan),
      };
    },

    async *stream(request: ChatRequest, call: ProviderCall): AsyncGenerator<StreamPart> {
      const plan = await answer(request, call);
      yield { type: 'start', id: `chatcmpl-${call.requestId}`, model: request.model, created: Math.floor(Date.now() / 1000) };
      const text = plan.text ?? '';
      for (let i = 0; i < text.length; ) {
        if (i > 0) await pause(config.chunkDelayMs, call.signal);
        const end = chunkEnd(text, i, config.chunkSize);
        yield { type: 'text-delta', choice: 0, text: text.slice(i, end) };
        i = end;
      }
      for (const [index, toolCall] of plan.toolCalls.entries()) {
        yield { type: 'tool-call-delta', choice: 0, index, id: toolCall.id, name: toolCall.function.name, arguments: '' };
        const args = toolCall.function.arguments;
        for (let i = 0; i < args.length; i += config.chunkSize) {
          await pause(config.chunkDelayMs, call.signal);
          yield { type: 'tool-call-delta', choice: 0, index, arguments: args.slice(i, i + config.chunkSize) };
        }
      }
      yield { type: 'finish', choice: 0, finishReason: plan.toolCalls.length > 0 ? 'tool_calls' : 'stop' };
      yield { type: 'usage', usage: usageOf(request, plan) };
    },

    async embed(request: EmbeddingsRequest, call: ProviderCall): Promise<EmbeddingsResult> {
      await pause(config.latencyMs, call.signal);
      return mockEmbeddings(request, config.embeddingDimensions);
    },

    async close(): Promise<void> {},
  };
}

/** End of a chunk that never splits a surrogate pair (a lone surrogate is invalid UTF-8 on the wire). */
function chunkEnd(text: string, start: number, size: number): number {
  const end = Math.min(start + size, text.length);
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff && end < text.length ? end + 1 : end;
}

/** Waits `ms`. An abort rejects with the signal's reason, as the HTTP providers do, not with Node's AbortError. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) {
    try {
      await sleep(ms, undefined, { signal });
    } catch (err) {
      throw signal.aborted ? signal.reason : err;
    }
  } else if (signal.aborted) throw signal.reason;
}

/** Rough token counts (4 characters a token): deterministic, good enough for a mock. */
function usageOf(request: ChatRequest, plan: MockAnswer): Usage {
  let promptChars = 0;
  for (const message of request.messages) promptChars += textOf(message).length;
  let completionChars = plan.text?.length ?? 0;
  for (const call of plan.toolCalls) completionChars += call.function.name.length + call.function.arguments.length;
  const prompt_tokens = Math.ceil(promptChars / 4);
  const completion_tokens = Math.ceil(completionChars / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}
