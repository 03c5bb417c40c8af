import type { ChoiceLogprobs, TokenLogprob } from '../../core/chat-types.js';
import { isRecord } from './wire-checks.js';

type Sampled = TokenLogprob & { top_logprobs: TokenLogprob[] };

/**
 * A choice's logprobs rebuilt from the known fields, or null. Any entry with the wrong shape voids the
 * whole object: a partial token list would no longer spell the answer, and the output guardrails scan
 * logprobs as the text they spell (see guardrails/result-targets.ts).
 */
export function logprobsOf(value: unknown): ChoiceLogprobs | null {
  if (!isRecord(value)) return null;
  const content = sampledList(value.content);
  if (content === undefined) return null;
  const out: ChoiceLogprobs = { content };
  if (value.refusal !== undefined) {
    const refusal = sampledList(value.refusal);
    if (refusal === undefined) return null;
    out.refusal = refusal;
  }
  return out;
}

/** The list, null for null or absent, undefined when malformed. */
function sampledList(value: unknown): Sampled[] | null | undefined {
  if (value == null) return null;
  if (!Array.isArray(value)) return undefined;
  const out: Sampled[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const token = tokenOf(item);
    if (!token) return undefined;
    const top = (item as Record<string, unknown>).top_logprobs;
    const alternatives: TokenLogprob[] = [];
    if (Array.isArray(top)) {
      for (const alt of top as unknown[]) {
        const parsed = tokenOf(alt);
        if (!parsed) return undefined;
        alternatives.push(parsed);
      }
    } else if (top != null) {
      return undefined;
    }
    out[i] = { ...token, top_logprobs: alternatives };
  }
  return out;
}

function tokenOf(value: unknown): TokenLogprob | undefined {
  if (!isRecord(value) || typeof value.token !== 'string' || typeof value.logprob !== 'number' || !Number.isFinite(value.logprob)) return undefined;
  return { token: value.token, logprob: value.logprob, bytes: bytesOf(value.bytes) };
}

function bytesOf(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  for (const b of value as unknown[]) if (!Number.isInteger(b) || (b as number) < 0 || (b as number) > 255) return null;
  return value as number[];
}
