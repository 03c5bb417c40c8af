import { coalesceDeltas, type StreamPart } from '../../core/stream-parts.js';
import type { SseEvent } from '../http/sse.js';
import { ChunkMapper } from './chunk-mapper.js';
import { isRecord, malformed } from './wire-checks.js';

export interface ChatStreamContext {
  providerId: string;
  /** The upstream model asked for: the `start` part's model when chunks carry none. */
  model: string;
  /** The call's signal: once it aborts, the stream rejects with its reason and yields nothing more. */
  signal: AbortSignal;
}

const DONE = '[DONE]';

/**
 * Maps the server-sent events of an OpenAI chat-completions stream to StreamParts.
 * Each data line is parsed once; the deltas of one upstream read are merged (coalesceDeltas).
 * Throws ProviderError('upstream_bad_response') for a data line that is
 * not a JSON object or a stream that ends without `[DONE]`, and ProviderError('upstream_error') for an
 * in-stream `error` object. Leaving early (break, throw, abort) cancels the upstream request.
 */
export async function* chatStreamParts(batches: AsyncIterable<SseEvent[]>, context: ChatStreamContext): AsyncGenerator<StreamPart> {
  const { providerId, signal } = context;
  const iterator = batches[Symbol.asyncIterator]();
  const mapper = new ChunkMapper(providerId, context.model);
  const parts: StreamPart[] = [];
  try {
    let done = false;
    while (!done) {
      const next = await iterator.next();
      // Events already buffered must not reach a client that has gone.
      signal.throwIfAborted();
      if (next.done === true) throw malformed(providerId, 'a stream that ended without [DONE]');
      let failure: unknown;
      try {
        done = mapBatch(next.value, mapper, parts, providerId);
      } catch (err) {
        failure = err;
      }
      // What the read held before a failing event still reaches the stages, as it would one event at a time.
      coalesceDeltas(parts);
      for (let i = 0; i < parts.length; i++) yield parts[i] as StreamPart;
      parts.length = 0;
      if (failure !== undefined) throw failure;
    }
    await drain(iterator, signal);
    mapper.finish(parts);
    for (const part of parts) yield part;
  } finally {
    // Ends the upstream request if we stopped before its body did; a no-op once it has ended.
    await iterator.return?.();
  }
}

/** Maps one read's events into `parts`; true once `[DONE]` was among them (later events are ignored). */
function mapBatch(events: readonly SseEvent[], mapper: ChunkMapper, parts: StreamPart[], providerId: string): boolean {
  for (const event of events) {
    if (event.data === DONE) return true;
    mapper.map(parseChunk(event.data, providerId), parts);
  }
  return false;
}

function parseChunk(data: string, providerId: string): Record<string, unknown> {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw malformed(providerId, 'a stream data line that is not JSON');
  }
  if (!isRecord(chunk)) throw malformed(providerId, 'a stream data line that is not a JSON object');
  return chunk;
}

/**
 * Reads the rest of the body after `[DONE]` so the keep-alive connection goes back to the pool instead
 * of being torn down. The answer is complete by then, so a late reset or timeout is not a failure.
 */
async function drain(iterator: AsyncIterator<SseEvent[]>, signal: AbortSignal): Promise<void> {
  try {
    while ((await iterator.next()).done !== true);
  } catch {
    if (signal.aborted) throw signal.reason;
  }
}
