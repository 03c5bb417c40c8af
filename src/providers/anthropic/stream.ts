import { coalesceDeltas, type StreamPart } from '../../core/stream-parts.js';
import { ProviderError } from '../errors.js';
import type { SseEvent } from '../http/sse.js';
import { finishOf, usageOf } from './response.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './wire.js';

/** What a content block's deltas turn into. */
interface BlockState {
  kind: 'text' | 'tool' | 'structured' | 'skipped';
  /** For a tool block: its position among the message's tool calls (not its block index). */
  toolIndex: number;
  /** Whether any input fragment was emitted, so an argument-less call still yields "{}". */
  hasInput: boolean;
}

/** What a content_block_start event opens. */
type ContentBlockStart = Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'];

const SKIPPED: BlockState = { kind: 'skipped', toolIndex: -1, hasInput: true };

/**
 * Translates the Messages API event stream (message_start, content_block_*, message_delta, message_stop)
 * into stream parts; the deltas of one upstream read are merged (coalesceDeltas). An `error` event,
 * malformed event JSON, or a stream that ends before message_stop is thrown as a ProviderError. With a
 * structured-output tool, that tool's input fragments become text deltas and text blocks are dropped (see
 * fromAnthropicResponse).
 */
export async function* translateStream(batches: AsyncIterable<SseEvent[]>, providerId: string, structuredTool: string | undefined): AsyncGenerator<StreamPart> {
  const translator = new EventTranslator(providerId, structuredTool);
  const parts: StreamPart[] = [];
  for await (const batch of batches) {
    let stopped = false;
    let failure: unknown;
    try {
      for (const sse of batch) {
        if (sse.event !== 'ping' && translator.translate(parseEvent(sse.data, providerId), parts)) {
          stopped = true;
          break;
        }
      }
    } catch (err) {
      failure = err;
    }
    // What the read held before a failing event still reaches the stages, as it would one event at a time.
    yield* coalesceDeltas(parts);
    parts.length = 0;
    if (failure !== undefined) throw failure;
    if (stopped) return;
  }
  throw new ProviderError('upstream_bad_response', `${providerId} ended the stream without message_stop`);
}

/** The state of one translated stream: its content blocks, tool calls, usage and stop reason. */
class EventTranslator {
  private readonly blocks: BlockState[] = [];
  private readonly usage: AnthropicUsage = {};
  private toolCalls = 0;
  private started = false;
  private stopReason: string | null | undefined;

  constructor(
    private readonly providerId: string,
    private readonly structuredTool: string | undefined,
  ) {}

