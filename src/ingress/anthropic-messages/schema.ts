import { z } from 'zod';

/**
 * The accepted shape of POST /v1/messages (https://docs.anthropic.com/en/api/messages), strict: a field
 * the gateway does not translate is refused by name rather than silently dropped. `cache_control` is
 * accepted wherever Anthropic allows it: a caching hint changes no answer, so dropping it loses nothing.
 */

const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -');
const cacheControl = z.unknown().optional();
const jsonObject = z.record(z.string(), z.unknown());

const textBlock = z.strictObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl, citations: z.null().optional() });
const imageBlock = z.strictObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('base64'),
      media_type: z.string().regex(/^image\/[a-z0-9.+-]+$/i, 'must be an image media type'),
      data: z.string().min(1),
    }),
    z.strictObject({ type: z.literal('url'), url: z.url() }),
  ]),
  cache_control: cacheControl,
});
const toolUseBlock = z.strictObject({ type: z.literal('tool_use'), id: z.string().min(1), name: toolName, input: jsonObject, cache_control: cacheControl });
const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

/** Block types of Anthropic's API the gateway cannot carry: refused by name. */
const UNSUPPORTED_BLOCKS = ['document', 'thinking', 'redacted_thinking', 'server_tool_use', 'web_search_tool_result', 'search_result', 'container_upload'];
const unsupportedBlock = z.looseObject({ type: z.enum(UNSUPPORTED_BLOCKS) }).check((ctx) => {
  ctx.issues.push({ code: 'custom', input: ctx.value, message: `content blocks of type '${ctx.value.type}' are not supported by this gateway` });
});

const block = z.discriminatedUnion('type', [textBlock, imageBlock, toolUseBlock, toolResultBlock, unsupportedBlock]);

const message = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(block).min(1)]),
});

const tool = z.strictObject({
  type: z.literal('custom', "only client tools (type 'custom' or none) are supported; server tools such as web_search are not").optional(),
  name: toolName,
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  cache_control: cacheControl,
});

const toolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['auto', 'any']), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('tool'), name: toolName, disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('none') }),
]);

/** Top-level parameters of Anthropic's API that the gateway cannot honour through every provider. */
export const UNSUPPORTED_MESSAGE_PARAMS = ['top_k', 'thinking', 'service_tier', 'container', 'mcp_servers', 'context_management'] as const;

export const messagesRequestSchema = z.strictObject({
  model: z.string().min(1).max(256),
  max_tokens: z.int().min(1),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(tool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  // At most 4: the limit of OpenAI-shaped upstreams, which may serve this request.
  stop_sequences: z.array(z.string()).max(4).optional(),
  metadata: z.strictObject({ user_id: z.string().max(256).nullish() }).optional(),
  stream: z.boolean().optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type MessagesBlock = z.infer<typeof block>;

/** POST /v1/messages/count_tokens: the request without the answer's own parameters. */
export const countTokensRequestSchema = messagesRequestSchema.omit({
  max_tokens: true,
  temperature: true,
  top_p: true,
  stop_sequences: true,
  metadata: true,
  stream: true,
});
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
