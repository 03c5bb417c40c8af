/**
 * The one list of request fields the gateway understands, and how each is read by the input guardrails.
 * docs/guardrails-coverage.md "## Input (requests)" is this file in prose; keep them in step.
 *
 * Everything that is a string anywhere in a request is a scan target, known field or not: this list decides
 * only what is *unknown* (refused in production, scanned elsewhere; see guardrails.allowedExtraFields) and
 * which leaves need more than reading the string (base64 payloads, token arrays, tool-call arguments).
 */

/**
 * Top-level fields of POST /v1/chat/completions (OpenAI API reference, 2025), including the deprecated
 * `functions` / `function_call`. Text-bearing: messages, tools, functions, function_call, tool_choice,
 * response_format, prediction, metadata, stop, user, safety_identifier, prompt_cache_key,
 * web_search_options. The rest are numbers, booleans or enums; their string leaves are scanned all the same.
 */
export const CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
]);

/** Top-level fields of POST /v1/embeddings. */
export const EMBEDDING_FIELDS: ReadonlySet<string> = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user']);

/** Fields of a chat message, over all roles (assistant `audio` is a reference to an earlier audio answer). */
export const MESSAGE_FIELDS: ReadonlySet<string> = new Set(['role', 'content', 'name', 'tool_calls', 'tool_call_id', 'refusal', 'function_call', 'audio']);

/**
 * Content part types and their fields. `input_text` is the Responses API's text part, which several
 * OpenAI-compatible servers accept in chat too: read as text. `input_audio` data is audio, not text: it is
 * read like any base64 payload (see payload-text.ts), never transcribed.
 */
export const PART_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['text', new Set(['type', 'text'])],
  ['input_text', new Set(['type', 'text'])],
  ['refusal', new Set(['type', 'refusal'])],
  ['image_url', new Set(['type', 'image_url'])],
  ['input_audio', new Set(['type', 'input_audio'])],
  ['file', new Set(['type', 'file'])],
]);

/**
 * JSON Schema keywords and the keys of the known request objects: as object keys they are structure, not
 * text a caller chose, so they are not scan targets themselves (their values are). Any other key anywhere
 * (a property name, a metadata key, the name of an unknown field) is read.
 */
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'properties',
  'items',
  'prefixItems',
  'required',
  'description',
  'title',
  'enum',
  'const',
  'default',
  'examples',
  'format',
  'pattern',
  'patternProperties',
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  '$ref',
  '$defs',
  'definitions',
  '$schema',
  '$id',
  '$anchor',
  '$comment',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'contains',
  'minContains',
  'maxContains',
  'dependentRequired',
  'dependentSchemas',
  'contentEncoding',
  'contentMediaType',
  'readOnly',
  'writeOnly',
  'deprecated',
  'nullable',
  // Structure of the tool and response-format objects around the schemas.
  'function',
  'parameters',
  'strict',
  'json_schema',
  'schema',
  'name',
  'custom',
  'grammar',
  'definition',
  'syntax',
  // Keys of the other known objects (stream_options, audio, prediction, tool_choice, web_search_options, tool calls, parts).
  'include_usage',
  'include_obfuscation',
  'voice',
  'content',
  'mode',
  'tools',
  'allowed_tools',
  'user_location',
  'approximate',
  'city',
  'country',
  'region',
  'timezone',
  'search_context_size',
  'id',
  'arguments',
  'input',
  'text',
  'detail',
  'url',
  'data',
  'file_data',
  'file_id',
  'filename',
  'refusal',
]);

/** Values of `type` that are JSON Schema or tool-object vocabulary: not worth a scan target each. */
export const TYPE_WORDS: ReadonlySet<string> = new Set([
  'object',
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'null',
  'function',
  'custom',
  'text',
  'json_schema',
  'json_object',
  'grammar',
  'content',
  'allowed_tools',
  'approximate',
]);

/**
 * A caller-chosen name goes into a path, a refusal's `param` and the record only when it looks like an API
 * field (lower-case snake case, at most 40 characters). Anything else (an e-mail, a token, mixed case) is
 * named by position, so a secret used as a field name is never echoed or stored.
 */
export function safeName(name: string): boolean {
  return /^[a-z][a-z0-9_]{0,39}$/.test(name);
}
