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
