import { cedarArgValue, parseToolArgs, type ArgValue } from '../../authz/tool-args.js';
import type { Authorizer } from '../../authz/types.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { Principal } from '../../identity/types.js';
import { checkUse, type ResourceCatalog } from './checks.js';

/** A tool call a model proposed: its name (null when it is not a string) and its arguments as written. */
export interface ProposedToolCall {
  name: string | null;
  arguments: string;
}

export type CallsOutcome =
  | { allowed: true; policyIds: string[] }
  | { allowed: false; reason: ReasonCode; message: string; policyId: string | undefined; errors: string[] };

const NOT_AN_OBJECT = 'The model proposed a tool call whose arguments are not a JSON object; the response was withheld.';

/**
 * use_tool for every call a model proposed, each with its arguments in `context.args`: what a policy
 * such as "refund only under 100, only in pilot" decides on. Arguments that are not a JSON object are
 * refused (fail closed: a policy cannot judge them). Messages never repeat the tool name or arguments:
 * both are completion content.
 */
export function checkProposedCalls(
  authorizer: Authorizer,
  catalog: ResourceCatalog,
  principal: Principal,
  calls: readonly ProposedToolCall[],
  refusal: string,
): CallsOutcome {
  const permitting = new Set<string>();
  for (const call of calls) {
    const args = parseToolArgs(call.arguments);
    if (!args) return { allowed: false, reason: 'tool_arguments_invalid', message: NOT_AN_OBJECT, policyId: 'gatehouse:tool-arguments', errors: [] };
    const outcome = checkUse(authorizer, catalog, principal, 'tool', call.name, 'output', cedarArgValue(args) as Record<string, ArgValue>);
    if (!outcome.allowed) return { ...outcome, message: refusal };
    for (const id of outcome.policyIds) permitting.add(id);
  }
  return { allowed: true, policyIds: [...permitting] };
}
