import type { FinishReason, Usage } from './chat-types.js';

/**
 * What a provider's stream yields: a discriminated union, independent of any provider's wire format.
 * Providers signal failure by throwing a ProviderError from the iterator, never by yielding.
 *
 * Order: one `start`, then any number of `text-delta` / `tool-call-delta` / `refusal-delta`,
 * a `finish` per choice, and at most one `usage` (last).
 */
export type StreamPart =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text-delta'; choice: number; text: string }
  | { type: 'refusal-delta'; choice: number; text: string }
  | {
      type: 'tool-call-delta';
      choice: number;
      /** Position of the tool call within the choice's tool_calls. */
      index: number;
      /** Present on the first delta of a tool call. */
      id?: string;
      name?: string;
      arguments: string;
    }
  | { type: 'finish'; choice: number; finishReason: FinishReason }
  | { type: 'usage'; usage: Usage };

export type StreamPartType = StreamPart['type'];

/**
 * Merges, in place, runs of deltas that continue each other: text (or refusal) deltas of the same choice,
 * and argument deltas of the same tool call after its first. Providers call it on the parts of one upstream
 * read, so what arrived together moves through the stream stages, the guardrails and the client's socket as
 * one part. Nothing waits for more input: a part is merged only with parts that are already here.
 */
export function coalesceDeltas(parts: StreamPart[]): StreamPart[] {
  if (parts.length < 2) return parts;
  let kept = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as StreamPart;
    const both = kept > 0 ? joined(parts[kept - 1] as StreamPart, part) : undefined;
    if (both !== undefined) parts[kept - 1] = both;
    else parts[kept++] = part;
  }
  parts.length = kept;
  return parts;
}

/** `next` appended to `last` when it continues it (same kind, same choice, same tool call after its first delta), else undefined. */
function joined(last: StreamPart, next: StreamPart): StreamPart | undefined {
  if (last.type === 'text-delta' && next.type === 'text-delta' && last.choice === next.choice) return { ...last, text: last.text + next.text };
  if (last.type === 'refusal-delta' && next.type === 'refusal-delta' && last.choice === next.choice) return { ...last, text: last.text + next.text };
  if (last.type !== 'tool-call-delta' || next.type !== 'tool-call-delta') return undefined;
  if (next.choice !== last.choice || next.index !== last.index || next.id !== undefined || next.name !== undefined) return undefined;
  return { ...last, arguments: last.arguments + next.arguments };
}
