import { errorBody, type ApprovalRef } from '../../core/errors.js';
import type { FinishReason, Usage } from '../../core/chat-types.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { namedEvent, type StreamEncoder } from '../contract.js';
import { type OutputItem, statusOf, usageOf } from './answer.js';
import type { ResponsesEcho } from './request.js';
import { echoJson, eventJson, messageJson, type ResponseHead, responseJson } from './response-json.js';

type MessageItem = Extract<OutputItem, { type: 'message' }>;
type CallItem = Extract<OutputItem, { type: 'function_call' }>;

/**
 * Encodes internal stream parts as the Responses API's semantic events: response.created and
 * response.in_progress at the start; per text run a message item (output_item.added, content_part.added,
 * output_text.delta..., output_text.done, content_part.done, output_item.done); per tool call a
 * function_call item (output_item.added, function_call_arguments.delta..., .done, output_item.done); and
 * response.completed with the whole response once the record is committed. Every event carries its
 * sequence_number. The events that repeat the response or a whole item are written from pieces serialised
 * once (response-json.ts): the echoed request once per stream, each closed item once.
 */
export class ResponsesEncoder implements StreamEncoder {
  private sequence = 0;
  private started = false;
  private readonly output: OutputItem[] = [];
  /** Output index of the item open now, -1 for none. */
  private open = -1;
  /** Output index of each tool call, by its position among the message's tool calls. */
  private readonly calls = new Map<number, number>();
  private finish: FinishReason | null = null;
  private usage: Usage | null = null;
  /** Each closed item serialised, by output index; an item changed after it closed has none. */
  private readonly closedJson: Array<string | undefined> = [];
  private base: ResponseHead;
  private readonly echoTail: string;

  constructor(fallbackId: string, model: string, echo: ResponsesEcho) {
    this.base = { id: `resp_${fallbackId}`, createdAt: Math.floor(Date.now() / 1000), model };
    this.echoTail = echoJson(echo);
  }

  encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        if (this.started) return '';
        this.base = { ...this.base, id: `resp_${part.id}`, createdAt: part.created, model: part.model };
        return this.start();
      case 'text-delta':
      case 'refusal-delta':
        return part.choice === 0 && part.text !== '' ? this.ensureStarted() + this.textDelta(part.text) : '';
      case 'tool-call-delta':
        return part.choice === 0 ? this.ensureStarted() + this.toolDelta(part) : '';
      case 'finish':
        if (part.choice !== 0) return '';
        this.finish = part.finishReason;
        return this.closeItem();
      case 'usage':
        this.usage = part.usage;
        return '';
    }
  }

  end(): string {
    const closing = this.ensureStarted() + this.closeItem();
    const status = statusOf(this.finish);
    const output = this.output.map((item, index) => this.closedJson[index] ?? JSON.stringify(item));
    const response = responseJson(this.base, { ...status, usage: usageOf(this.usage) }, output, this.echoTail);
    const name = status.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return closing + eventJson(name, this.sequence++, `,"response":${response}`);
  }

  /**
   * The Responses `error` event (type, code, message, param), which also carries the OpenAI error object as
   * `error`: the official SDK raises an APIError with our reason code for an event holding one.
   */
  fail(reason: ReasonCode, message: string, approval?: ApprovalRef): string {
    const body = errorBody(reason, message, null, approval);
    return this.event('error', { code: reason, message: body.error.message, param: null, error: body.error, ...(approval ? { approval } : {}) });
  }

  private start(): string {
    this.started = true;
    const response = `,"response":${responseJson(this.base, { status: 'in_progress', incomplete_details: null, usage: null }, [], this.echoTail)}`;
    return eventJson('response.created', this.sequence++, response) + eventJson('response.in_progress', this.sequence++, response);
  }

  private ensureStarted(): string {
    return this.started ? '' : this.start();
  }

  private textDelta(text: string): string {
    let events = '';
    let item = this.output[this.open];
    if (item?.type !== 'message') {
      events += this.closeItem();
      item = { type: 'message', id: `msg_${this.base.id.slice(5)}_${this.output.length}`, status: 'in_progress', role: 'assistant', content: [] };
      events += this.openItem(item);
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] } as const;
      events += this.event('response.content_part.added', { item_id: item.id, output_index: this.open, content_index: 0, part });
      item.content.push({ ...part, annotations: [], logprobs: [] });
    }
    (item.content[0] as MessageItem['content'][number]).text += text;
    return events + this.textDeltaEvent(item.id, text);
  }

  /** The one event a stream sends per text part, written without building an object per part. */
  private textDeltaEvent(itemId: string, text: string): string {
    const fields = `,"item_id":${JSON.stringify(itemId)},"output_index":${this.open},"content_index":0,"delta":${JSON.stringify(text)},"logprobs":[]`;
    return eventJson('response.output_text.delta', this.sequence++, fields);
  }

  private toolDelta(part: Extract<StreamPart, { type: 'tool-call-delta' }>): string {
    let events = '';
    let index = this.calls.get(part.index);
    if (index === undefined) {
      events += this.closeItem();
      const callId = part.id ?? `call_${this.base.id.slice(5)}_${part.index}`;
      events += this.openItem({ type: 'function_call', id: `fc_${callId}`, status: 'in_progress', call_id: callId, name: part.name ?? '', arguments: '' });
      index = this.open;
      this.calls.set(part.index, index);
    }
    if (part.arguments === '') return events;
    // A delta of a call whose item already closed (parallel calls interleaved upstream) still goes to its own item.
    const item = this.output[index] as CallItem;
    item.arguments += part.arguments;
    this.closedJson[index] = undefined;
    return events + this.event('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: part.arguments });
  }

  private openItem(item: OutputItem): string {
    this.open = this.output.length;
    this.output.push(item);
    return this.event('response.output_item.added', { output_index: this.open, item: { ...item, ...(item.type === 'message' ? { content: [] } : {}) } });
  }

  private closeItem(): string {
    const item = this.output[this.open];
    if (item === undefined) return '';
    const index = this.open;
    this.open = -1;
    item.status = 'completed';
    if (item.type === 'function_call') {
      const json = JSON.stringify(item);
      this.closedJson[index] = json;
      return (
        this.event('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: item.arguments }) +
        eventJson('response.output_item.done', this.sequence++, `,"output_index":${index},"item":${json}`)
      );
    }
    const json = messageJson(item);
    this.closedJson[index] = json.item;
    const where = `,"item_id":${JSON.stringify(item.id)},"output_index":${index},"content_index":0`;
    return (
      eventJson('response.output_text.done', this.sequence++, `${where},"text":${json.text},"logprobs":[]`) +
      eventJson('response.content_part.done', this.sequence++, `${where},"part":${json.part}`) +
      eventJson('response.output_item.done', this.sequence++, `,"output_index":${index},"item":${json.item}`)
    );
  }

  private event(type: string, data: Record<string, unknown>): string {
    return namedEvent(type, { type, sequence_number: this.sequence++, ...data });
  }
}
