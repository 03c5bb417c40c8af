import type { ChoiceLogprobs, TokenLogprob } from '../core/chat-types.js';

type Sampled = TokenLogprob & { top_logprobs: TokenLogprob[] };

/**
 * The text a choice's logprobs spell, for the detectors: the sampled tokens joined, then the alternatives
 * of each rank joined, one line each, for content then refusal. A line is spelled twice when the `bytes`
 * say something other than the token strings: bytes are what reassemble a character split across tokens,
 * and a client may read either. A secret split across tokens is thus seen whole.
 */
export function logprobsText(logprobs: ChoiceLogprobs): string {
  const lines: string[] = [];
  if (Array.isArray(logprobs.content)) spell(logprobs.content, lines);
  if (Array.isArray(logprobs.refusal)) spell(logprobs.refusal, lines);
  return lines.join('\n');
}

function spell(list: readonly Sampled[], lines: string[]): void {
  let ranks = 0;
  for (const item of list) if (Array.isArray(item?.top_logprobs) && item.top_logprobs.length > ranks) ranks = item.top_logprobs.length;
  line(list, lines);
  for (let rank = 0; rank < ranks; rank++) {
    const column: TokenLogprob[] = [];
    for (const item of list) {
      const alternative = Array.isArray(item?.top_logprobs) ? item.top_logprobs[rank] : undefined;
      if (alternative) column.push(alternative);
    }
    line(column, lines);
  }
}

/** Also runs on stored answers (replay) that predate the provider's rebuild: nothing is assumed of their shape. */
function line(tokens: readonly TokenLogprob[], lines: string[]): void {
  let text = '';
  let hasBytes = false;
  for (const t of tokens) {
    if (typeof t?.token === 'string') text += t.token;
    if (Array.isArray(t?.bytes)) hasBytes = true;
  }
  lines.push(text);
  if (!hasBytes) return;
  const bytes: number[] = [];
  for (const t of tokens) {
    if (Array.isArray(t?.bytes)) for (const b of t.bytes) bytes.push(Number(b) & 0xff);
    else if (typeof t?.token === 'string') for (const b of Buffer.from(t.token, 'utf8')) bytes.push(b);
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  if (decoded !== text) lines.push(decoded);
}
