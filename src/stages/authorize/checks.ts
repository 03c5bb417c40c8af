import { ENVIRONMENT_ISOLATION_ID } from '../../authz/builtin-policies.js';
import type { Authorizer, AuthzDecision, InferenceAction, ResourceType } from '../../authz/types.js';
import { cedarArgValue, type ArgValue } from '../../authz/tool-args.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { Principal } from '../../identity/types.js';

/** The configured models, tools and datasets, with the environments that may reach each (absent = all). */
export interface ResourceCatalog {
  models: ReadonlyMap<string, { environments?: string[] }>;
  tools: ReadonlyMap<string, { environments?: string[] }>;
  datasets: ReadonlyMap<string, { environments?: string[] }>;
}

export type ResourceKind = 'model' | 'tool' | 'dataset';

const NO_ARGS: Record<string, ArgValue> = Object.freeze({}) as Record<string, ArgValue>;

/** A call's arguments as Cedar values (an MCP call's arrive as the agent sent them; a proposed call's are converted already). */
function cedarArgsOf(args: Record<string, unknown>): Record<string, ArgValue> {
  if (args === NO_ARGS) return NO_ARGS;
  return (cedarArgValue(args) ?? NO_ARGS) as Record<string, ArgValue>;
}

/**
 * Stage rules, not Cedar policies: a tool or dataset the configuration does not declare cannot be
 * reached by anyone, whatever the grants (`*` included) or custom policies say. The trace names them
 * like policies so a refusal always says what decided it.
 */
export const UNDECLARED_TOOL = 'gatehouse:undeclared-tool';
export const UNDECLARED_DATASET = 'gatehouse:undeclared-dataset';

export type CheckOutcome = { allowed: true; policyIds: string[] } | { allowed: false; reason: ReasonCode; policyId: string | undefined; errors: string[] };

const KINDS: Record<ResourceKind, { type: ResourceType; action: InferenceAction; section: keyof ResourceCatalog; undeclared: string }> = {
  model: { type: 'Model', action: 'invoke_model', section: 'models', undeclared: 'gatehouse:undeclared-model' },
  tool: { type: 'Tool', action: 'use_tool', section: 'tools', undeclared: UNDECLARED_TOOL },
  dataset: { type: 'Dataset', action: 'read_dataset', section: 'datasets', undeclared: UNDECLARED_DATASET },
};

/**
 * Authorizes one use of a model, tool or dataset; `direction` for tools (input: in the request, output:
 * called by the model or through the MCP gateway), and for a call its arguments (`context.args`, as Cedar
 * values: tool-args.ts; empty otherwise, so a policy's guarded read of them is simply false).
 */
export function checkUse(
  authorizer: Authorizer,
  catalog: ResourceCatalog,
  principal: Principal,
  kind: ResourceKind,
  name: string | null,
  direction?: 'input' | 'output',
  args: Record<string, unknown> = NO_ARGS,
): CheckOutcome {
  const spec = KINDS[kind];
  const entry = name === null ? undefined : catalog[spec.section].get(name);
  if (name === null || !entry) return { allowed: false, reason: 'forbidden_by_policy', policyId: spec.undeclared, errors: [] };
  const decision = authorizer.authorize({
    principal,
    action: spec.action,
    resource: { type: spec.type, id: name, environments: entry.environments },
    context: direction ? { direction, args: cedarArgsOf(args) } : undefined,
  });
  if (decision.decision === 'allow' && decision.errors.length === 0) return { allowed: true, policyIds: decision.policyIds };
  return {
    allowed: false,
    reason: reasonOf(decision),
    policyId: decision.policyIds.length > 0 ? decision.policyIds.join(',') : undefined,
    errors: decision.errors,
  };
}

/** authorization_error when evaluation failed; environment_isolation when that forbid decided; else forbidden_by_policy. */
export function reasonOf(decision: AuthzDecision): ReasonCode {
  if (decision.errors.length > 0) return 'authorization_error';
  if (decision.policyIds.includes(ENVIRONMENT_ISOLATION_ID)) return 'environment_isolation';
  return 'forbidden_by_policy';
}

/**
 * The client-facing message of a refused request-side use. It names the resource (a configured name,
 * or a name the client itself sent, truncated) and never any prompt content or evaluation error.
 */
export function refusalMessage(kind: ResourceKind, name: string | null, reason: ReasonCode, principal: Principal): string {
  const what = `the ${kind} '${name === null ? '(invalid name)' : truncate(name)}'`;
  if (reason === 'environment_isolation') return `${capitalize(what)} is not available to ${principal.identity.environment} identities.`;
  if (reason === 'authorization_error') return `Authorization could not be evaluated for ${what}; the request is denied.`;
  const verb = kind === 'dataset' ? 'read' : 'use';
  return `Identity '${principal.identity.id}' may not ${verb} ${what}.`;
}

function truncate(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
