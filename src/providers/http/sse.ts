import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ProviderError } from '../errors.js';

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** A single upstream event larger than this is treated as a malformed stream. */
const MAX_EVENT_BYTES = 8 * 1024 * 1024;

/**
 * Yields the events of a server-sent-event byte stream (WHATWG SSE framing via eventsource-parser), in
 * batches: all the events completed by one read of the body, so a reader can handle what arrived together
 * at once (see coalesceDeltas). Never yields an empty batch. UTF-8 sequences split across chunks are
 * decoded correctly. Throws ProviderError on an oversized event. A stream that ends without a terminal
 * event is the caller's to judge (each wire format has its own).
 */
export async function* readSseBatches(body: AsyncIterable<unknown>, providerId: string): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder('utf-8');
  let queue: SseEvent[] = [];
  let failure: Error | undefined;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      queue.push({ event: message.event, data: message.data });
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded')
        failure = new ProviderError('upstream_bad_response', `${providerId} sent an event larger than ${MAX_EVENT_BYTES} bytes`);
    },
    maxBufferSize: MAX_EVENT_BYTES,
  });

  let endsWithCr = false;
  for await (const chunk of body) {
    const text = decoder.decode(chunk as Uint8Array, { stream: true });
    if (text.length > 0) endsWithCr = text.charCodeAt(text.length - 1) === 13;
    parser.feed(text);
    if (failure) throw failure;
    if (queue.length > 0) {
      const batch = queue;
      queue = [];
      yield batch;
    }
  }
  const rest = decoder.decode();
  if (rest.length > 0) endsWithCr = rest.charCodeAt(rest.length - 1) === 13;
  // A final bare CR is a complete line ending (WHATWG SSE), but the parser waits for a possible LF: give it one.
  parser.feed(endsWithCr ? `${rest}\n` : rest);
  parser.reset({ consume: true });
  if (queue.length > 0) yield queue;
}
