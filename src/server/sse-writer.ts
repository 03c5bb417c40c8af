import { performance } from 'node:perf_hooks';
import type { ServerResponse } from 'node:http';
import type { FinishReason, Usage } from '../core/chat-types.js';
import type { Exchange } from '../core/exchange.js';
import type { StreamPart } from '../core/stream-parts.js';

/**
 * Encodes stream parts as OpenAI `chat.completion.chunk` events. The chunk prefix (id, created, model)
 * is serialised once per stream; each event serialises only its choice.
 */
export class ChunkEncoder {
  private prefix: string;

  /** The defaults stand in until the provider's `start` part names the upstream id and model. */
  constructor(defaultId: string, defaultModel: string) {
    this.prefix = prefixOf(defaultId, Math.floor(Date.now() / 1000), defaultModel);
  }

  start(part: Extract<StreamPart, { type: 'start' }>): string {
    this.prefix = prefixOf(part.id, part.created, part.model);
    return this.choice(0, { role: 'assistant', content: '', refusal: null }, null);
  }

  /** The event for one part; '' for parts that have no event of their own. */
  encode(part: StreamPart, includeUsage: boolean): string {
    switch (part.type) {
      case 'start':
        return this.start(part);
      case 'text-delta':
        return this.choice(part.choice, { content: part.text }, null);
      case 'refusal-delta':
        return this.choice(part.choice, { refusal: part.text }, null);
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: part.index };
        if (part.id !== undefined) {
          call.id = part.id;
          call.type = 'function';
        }
        call.function = part.name !== undefined ? { name: part.name, arguments: part.arguments } : { arguments: part.arguments };
        return this.choice(part.choice, { tool_calls: [call] }, null);
      }
      case 'finish':
        return this.choice(part.choice, {}, part.finishReason);
      case 'usage':
        return includeUsage ? this.usage(part.usage) : '';
    }
  }

  private choice(index: number, delta: Record<string, unknown>, finishReason: FinishReason | null): string {
    return `${this.prefix}[{"index":${index},"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}]}\n\n`;
  }

  private usage(usage: Usage): string {
    return `${this.prefix}[],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}

function prefixOf(id: string, created: number, model: string): string {
  return `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":`;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** The in-band error event sent when a stream fails after its headers went out. */
export function errorEvent(body: unknown): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}

const corked = new WeakSet<ServerResponse>();

function uncork(res: ServerResponse): void {
  corked.delete(res);
  res.uncork();
}

/**
 * Writes to the client with back-pressure: resolves once the socket can take more, or once it closed
 * (the exchange's abort signal then stops the upstream). Writes are corked until the current tick's
 * work is done, so all the events parsed from one upstream read leave in one writev instead of one
 * syscall each.
 */
export function write(res: ServerResponse, chunk: string): Promise<void> | undefined {
  if (chunk === '' || res.destroyed) return undefined;
  if (!corked.has(res)) {
    corked.add(res);
    res.cork();
    process.nextTick(uncork, res);
  }
  if (res.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Marks the first byte of a streamed answer for the record's time-to-first-byte. */
export function markFirstByte(exchange: Exchange): void {
  if (exchange.firstByteAt === null) exchange.firstByteAt = performance.now();
}
