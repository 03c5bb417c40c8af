/**
 * OpenAI chat-completions wire types: the gateway's canonical request and result shapes.
 * Providers translate to and from these; unknown request fields pass through to OpenAI-compatible upstreams.
 */

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface TextPart {
  type: 'text';
  text: string;
}
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export type ContentPart = TextPart | ImagePart | ({ type: string } & Record<string, unknown>);

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: Role;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  refusal?: string | null;
  [extra: string]: unknown;
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  user?: string;
  [extra: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number; accepted_prediction_tokens?: number; rejected_prediction_tokens?: number };
}

/** One sampled token with its log probability; `bytes` is its UTF-8 encoding when the token splits a character. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
}

export interface ChoiceLogprobs {
  content: Array<TokenLogprob & { top_logprobs: TokenLogprob[] }> | null;
  refusal?: Array<TokenLogprob & { top_logprobs: TokenLogprob[] }> | null;
}

/** A web citation in the answer's content: `start_index`..`end_index` locate the cited text. */
export interface UrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

/** Spoken answer (audio output): the audio itself, base64, and its transcript. */
export interface AssistantAudio {
  id: string;
  data: string;
  transcript: string;
  expires_at: number;
}

/**
 * The answer's message: exactly the fields the gateway knows and scans. Providers rebuild it from the
 * upstream's answer; anything else is dropped unless an operator passes it through (then it is scanned).
 */
export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  /** The legacy (pre-tools) function call. */
  function_call?: { name: string; arguments: string } | null;
  audio?: AssistantAudio | null;
  annotations?: UrlCitation[];
  /** The model's reasoning text, as vLLM, DeepSeek and llama.cpp (`reasoning_content`) or OpenRouter and Ollama (`reasoning`) send it. */
  reasoning_content?: string | null;
  reasoning?: string | null;
}

export interface ChatChoice {
  index: number;
  message: AssistantMessage;
  finish_reason: FinishReason | null;
  logprobs?: ChoiceLogprobs | null;
}

export interface ChatResult {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

/**
 * The fields of a non-streamed chat completion the gateway knows, by level. Providers rebuild answers from
 * these; any other field is dropped, or passed through by name when an operator lists it (and then scanned).
 */
export const KNOWN_RESULT_FIELDS = Object.freeze({
  top: ['id', 'object', 'created', 'model', 'choices', 'usage', 'system_fingerprint', 'service_tier'],
  choice: ['index', 'message', 'finish_reason', 'logprobs'],
  message: ['role', 'content', 'refusal', 'tool_calls', 'function_call', 'audio', 'annotations', 'reasoning_content', 'reasoning'],
} as const);

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [extra: string]: unknown;
}

export interface EmbeddingsResult {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
