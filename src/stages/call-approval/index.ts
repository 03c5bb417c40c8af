import { APPROVAL_ID_HEADER, APPROVAL_STATUS_HEADER, type ApprovalGate } from '../../core/approval-gate.js';
import type { Exchange, McpRequestBody, Operation } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';

const OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['mcp.tools/call']);

export interface CallApprovalDeps {
  /** Whether the tool's policy (its `approval` rule in `tools:`) requires a person's approval for these arguments. */
  requiresApproval: (tool: string, args: Record<string, unknown>) => boolean;
  /** The approval service; null while none is configured: then such calls are refused (fail closed). */
  gate: ApprovalGate | null;
}

/**
 * Holds an MCP tool call whose tool policy requires approval (src/approvals/call-gate.ts decides and keeps
 * the approval; the answer-side holds of chat are the approval-hold stage's), after the input guardrails (so what is held
 * is what would be sent) and right before the upstream call. Approved: the call goes on, once. Waiting: a
 * 409-style `approval_required` refusal carrying the approval's id and status URL, which the /mcp edge
 * turns into a tool error naming them. Refused, or no approval service: `approval_required`. Never fails
 * open: a gate that throws refuses the call.
 */
export function createCallApprovalStage(deps: CallApprovalDeps): Stage {
  return {
    name: 'call-approval',
    operations: OPERATIONS,
    enforce: true,
    failOpen: false,
    onRequest: async function holdForApproval(exchange: Exchange): Promise<Verdict> {
      const body = exchange.request.body as McpRequestBody;
      const tool = mcpToolId(body.server, body.tool as string);
      if (!deps.requiresApproval(tool, body.arguments ?? {})) return CONTINUE;
      if (!deps.gate)
        return respond(
          'approval_required',
          `Calls of tool '${tool}' need a person's approval, and this gateway has no approval service; the call is refused.`,
          {
            policyId: `tools/${tool}/approval`,
          },
        );
      const decision = await deps.gate.check({ exchangeId: exchange.id, principal: exchange.principal, tool, args: body.arguments ?? {} }, exchange.signal);
      if (decision.kind === 'allow') return { action: 'continue', policyId: `approval/${decision.approvalId}`, note: 'approved' };
      if (decision.kind === 'refused')
        return respond('approval_required', `The call of tool '${tool}' is not approved (${decision.reason}).`, { policyId: `tools/${tool}/approval` });
      return respond('approval_required', `The call of tool '${tool}' is held for approval ${decision.id}.`, {
        policyId: `approval/${decision.id}`,
        headers: { [APPROVAL_ID_HEADER]: decision.id, [APPROVAL_STATUS_HEADER]: decision.statusUrl },
      });
    },
  };
}
