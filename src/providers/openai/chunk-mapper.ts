import type { Usage } from '../../core/chat-types.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { ProviderError } from '../errors.js';
import { finishReasonOf, isIndex, isRecord, isTimestamp, malformed, nowSeconds, syntheticId, usageOf } from './wire-checks.js';

/**
 * Turns the parsed chunks of one OpenAI chat-completions stream into StreamParts.
 * Per-stream state: whether `start` was sent, which tool calls were announced, the latest usage.
 */
export class ChunkMapper {
  private started = false;
  private usage: Usage | undefined;
  /** Keys `choice * 65536 + index` of tool calls whose first delta was already emitted. */
  private readonly announced = new Set<number>();

  constructor(
    private readonly providerId: string,
    private readonly requestedModel: string,
  ) {}

  /** Appends the parts of one chunk to `out`. Throws ProviderError for an error chunk or a wrong shape. */
  map(chunk: Record<string, unknown>, out: StreamPart[]): void {
    if (chunk.error != null) throw this.streamError(chunk.error);
    const choices = chunk.choices;
    if (!this.started) {
      // Azure opens with an annotation-only chunk (prompt_filter_results, empty id and model):
      // the start part must come from the first real chunk.
      if (Array.isArray(choices) && choices.length === 0 && chunk.usage == null) return;
      out.push(this.start(chunk));
    }
    if (Array.isArray(choices)) {
      for (let position = 0; position < choices.length; position++) this.mapChoice(choices[position], position, out);
    } else if (choices != null) {
      throw malformed(this.providerId, 'a stream chunk whose choices is not an array');
    }
    // vLLM can repeat usage on every chunk; the contract wants one, last, so keep the latest.
    if (chunk.usage != null) this.usage = usageOf(chunk.usage) ?? this.usage;
  }

  /** Appends what is owed at the end of the stream: `start` if no chunk came, then usage if any. */
  finish(out: StreamPart[]): void {
    if (!this.started) out.push(this.start({}));
    if (this.usage) out.push({ type: 'usage', usage: this.usage });
  }

  private start(chunk: Record<string, unknown>): StreamPart {
    this.started = true;
    // Ollama-like servers omit these on chunks (Azure sends them empty); synthesise them once.
    return {
      type: 'start',
      id: typeof chunk.id === 'string' && chunk.id !== '' ? chunk.id : syntheticId('chatcmpl-'),
      model: typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : this.requestedModel,
      created: isTimestamp(chunk.created) ? chunk.created : nowSeconds(),
    };
  }

  private mapChoice(choice: unknown, position: number, out: StreamPart[]): void {
    if (!isRecord(choice)) throw malformed(this.providerId, 'a stream choice that is not an object');
    const index = isIndex(choice.index) ? choice.index : position;
    const delta = choice.delta;
    if (isRecord(delta)) {
      const content = delta.content;
      if (typeof content === 'string' && content.length > 0) out.push({ type: 'text-delta', choice: index, text: content });
      const refusal = delta.refusal;
      if (typeof refusal === 'string' && refusal.length > 0) out.push({ type: 'refusal-delta', choice: index, text: refusal });
      const toolCalls = delta.tool_calls;
      if (Array.isArray(toolCalls)) this.mapToolCalls(index, toolCalls, out);
    }
    if (choice.finish_reason != null) out.push({ type: 'finish', choice: index, finishReason: finishReasonOf(choice.finish_reason) });
  }

  private mapToolCalls(choice: number, calls: unknown[], out: StreamPart[]): void {
    for (let position = 0; position < calls.length; position++) {
      const call = calls[position];
      if (!isRecord(call)) throw malformed(this.providerId, 'a streamed tool call that is not an object');
      const index = isIndex(call.index) ? call.index : position;
      const fn = isRecord(call.function) ? call.function : undefined;
      const raw = fn?.arguments;
      const args = typeof raw === 'string' ? raw : raw == null ? '' : JSON.stringify(raw);
      const key = choice * 65536 + index;
      if (this.announced.has(key)) {
        // Some servers repeat id and name on every delta; only the first may carry them.
        if (args.length > 0) out.push({ type: 'tool-call-delta', choice, index, arguments: args });
        continue;
      }
      this.announced.add(key);
      const id = typeof call.id === 'string' ? call.id : syntheticId('call_');
      const name = typeof fn?.name === 'string' ? fn.name : undefined;
      out.push({ type: 'tool-call-delta', choice, index, id, name, arguments: args });
    }
  }

  private streamError(error: unknown): ProviderError {
    const message = isRecord(error) && typeof error.message === 'string' ? error.message : typeof error === 'string' ? error : 'no message';
    return new ProviderError('upstream_error', `${this.providerId} reported an error mid-stream: ${message.slice(0, 300)}`);
  }
}
