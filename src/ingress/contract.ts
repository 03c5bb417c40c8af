import type { ChatRequest } from '../core/chat-types.js';
import type { ApprovalRef } from '../core/errors.js';
import type { ReasonCode } from '../core/reason-codes.js';
import type { StreamPart } from '../core/stream-parts.js';

/**
 * One client-facing API shape the gateway speaks (OpenAI chat completions, Anthropic Messages, OpenAI
 * Responses). Every shape is translated onto the one internal exchange (the chat request, operation `chat`)
 * before the pipeline runs, so each stage applies unchanged; a shape only says how the pipeline's answer,
 * its stream and its refusals look to the client.
 */
export interface IngressApi {
  /** What the error bodies, the docs and the coverage table call this shape. */
  readonly name: string;
  /**
   * A refusal in this API's error shape, carrying our reason code. 5xx messages never echo internals. A
   * held call (approval_required) also names its approval, so the client can follow and fetch it.
   */
  errorBody(reason: ReasonCode, message: string, param: string | null, approval?: ApprovalRef): unknown;
  /** The pipeline's JSON answer (a chat completion for chat, as is for other operations) in this API's shape. */
  answer(body: unknown): unknown;
  /** A fresh encoder for one streamed exchange; `fallbackId` names it until the provider's start part does. */
  encoder(request: ChatRequest, fallbackId: string): StreamEncoder;
}

/** Turns the internal stream parts of one exchange into this API's server-sent events. */
export interface StreamEncoder {
  /** The events for one part; '' for parts that have none of their own. */
  encode(part: StreamPart): string;
  /** The closing events, sent once the exchange's record is committed. */
  end(): string;
  /** The in-band error that ends a stream whose headers already went out. */
  fail(reason: ReasonCode, message: string, approval?: ApprovalRef): string;
}

/** A server-sent event with a name, as the Anthropic and Responses streams use them. */
export function namedEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
