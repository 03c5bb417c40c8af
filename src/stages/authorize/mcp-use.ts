import type { Authorizer } from '../../authz/types.js';
import type { Exchange, McpRequestBody } from '../../core/exchange.js';
import { MCP_OPERATIONS } from '../../core/exchange.js';
import { datasetOfUri, mcpPromptId, mcpToolId, type McpResourceMap } from '../../core/mcp-names.js';
import { respond, type Continue, type Respond } from '../../core/stage.js';
import type { Principal } from '../../identity/types.js';
import { checkUse, refusalMessage, type CheckOutcome, type ResourceCatalog } from './checks.js';

/**
 * Authorizes an MCP request; undefined for every other operation. tools/call is `use_tool` on the Tool
 * `{server}/{tool}` (src/core/mcp-names.ts) with the call's arguments in `context.args`; prompts/get is
 * `use_tool` on `{server}/prompt:{name}`; resources/read is `read_dataset` on the dataset whose URI pattern
 * matches. Anything the configuration does not declare is refused like what the policies forbid. Listings
 * pass here and are filtered item by item by their terminal.
 */
export function authorizeMcpUse(
  authorizer: Authorizer,
  catalog: ResourceCatalog,
  principal: Principal,
  exchange: Exchange,
  resources: McpResourceMap,
): CheckVerdict | undefined {
  const operation = exchange.request.operation;
  if (!MCP_OPERATIONS.has(operation)) return undefined;
  const body = exchange.request.body as McpRequestBody;
  const check = (kind: 'tool' | 'dataset', id: string | null, label: string, param: string, args?: Record<string, unknown>): CheckVerdict => {
    const outcome: CheckOutcome = checkUse(authorizer, catalog, principal, kind, id, kind === 'tool' ? 'input' : undefined, args);
    if (outcome.allowed)
      return {
        verdict: { action: 'continue', policyId: outcome.policyIds.join(','), note: `${kind === 'tool' ? 'use_tool' : 'read_dataset'} ${label}` },
        errors: [],
      };
    return {
      verdict: respond(outcome.reason, refusalMessage(kind, label, outcome.reason, principal), { param, policyId: outcome.policyId }),
      errors: outcome.errors,
    };
  };
  switch (operation) {
    case 'mcp.tools/call':
      return check('tool', mcpToolId(body.server, body.tool ?? ''), mcpToolId(body.server, body.tool ?? ''), 'name', body.arguments ?? {});
    case 'mcp.prompts/get':
      return check('tool', mcpPromptId(body.server, body.prompt ?? ''), mcpPromptId(body.server, body.prompt ?? ''), 'name');
    case 'mcp.resources/read': {
      const dataset = datasetOfUri(resources.get(body.server), body.uri ?? '') ?? null;
      return check('dataset', dataset, dataset ?? `resource of ${body.server}`, 'uri');
    }
    default:
      return { verdict: { action: 'continue', note: `${operation}: filtered by the listing` }, errors: [] };
  }
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

/** The read_dataset check alone, for the MCP resource listing. */
export function datasetGate(authorizer: Authorizer, catalog: ResourceCatalog): (principal: Principal, dataset: string) => boolean {
  return function mayReadDataset(principal, dataset) {
    return checkUse(authorizer, catalog, principal, 'dataset', dataset).allowed;
  };
}
