import type * as Cedar from '@cedar-policy/cedar-wasm/nodejs';
import { cedarWasm } from './cedar-wasm.js';
import { cedarArgValue } from './tool-args.js';

/**
 * Cedar conditions over a tool call's arguments, for approval rules (`tools.<name>.approval.when.condition`,
 * e.g. `context.args.amount > 1000`). Each condition becomes `permit(...) when { <condition> };` and is
 * evaluated against `context.args`; true means the rule applies. Arguments Cedar cannot carry (fractional
 * numbers, nulls) are left out, so a condition reading one errors, and an error is thrown to the caller,
 * which holds the call (fail closed).
 */
export function evaluateArgsCondition(condition: string, args: Record<string, unknown>): boolean {
  const answer = cedarWasm().isAuthorized({
    principal: { type: 'Gatehouse::Identity', id: 'caller' },
    action: { type: 'Gatehouse::Action', id: 'use_tool' },
    resource: { type: 'Gatehouse::Tool', id: 'tool' },
    context: { args: cedarArgValue(args) ?? {} } as Cedar.Context,
    policies: { staticPolicies: `permit(principal, action, resource) when { ${condition} };` },
    entities: [],
  });
  if (answer.type === 'failure') throw new Error(`condition does not parse: ${answer.errors.map((e) => e.message).join('; ')}`);
  if (answer.response.diagnostics.errors.length > 0) throw new Error('condition could not be evaluated');
  return answer.response.decision === 'allow';
}

/** Whether a condition parses, for `gatehouse check` and config load. */
export function conditionProblem(condition: string): string | undefined {
  const answer = cedarWasm().checkParsePolicySet({ staticPolicies: `permit(principal, action, resource) when { ${condition} };` });
  return answer.type === 'failure' ? answer.errors.map((e) => e.message).join('; ') : undefined;
}
