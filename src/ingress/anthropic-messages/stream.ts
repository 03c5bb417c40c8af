import type { ApprovalRef } from '../../core/errors.js';
import type { FinishReason, Usage } from '../../core/chat-types.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { namedEvent, type StreamEncoder } from '../contract.js';
import { anthropicErrorBody, stopReasonOf, usageOf } from './answer.js';

/**
 * Encodes internal stream parts as the Messages API event stream: message_start (and a ping), then one
 * content block per text run or tool call (content_block_start, text_delta or input_json_delta deltas,
 * content_block_stop), and at the end message_delta (stop_reason, usage) and message_stop. The usage part
 * comes after the finish part internally, so the closing events wait for `end()`, which the route calls
 * once the record is committed.
 */
export class MessagesEncoder implements StreamEncoder {
  private started = false;
  /** Index of the block open now, -1 for none; blocks are numbered in the order they open. */
  private open = -1;
  private openKind: 'text' | 'tool' | null = null;
  private blocks = 0;
  /** Block index of each tool call, by its position among the message's tool calls. */
  private readonly toolBlocks = new Map<number, number>();
  private finish: FinishReason | null = null;
  private usage: Usage | null = null;

  constructor(
    private readonly fallbackId: string,
    private readonly model: string,
  ) {}

  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        return this.start(part.id, part.model);
      case 'text-delta':
      case 'refusal-delta':
        if (part.choice !== 0 || part.text === '') return '';
        return (
          this.ensureStarted() +
          this.textBlock() +
          namedEvent('content_block_delta', { type: 'content_block_delta', index: this.open, delta: { type: 'text_delta', text: part.text } })
        );
      case 'tool-call-delta':
        return part.choice === 0 ? this.ensureStarted() + this.toolDelta(part) : '';
      case 'finish':
        if (part.choice === 0) this.finish = part.finishReason;
        return part.choice === 0 ? this.closeBlock() : '';
      case 'usage':
        this.usage = part.usage;
        return '';
    }
  }

  end(): string {
    const closing = this.ensureStarted() + this.closeBlock();
    const delta = { type: 'message_delta', delta: { stop_reason: stopReasonOf(this.finish), stop_sequence: null }, usage: usageOf(this.usage) };
    return closing + namedEvent('message_delta', delta) + namedEvent('message_stop', { type: 'message_stop' });
  }

  fail(reason: ReasonCode, message: string, approval?: ApprovalRef): string {
    return namedEvent('error', anthropicErrorBody(reason, message, null, approval));
  }

  private start(id: string, model: string): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return namedEvent('message_start', { type: 'message_start', message }) + namedEvent('ping', { type: 'ping' });
  }

  /** A provider always starts with a `start` part; this covers a stream whose first part is something else. */
  private ensureStarted(): string {
    return this.started ? '' : this.start(this.fallbackId, this.model);
  }

  private textBlock(): string {
    if (this.openKind === 'text') return '';
    const closed = this.closeBlock();
    this.openBlock('text');
    return closed + namedEvent('content_block_start', { type: 'content_block_start', index: this.open, content_block: { type: 'text', text: '' } });
  }

  private toolDelta(part: Extract<StreamPart, { type: 'tool-call-delta' }>): string {
    let events = '';
    let index = this.toolBlocks.get(part.index);
    if (index === undefined) {
      events += this.closeBlock();
      index = this.openBlock('tool');
      this.toolBlocks.set(part.index, index);
      const block = { type: 'tool_use', id: part.id ?? `toolu_${this.fallbackId}_${part.index}`, name: part.name ?? '', input: {} };
      events += namedEvent('content_block_start', { type: 'content_block_start', index, content_block: block });
    }
    // A delta of a call whose block already closed (parallel calls interleaved upstream) still goes to its own block index.
    if (part.arguments !== '')
      events += namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.arguments } });
    return events;
  }

  private openBlock(kind: 'text' | 'tool'): number {
    this.open = this.blocks++;
    this.openKind = kind;
    return this.open;
  }

  private closeBlock(): string {
    if (this.open < 0) return '';
    const event = namedEvent('content_block_stop', { type: 'content_block_stop', index: this.open });
    this.open = -1;
    this.openKind = null;
    return event;
  }
}
