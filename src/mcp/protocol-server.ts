import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type RequestId,
  type CallToolResult,
  type GetPromptResult,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListToolsResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { APPROVAL_ID_HEADER, APPROVAL_STATUS_HEADER } from '../core/approval-gate.js';
import type { ExchangeRequest } from '../core/exchange.js';
import { GATEWAY_REFUSAL } from '../core/mcp-names.js';
import type { ReasonCode } from '../core/reason-codes.js';
import { packageVersion } from '../core/version.js';

/** How one governed MCP request ended: the (checked, possibly redacted) answer, or the gateway's refusal. */
export type McpAnswer =
  | { kind: 'result'; requestId: string; body: Record<string, unknown> }
  | { kind: 'refused'; requestId: string; reason: ReasonCode; status: number; message: string; headers?: Record<string, string> | undefined };

/**
 * Runs one MCP request through the gateway's pipeline, as an exchange of its own (src/server/routes/mcp-serve.ts).
 * `callId` is the JSON-RPC id the server saw, by which the transport knows which HTTP request the call came in.
 */
export type McpExchangeRunner = (request: ExchangeRequest, callId: RequestId) => Promise<McpAnswer>;

/** Where the exchange id of a governed answer travels back to the agent, in the result's `_meta`. */
export const REQUEST_ID_META = 'gatehouse/request-id';

const SERVER_VERSION = packageVersion();

/**
 * Without this option each SDK server builds its own Ajv instance for elicitation schemas, which the gateway
 * never sends. One validator for the process instead (it only caches compiled schemas).
 */
const SCHEMA_VALIDATOR = new AjvJsonSchemaValidator();

/**
 * The SDK server that speaks MCP to the agents of `/mcp/{server}`, one per server for the life of the
 * gateway (src/mcp/http-transport.ts carries every POST to it). The SDK does the protocol
 * (initialize, capabilities, ping, JSON-RPC framing and validation); each governed method becomes one
 * exchange through `run`, so every call is authenticated, authorized, limited, scanned and recorded by
 * the same stage list as /v1. Only the methods the gateway governs are offered: tools, resources, prompts.
 */
export function createMcpProtocolServer(server: string, run: McpExchangeRunner): Server {
  const capabilities = { tools: { listChanged: false }, resources: { listChanged: false, subscribe: false }, prompts: { listChanged: false } };
  const mcp = new Server({ name: `gatehouse/${server}`, version: SERVER_VERSION }, { capabilities, jsonSchemaValidator: SCHEMA_VALIDATOR });
  mcp.setRequestHandler(ListToolsRequestSchema, async function listTools(_request, extra): Promise<ListToolsResult> {
    const answer = await run({ operation: 'mcp.tools/list', body: { server } }, extra.requestId);
    return withRequestId(answerOrThrow(answer), answer.requestId) as ListToolsResult;
  });
  mcp.setRequestHandler(CallToolRequestSchema, async function callTool(request, extra): Promise<CallToolResult> {
    const body = { server, tool: request.params.name, arguments: request.params.arguments ?? {} };
    const answer = await run({ operation: 'mcp.tools/call', body }, extra.requestId);
    const held = heldCall(answer);
    return withRequestId(held ?? answerOrThrow(answer), answer.requestId) as CallToolResult;
  });
  registerResourcesAndPrompts(mcp, server, run);
  return mcp;
}

/** resources/list, resources/read, prompts/list, prompts/get: each an exchange, like the tool methods. */
function registerResourcesAndPrompts(mcp: Server, server: string, run: McpExchangeRunner): void {
  const governed = async (request: ExchangeRequest, callId: RequestId): Promise<Record<string, unknown>> => {
    const answer = await run(request, callId);
    return withRequestId(answerOrThrow(answer), answer.requestId);
  };
  mcp.setRequestHandler(
    ListResourcesRequestSchema,
    async (_request, extra) => (await governed({ operation: 'mcp.resources/list', body: { server } }, extra.requestId)) as ListResourcesResult,
  );
  mcp.setRequestHandler(
    ReadResourceRequestSchema,
    async (request, extra) =>
      (await governed({ operation: 'mcp.resources/read', body: { server, uri: request.params.uri } }, extra.requestId)) as ReadResourceResult,
  );
  mcp.setRequestHandler(
    ListPromptsRequestSchema,
    async (_request, extra) => (await governed({ operation: 'mcp.prompts/list', body: { server } }, extra.requestId)) as ListPromptsResult,
  );
  mcp.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const body = { server, prompt: request.params.name, ...(request.params.arguments ? { promptArguments: request.params.arguments } : {}) };
    return (await governed({ operation: 'mcp.prompts/get', body }, extra.requestId)) as GetPromptResult;
  });
}

/**
 * A call held for a person's approval is a tool error the agent can act on (the MCP way to say "not now"),
 * naming the approval and where to follow it; the call runs once it is approved and sent again.
 */
function heldCall(answer: McpAnswer): Record<string, unknown> | undefined {
  const id = answer.kind === 'refused' ? answer.headers?.[APPROVAL_ID_HEADER] : undefined;
  if (answer.kind !== 'refused' || id === undefined) return undefined;
  const statusUrl = answer.headers?.[APPROVAL_STATUS_HEADER] ?? null;
  return {
    isError: true,
    content: [{ type: 'text', text: `${answer.message} Ask again once it is approved${statusUrl ? ` (status: ${statusUrl})` : ''}.` }],
    _meta: { 'gatehouse/approval': { id, statusUrl, reason: answer.reason } },
  };
}

function answerOrThrow(answer: McpAnswer): Record<string, unknown> {
  if (answer.kind === 'result') return answer.body;
  const code = answer.reason === 'invalid_request' ? ErrorCode.InvalidParams : GATEWAY_REFUSAL;
  throw new McpError(code, answer.message, { reason: answer.reason, status: answer.status, requestId: answer.requestId });
}

function withRequestId(body: Record<string, unknown>, requestId: string): Record<string, unknown> {
  const meta = typeof body._meta === 'object' && body._meta !== null ? (body._meta as Record<string, unknown>) : {};
  return { ...body, _meta: { ...meta, [REQUEST_ID_META]: requestId } };
}
