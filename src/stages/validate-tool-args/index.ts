import { GatewayError } from '../../core/errors.js';
import { UnsafePatternError } from '../../core/safe-pattern.js';
import type { Exchange, McpRequestBody, Operation } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';
import { respond, type Stage, type Verdict } from '../../core/stage.js';
import { validateJson } from '../../guardrails/detectors/json-schema/index.js';

/** Where a tool's argument schema comes from: the configuration's, else the upstream's declared inputSchema. */
export type ToolSchemaSource = (server: string, tool: string, signal: AbortSignal) => Promise<object | undefined>;

const OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['mcp.tools/call']);

/**
 * Validates an MCP tool call's arguments against the tool's JSON Schema (Ajv, compiled once per schema),
 * after authorize, so a caller that may not use a tool cannot learn its schema by probing. A refusal names
 * the argument and the rule it breaks (`Invalid 'arguments/amount': must be integer`), never the value.
 * A tool the upstream does not declare is refused here: the gateway forwards only calls it can check.
 */
export function createValidateToolArgsStage(schemaOf: ToolSchemaSource): Stage {
  return {
    name: 'validate-tool-args',
    operations: OPERATIONS,
    enforce: true,
    failOpen: false,
    onRequest: async function validateToolArgs(exchange: Exchange): Promise<Verdict> {
      const body = exchange.request.body as McpRequestBody;
      const tool = body.tool as string;
      let schema: object | undefined;
      try {
        schema = await schemaOf(body.server, tool, exchange.signal);
      } catch (err) {
        if (err instanceof GatewayError) return respond(err.reason, err.message, { status: err.status });
        throw err;
      }
      if (!schema) return respond('invalid_request', `MCP server '${body.server}' declares no tool '${truncate(tool)}'.`, { param: 'name' });
      let result: ReturnType<typeof validateJson>;
      try {
        result = validateJson(schema, body.arguments ?? {});
      } catch (err) {
        const why =
          err instanceof UnsafePatternError ? 'has a pattern the gateway will not run (it could backtrack catastrophically)' : 'is not a valid JSON Schema';
        return respond('upstream_bad_response', `The input schema MCP server '${body.server}' declares for '${truncate(tool)}' ${why}.`);
      }
      if (result.valid) return { action: 'continue', note: `schema of ${mcpToolId(body.server, truncate(tool))}` };
      const first = result.errors[0];
      const param = `arguments${first?.path ?? ''}`;
      return respond('invalid_request', `Invalid '${param}': ${first?.message ?? 'does not match the tool schema'}.`, { param });
    },
  };
}

function truncate(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
