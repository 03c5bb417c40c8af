import type { ChatMessage, ChatRequest, ContentPart, EmbeddingsRequest } from '../core/chat-types.js';

/**
 * Input tokens counted before the upstream call, with a real BPE tokenizer (gpt-tokenizer): o200k_base, the
 * encoding of current OpenAI models, or cl100k_base for providers whose own tokenizer is closer to it. For a
 * provider with a different tokenizer (Anthropic) the count is an estimate; tokens per minute and budget
 * reservations are settled with the usage the provider reports, so the estimate only decides admission.
 */

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Counts the tokens of one string. */
export interface TokenCounter {
  readonly encoding: EncodingName;
  count(text: string): number;
}

/** The encoding used to count a provider type's input. */
export function encodingFor(providerType: string): EncodingName {
  // Claude's tokenizer splits text into more tokens than o200k; cl100k is the closer (and safer) estimate.
  return providerType === 'anthropic' ? 'cl100k_base' : 'o200k_base';
}

/**
 * BPE merging is quadratic in the length of one pre-token: 100,000 characters without a space take seconds.
 * Text is counted in pieces of at most this many characters, cut at whitespace where there is some; a cut
 * inside a word can only add a token or two, so the count stays a slight over-estimate, never an under-one.
 */
const PIECE_CHARS = 1024;

const loading = new Map<EncodingName, Promise<TokenCounter>>();

/** Loads an encoding's ranks once (~0.1-0.3 s) and returns its counter; later calls share it. */
export function loadTokenCounter(encoding: EncodingName): Promise<TokenCounter> {
  let counter = loading.get(encoding);
  if (!counter) {
    counter = importEncoding(encoding).then((countTokens) => ({ encoding, count: (text: string) => countPieces(countTokens, text) }));
    loading.set(encoding, counter);
  }
  return counter;
}

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

async function importEncoding(encoding: EncodingName): Promise<CountTokens> {
  const module = encoding === 'o200k_base' ? await import('gpt-tokenizer/encoding/o200k_base') : await import('gpt-tokenizer/encoding/cl100k_base');
  return module.countTokens as CountTokens;
}

// Special-token text such as "<|endoftext|>" in a prompt is ordinary text to count, not an error to throw.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

function countPieces(countTokens: CountTokens, text: string): number {
  if (text.length <= PIECE_CHARS) return countTokens(text, AS_TEXT);
  let total = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + PIECE_CHARS, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + PIECE_CHARS / 2) end = space;
      // Never split a surrogate pair: half a character would count as replacement bytes.
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end += 1;
    }
    total += countTokens(text.slice(start, end), AS_TEXT);
    start = end;
  }
  return total;
}

/** Per-message framing tokens of OpenAI chat formats (`<|start|>role<|message|>…<|end|>`), and the reply's priming. */
const PER_MESSAGE = 3;
const PER_NAME = 1;
const REPLY_PRIMING = 3;
/** Framing of each tool call in a message and of each tool definition (namespace and function syntax). */
const PER_TOOL_CALL = 3;
const PER_TOOL_DEFINITION = 8;
/** An image of unknown size: OpenAI's cost of a 1024×1024 image at high detail (85 + 4 tiles × 170); low detail is 85. */
const IMAGE_TOKENS = { low: 85, other: 765 };

/**
 * Input tokens of a chat request: every message's role, name, content parts, tool calls and tool call id,
 * with the per-message overhead, plus the tool definitions and a JSON schema response format, which the
 * provider also puts in front of the model.
 */
export function countChatTokens(counter: TokenCounter, body: ChatRequest): number {
  let total = REPLY_PRIMING;
  for (const message of body.messages) total += messageTokens(counter, message);
  for (const tool of body.tools ?? []) total += PER_TOOL_DEFINITION + counter.count(JSON.stringify(tool.function ?? tool));
  const format = body.response_format;
  if (format?.type === 'json_schema') total += counter.count(JSON.stringify(format.json_schema));
  return total;
}

function messageTokens(counter: TokenCounter, message: ChatMessage): number {
  let total = PER_MESSAGE + counter.count(String(message.role));
  if (typeof message.name === 'string') total += PER_NAME + counter.count(message.name);
  const content = message.content;
  if (typeof content === 'string') total += counter.count(content);
  else if (Array.isArray(content)) for (const part of content) total += partTokens(counter, part);
  if (typeof message.refusal === 'string') total += counter.count(message.refusal);
  for (const call of message.tool_calls ?? []) {
    total += PER_TOOL_CALL + counter.count(call.function?.name ?? '') + counter.count(call.function?.arguments ?? '');
  }
  if (typeof message.tool_call_id === 'string') total += counter.count(message.tool_call_id);
  return total;
}

function partTokens(counter: TokenCounter, part: ContentPart): number {
  if (part.type === 'text' && typeof part.text === 'string') return counter.count(part.text);
  if (part.type === 'image_url') return (part as { image_url?: { detail?: string } }).image_url?.detail === 'low' ? IMAGE_TOKENS.low : IMAGE_TOKENS.other;
  // Other parts (audio, files) are counted by their JSON: a rough but non-zero estimate.
  return counter.count(JSON.stringify(part));
}

/** Input tokens of an embeddings request: strings are counted, arrays of token ids are their length. */
export function countEmbeddingTokens(counter: TokenCounter, body: EmbeddingsRequest): number {
  const input = body.input;
  if (typeof input === 'string') return counter.count(input);
  let total = 0;
  for (const item of input as Array<string | number | number[]>) {
    if (typeof item === 'string') total += counter.count(item);
    else if (Array.isArray(item)) total += item.length;
    else total += 1;
  }
  return total;
}
