import type { Authorizer } from '../../authz/types.js';
import type { Exchange, McpRequestBody } from '../../core/exchange.js';
import { MCP_OPERATIONS } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';
import { respond, type Continue, type Respond } from '../../core/stage.js';
import type { Principal } from '../../identity/types.js';
import { checkUse, refusalMessage, type CheckOutcome, type ResourceCatalog } from './checks.js';

/**
 * Authorizes an MCP request; undefined for every other operation. tools/call is `use_tool` on the Tool
 * `{server}/{tool}` (src/core/mcp-names.ts) with the call's arguments in `context.args`: a tool the
 * configuration does not declare is refused like one the policies forbid. A listing passes here and is
 * filtered tool by tool by its terminal. Resources and prompts are not governed by policy yet, so they are
 * refused (fail closed) rather than served unchecked.
 */
export function authorizeMcpUse(authorizer: Authorizer, catalog: ResourceCatalog, principal: Principal, exchange: Exchange): CheckVerdict | undefined {
  const operation = exchange.request.operation;
  if (!MCP_OPERATIONS.has(operation)) return undefined;
  if (operation === 'mcp.tools/list') return { verdict: { action: 'continue', note: 'mcp tools/list: filtered by use_tool' }, errors: [] };
  const body = exchange.request.body as McpRequestBody;
  if (operation !== 'mcp.tools/call' || body.tool === undefined)
    return {
      verdict: respond('forbidden_by_policy', `MCP ${operation.slice(4)} is not served by this gateway.`, { policyId: 'gatehouse:mcp-ungoverned' }),
      errors: [],
    };
  const id = mcpToolId(body.server, body.tool);
  const outcome: CheckOutcome = checkUse(authorizer, catalog, principal, 'tool', id, 'input', body.arguments ?? {});
  if (outcome.allowed) return { verdict: { action: 'continue', policyId: outcome.policyIds.join(','), note: `use_tool ${id}` }, errors: [] };
  return {
    verdict: respond(outcome.reason, refusalMessage('tool', id, outcome.reason, principal), { param: 'name', policyId: outcome.policyId }),
    errors: outcome.errors,
  };
}

/** The verdict, and Cedar's evaluation errors for the record (never sent to the client). */
export interface CheckVerdict {
  verdict: Continue | Respond;
  errors: string[];
}

/** The use_tool check alone, for the MCP listing: which of the upstream's tools the caller is shown. */
export function toolGate(authorizer: Authorizer, catalog: ResourceCatalog): (principal: Principal, toolId: string) => boolean {
  return function mayUseTool(principal, toolId) {
    return checkUse(authorizer, catalog, principal, 'tool', toolId, 'input').allowed;
  };
}
