import { z } from 'zod';

/** POST /v1/guard/scan: one text, or messages as a chat request carries them; scanned as input or output. */
export const guardScanSchema = z
  .strictObject({
    text: z.string().max(1_000_000).optional(),
    messages: z
      .array(z.looseObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.unknown() }))
      .min(1)
      .max(1000)
      .optional(),
    direction: z.enum(['input', 'output']).default('input'),
  })
  .refine((b) => (b.text === undefined) !== (b.messages === undefined), 'send exactly one of "text" or "messages"');

/** GET /v1/models: nothing to send. */
export const modelListSchema = z.strictObject({});

/** GET /v1/approvals/:id[/result]: the approval id from the path. */
export const approvalQuerySchema = z.strictObject({ approval: z.string().regex(/^apr_[0-9a-f]{32}$/, 'an approval id: apr_ and 32 hex digits') });
/** GET or DELETE /v1/responses/:id: the response id from the path. */
export const storedResponseSchema = z.strictObject({ id: z.string().min(1).max(256) });

/** GET /v1/models/:model: the model name from the path. */
export const modelQuerySchema = z.strictObject({ model: z.string().min(1).max(256) });

/**
 * An MCP request as the /mcp route builds it from the JSON-RPC message the SDK already parsed: the server
 * from the path, and per method what the agent named. Caps keep a hostile agent from sending names or
 * argument trees the later stages would pay for.
 */
const mcpBase = { server: z.string().min(1).max(64) };
const mcpName = z.string().min(1).max(256);
const mcpArguments = z.record(z.string().max(256), z.unknown());
export const mcpListSchema = z.strictObject(mcpBase);
export const mcpToolCallSchema = z.strictObject({ ...mcpBase, tool: mcpName, arguments: mcpArguments });
export const mcpResourceReadSchema = z.strictObject({ ...mcpBase, uri: z.string().min(1).max(4096) });
export const mcpPromptGetSchema = z.strictObject({ ...mcpBase, prompt: mcpName, promptArguments: z.record(z.string().max(256), z.string()).optional() });