  /** Appends the parts of one event to `out`; true at message_stop (the end of the stream). */
  translate(event: AnthropicStreamEvent, out: StreamPart[]): boolean {
    switch (event.type) {
      case 'message_start':
        this.started = true;
        mergeUsage(this.usage, event.message.usage);
        out.push({ type: 'start', id: event.message.id, model: event.message.model, created: Math.floor(Date.now() / 1000) });
        return false;
      case 'content_block_start':
        this.startBlock(event.index, event.content_block, out);
        return false;
      case 'content_block_delta': {
        const part = deltaPart(this.blocks[event.index], event.delta);
        if (part) out.push(part);
        return false;
      }
      case 'content_block_stop': {
        const block = this.blocks[event.index];
        // Anthropic streams no fragment for an empty input; OpenAI clients expect "{}" to parse.
        if (block && !block.hasInput) out.push(inputPart(block, '{}'));
        return false;
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason;
        mergeUsage(this.usage, event.usage);
        return false;
      case 'message_stop':
        if (!this.started) throw new ProviderError('upstream_bad_response', `${this.providerId} sent message_stop before message_start`);
        out.push({ type: 'finish', choice: 0, finishReason: finishOf(this.stopReason, this.toolCalls > 0) });
        out.push({ type: 'usage', usage: usageOf(this.usage) });
        return true;
      case 'error':
        throw errorFromEvent(this.providerId, event.error);
    }
    return false;
  }

  private startBlock(index: number, block: ContentBlockStart, out: StreamPart[]): void {
    if (block.type === 'tool_use' && block.name === this.structuredTool) {
      this.blocks[index] = { kind: 'structured', toolIndex: -1, hasInput: false };
    } else if (block.type === 'tool_use') {
      this.blocks[index] = { kind: 'tool', toolIndex: this.toolCalls, hasInput: false };
      out.push({ type: 'tool-call-delta', choice: 0, index: this.toolCalls++, id: block.id ?? '', name: block.name ?? '', arguments: '' });
    } else if (block.type === 'text' && this.structuredTool === undefined) {
      this.blocks[index] = { kind: 'text', toolIndex: -1, hasInput: true };
      if (block.text) out.push({ type: 'text-delta', choice: 0, text: block.text });
    } else {
      this.blocks[index] = SKIPPED;
    }
  }
}

function deltaPart(block: BlockState | undefined, delta: { type: string; text?: string; partial_json?: string }): StreamPart | undefined {
  if (block === undefined) return undefined;
  if (delta.type === 'text_delta' && block.kind === 'text' && delta.text) return { type: 'text-delta', choice: 0, text: delta.text };
  if (delta.type === 'input_json_delta' && (block.kind === 'tool' || block.kind === 'structured') && delta.partial_json) {
    block.hasInput = true;
    return inputPart(block, delta.partial_json);
  }
  return undefined;
}

function inputPart(block: BlockState, fragment: string): StreamPart {
  if (block.kind === 'structured') return { type: 'text-delta', choice: 0, text: fragment };
  return { type: 'tool-call-delta', choice: 0, index: block.toolIndex, arguments: fragment };
}

/** Counters in message_delta are cumulative totals, present only when they apply: overwrite, never add. */
function mergeUsage(into: AnthropicUsage, from: AnthropicUsage | undefined): void {
  if (!from) return;
  if (from.input_tokens != null) into.input_tokens = from.input_tokens;
  if (from.cache_creation_input_tokens != null) into.cache_creation_input_tokens = from.cache_creation_input_tokens;
  if (from.cache_read_input_tokens != null) into.cache_read_input_tokens = from.cache_read_input_tokens;
  if (from.output_tokens != null) into.output_tokens = from.output_tokens;
}

function parseEvent(data: string, providerId: string): AnthropicStreamEvent {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch (err) {
    throw new ProviderError('upstream_bad_response', `${providerId} sent an event that is not JSON`, { cause: err });
  }
  if (!isWellFormed(event)) throw new ProviderError('upstream_bad_response', `${providerId} sent a malformed event`);
  return event;
}

/** Only the fields the translation reads are checked; unknown event types pass, to be ignored. */
function isWellFormed(value: unknown): value is AnthropicStreamEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  switch (event.type) {
    case 'message_start': {
      const message = event.message as Record<string, unknown> | null | undefined;
      return typeof message?.id === 'string' && typeof message.model === 'string';
    }
    case 'content_block_start':
      return typeof event.index === 'number' && isObject(event.content_block);
    case 'content_block_delta':
      return typeof event.index === 'number' && isObject(event.delta);
    case 'message_delta':
      return isObject(event.delta);
    default:
      return typeof event.type === 'string';
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Classifies an in-stream `error` event by its Anthropic error type, as its HTTP status would be. */
export function errorFromEvent(providerId: string, error: { type?: string; message?: string } | undefined): ProviderError {
  const type = error?.type ?? 'unknown';
  const detail = `${providerId} stream error ${type}: ${error?.message ?? ''}`;
  switch (type) {
    case 'rate_limit_error':
      return new ProviderError('upstream_rate_limited', detail);
    case 'authentication_error':
    case 'permission_error':
      return new ProviderError('upstream_auth_failed', detail);
    case 'invalid_request_error':
    case 'not_found_error':
    case 'request_too_large':
      return new ProviderError('upstream_rejected_request', detail, { clientMessage: error?.message?.slice(0, 500) });
    case 'timeout_error':
      return new ProviderError('upstream_timeout', detail);
    default:
      // overloaded_error (529), api_error (500) and types added later: an upstream fault, worth retrying elsewhere
      return new ProviderError('upstream_error', detail);
  }
}
