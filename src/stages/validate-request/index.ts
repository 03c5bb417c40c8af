import type { z } from 'zod';
import type { Exchange } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import type { Operation } from '../../core/exchange.js';
import { isValidatedChat } from '../../ingress/validation.js';
import { chatRequestSchema, embeddingsRequestSchema } from './chat-schema.js';
import {
  approvalQuerySchema,
  storedResponseSchema,
  guardScanSchema,
  mcpListSchema,
  mcpPromptGetSchema,
  mcpResourceReadSchema,
  mcpToolCallSchema,
  modelListSchema,
  modelQuerySchema,
} from './gateway-schemas.js';

const SCHEMAS: Readonly<Record<Operation, z.ZodType>> = {
  chat: chatRequestSchema,
  embeddings: embeddingsRequestSchema,
  'guard.scan': guardScanSchema,
  'models.list': modelListSchema,
  'models.get': modelQuerySchema,
  'approvals.get': approvalQuerySchema,
  'approvals.result': approvalQuerySchema,
  'tokens.count': chatRequestSchema,
  'responses.get': storedResponseSchema,
  'mcp.tools/list': mcpListSchema,
  'mcp.tools/call': mcpToolCallSchema,
  'mcp.resources/list': mcpListSchema,
  'mcp.resources/read': mcpResourceReadSchema,
  'mcp.prompts/list': mcpListSchema,
  'mcp.prompts/get': mcpPromptGetSchema,
};

/**
 * Checks the request body against the endpoint's schema. A refusal names the offending field in
 * OpenAI's `param` notation (`messages[0].content`) and never echoes the field's value. A chat request an
 * ingress translator built (`isValidatedChat`: minted by src/ingress/validation.ts, never by a flag a
 * caller sets) was checked by its API's own schema, which names the client's own parameters, and its
 * translation is a valid chat request by construction: it is not parsed twice. Any other body is parsed.
 */
export function createValidateRequestStage(): Stage {
  return {
    name: 'validate-request',
    enforce: true,
    failOpen: false,
    onRequest: function validateRequest(exchange: Exchange): Verdict {
      if (isValidatedChat(exchange.request.body)) return CONTINUE;
      const schema = SCHEMAS[exchange.request.operation];
      const result = schema.safeParse(exchange.request.body);
      if (result.success) return CONTINUE;
      const issue = result.error.issues[0] as z.core.$ZodIssue;
      const param = paramOf(issue.path);
      return respond('invalid_request', param ? `Invalid '${param}': ${issue.message}` : issue.message, { param: param || null });
    },
  };
}

/** ['messages', 0, 'content'] -> 'messages[0].content' */
export function paramOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
