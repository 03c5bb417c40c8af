import { z } from 'zod';

/**
 * The accepted shape of POST /v1/responses (https://platform.openai.com/docs/api-reference/responses),
 * strict: what the gateway does not carry to every provider is refused by name, never silently dropped.
 */

const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -');
const jsonObject = z.record(z.string(), z.unknown());
const itemStatus = z.enum(['in_progress', 'completed', 'incomplete']).optional();

const inputText = z.strictObject({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.strictObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1, 'an image must be given by image_url (file_id is not supported by this gateway)'),
  detail: z.enum(['auto', 'low', 'high']).optional(),
});
const outputText = z.strictObject({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.unknown()).optional(),
  logprobs: z.array(z.unknown()).optional(),
});
const refusal = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });
const part = z.discriminatedUnion('type', [inputText, inputImage, outputText, refusal]);

const message = z.strictObject({
  type: z.literal('message'),
  id: z.string().optional(),
  status: itemStatus,
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(part)]),
});
const functionCall = z.strictObject({
  type: z.literal('function_call'),
  id: z.string().optional(),
  status: itemStatus,
  call_id: z.string().min(1),
  name: toolName,
  arguments: z.string(),
});
const functionCallOutput = z.strictObject({
  type: z.literal('function_call_output'),
  id: z.string().nullish(),
  status: itemStatus.nullable(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage]))]),
});

/** Item types of the Responses API the gateway cannot carry (server-side state, reasoning, built-in tools): refused by name. */
const UNSUPPORTED_ITEMS = [
  'reasoning',
  'item_reference',
  'file_search_call',
  'web_search_call',
  'computer_call',
  'computer_call_output',
  'image_generation_call',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'mcp_call',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'custom_tool_call',
  'custom_tool_call_output',
];
const unsupportedItem = z.looseObject({ type: z.enum(UNSUPPORTED_ITEMS) }).check((ctx) => {
  ctx.issues.push({ code: 'custom', input: ctx.value, message: `input items of type '${ctx.value.type}' are not supported by this gateway` });
});

/** An item is a message, a function call, or a function call's output (withItemTypes types a message that leaves `type` out). */
const item = z.discriminatedUnion('type', [message, functionCall, functionCallOutput, unsupportedItem]);

/**
 * The body with every input item that leaves out its `type` (the `{role, content}` shorthand SDKs send)
 * typed as a message, so the schema's union picks its branch by the tag. A plain pass rather than a Zod
 * preprocess, which cost more than the rest of the schema together; only the input list and the items
 * it types are copied, and only when one needs it. Anything that is not such a body is left to the schema.
 */
export function withItemTypes(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = (body as { input?: unknown }).input;
  if (!Array.isArray(input) || !input.some(untyped)) return body;
  return { ...body, input: input.map((value: unknown) => (untyped(value) ? { type: 'message', ...value } : value)) };
}

function untyped(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('type' in value);
}

const functionTool = z.strictObject({
  type: z.literal('function', 'only function tools are supported; built-in tools such as web_search or file_search are not'),
  name: toolName,
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});

const toolChoice = z.union([z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), name: toolName })]);

const format = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -'),
    schema: jsonObject,
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

/** Parameters of the Responses API the gateway does not carry: server-side state, built-in tools, reasoning controls. */
export const UNSUPPORTED_RESPONSE_PARAMS = [
  'previous_response_id',
  'conversation',
  'background',
  'include',
  'prompt',
  'reasoning',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
  'top_logprobs',
  'max_tool_calls',
] as const;

export const responsesRequestSchema = z.strictObject({
  model: z.string().min(1).max(256),
  input: z.union([z.string(), z.array(item).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(functionTool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.strictObject({ format: format.optional() }).optional(),
  max_output_tokens: z.int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).nullish(),
  // The gateway keeps no response to fetch or continue from later: `store` may only say so.
  store: z.literal(false, 'the gateway does not store responses; send store: false or leave it out').nullish(),
  truncation: z.literal('disabled', "only truncation 'disabled' is supported").nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().max(256).optional(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type ResponsesItem = z.infer<typeof item>;
