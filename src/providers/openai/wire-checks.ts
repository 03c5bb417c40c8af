import { randomUUID } from 'node:crypto';
import type { FinishReason, Usage } from '../../core/chat-types.js';
import { ProviderError } from '../errors.js';

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error for an upstream answer that does not have the OpenAI wire shape. */
export function malformed(providerId: string, what: string): ProviderError {
  return new ProviderError('upstream_bad_response', `${providerId} answered with ${what}`);
}

/** An id for a field an OpenAI-compatible server left out (Ollama omits several). */
export function syntheticId(prefix: string): string {
  return prefix + randomUUID().replaceAll('-', '');
}

/** Seconds since the epoch, the unit of OpenAI's `created`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReason>(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/**
 * An upstream finish reason as one of OpenAI's. Compatible servers invent others (vLLM `abort`,
 * llama.cpp `eos`); the client only understands OpenAI's, and those all mean the model stopped.
 */
export function finishReasonOf(value: unknown): FinishReason {
  return typeof value === 'string' && FINISH_REASONS.has(value) ? (value as FinishReason) : 'stop';
}

/**
 * The usage object of an answer, rebuilt from the counts the gateway knows (the details sub-objects
 * included), with missing counts filled. Anything else a server adds is dropped: usage reaches the
 * client, and an unknown field there would be an unscanned channel.
 * Returns undefined for a missing or non-object usage.
 */
export function usageOf(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = tokenCount(value.prompt_tokens);
  const completion = tokenCount(value.completion_tokens);
  const total = value.total_tokens;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? Math.floor(total) : prompt + completion,
  };
  const promptDetails = countsOf(value.prompt_tokens_details, PROMPT_DETAILS);
  if (promptDetails) usage.prompt_tokens_details = promptDetails;
  const completionDetails = countsOf(value.completion_tokens_details, COMPLETION_DETAILS);
  if (completionDetails) usage.completion_tokens_details = completionDetails;
  return usage;
}

const PROMPT_DETAILS = ['cached_tokens', 'audio_tokens'] as const;
const COMPLETION_DETAILS = ['reasoning_tokens', 'audio_tokens', 'accepted_prediction_tokens', 'rejected_prediction_tokens'] as const;

function countsOf<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, number>> | undefined {
  if (!isRecord(value)) return undefined;
  let out: Partial<Record<K, number>> | undefined;
  for (const key of keys) {
    const count = value[key];
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) continue;
    out ??= {};
    out[key] = Math.floor(count);
  }
  return out;
}

/** A JSON number usable as an array position: JSON.parse turns 1e999 into Infinity, which must not pass. */
export function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A plausible unix timestamp in seconds. */
export function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

/** A finite, non-negative token count, else 0. */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}
