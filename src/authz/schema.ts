import { toolArgsType } from './tool-args.js';
import type { AdminAction, InferenceAction, ResourceType } from './types.js';

/**
 * The Cedar schema every policy is validated against (strict mode), built-in or custom. Kept as
 * text in code, not as a .cedarschema file beside it, so the build ships it without a copy step.
 *
 * - `Identity` carries its grants as attributes: one attribute-based permit per action covers
 *   identities declared in gatehouse.yaml and identities created through the admin API alike.
 * - `Model`, `Tool`, `Dataset` carry their logical `name` (Cedar cannot read an entity's id as a
 *   string) and `environments`; an empty set means every environment.
 * - Every action's context carries how the caller authenticated; `use_tool` adds `direction`
 *   (`input`: declared or replayed in the request, `output`: called by the model) and `args`, the
 *   call's arguments (empty for `input`), typed from the tools' JSON Schemas (./tool-args.ts).
 * - `scan_content` (POST /v1/guard/scan) and `list_models` (GET /v1/models[/:model]) act on the
 *   `Gateway` itself: what is listed is still filtered model by model with `invoke_model`.
 */
export function cedarSchema(tools: Parameters<typeof toolArgsType>[0] = {}): string {
  return `namespace Gatehouse {
  entity Identity = {
    environment: String,
    owner: String,
    team: String,
    state: String,
    roles: Set<String>,
    mayAssertEndUsers: Bool,
    models: Set<String>,
    tools: Set<String>,
    datasets: Set<String>,
  };
  entity Model = { name: String, environments: Set<String> };
  entity Tool = { name: String, environments: Set<String> };
  entity Dataset = { name: String, environments: Set<String> };
  entity SigningKey;
  entity Gateway;

  type Call = { credential: String, scopes: Set<String>, endUser?: String, actor?: String };
  type ToolArgs = ${toolArgsType(tools)};

  action invoke_model appliesTo { principal: Identity, resource: Model, context: Call };
  action use_tool appliesTo {
    principal: Identity,
    resource: Tool,
    context: { credential: String, scopes: Set<String>, endUser?: String, actor?: String, direction: String, args: ToolArgs },
  };
  action read_dataset appliesTo { principal: Identity, resource: Dataset, context: Call };
  action scan_content appliesTo { principal: Identity, resource: Gateway, context: Call };
  action list_models appliesTo { principal: Identity, resource: Gateway, context: Call };

  action "identity.create" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "identity.read" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "identity.update" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "identity.suspend" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "identity.retire" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "identity.reactivate" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "secret.rotate" appliesTo { principal: Identity, resource: Identity, context: Call };
  action "token.mint" appliesTo { principal: Identity, resource: Identity, context: Call };
  action "token.revoke" appliesTo { principal: Identity, resource: [Gateway, Identity], context: Call };
  action "apikey.create" appliesTo { principal: Identity, resource: Identity, context: Call };
  action "key.rotate" appliesTo { principal: Identity, resource: [Gateway, SigningKey], context: Call };
  action "key.read" appliesTo { principal: Identity, resource: [Gateway, SigningKey], context: Call };
  action "audit.read" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "model.read" appliesTo { principal: Identity, resource: [Gateway, Model], context: Call };
  action "model.promote" appliesTo { principal: Identity, resource: Model, context: Call };
  action "model.rollback" appliesTo { principal: Identity, resource: Model, context: Call };
  action "traffic.read" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "traffic.stop" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "traffic.resume" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "incident.set" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "approval.read" appliesTo { principal: Identity, resource: Gateway, context: Call };
  action "approval.decide" appliesTo { principal: Identity, resource: Gateway, context: Call };
}
`;
}

/** The schema with no tool arguments typed (`context.args` an empty record). */
export const CEDAR_SCHEMA = cedarSchema();

export const NAMESPACE = 'Gatehouse';

export const INFERENCE_ACTIONS: readonly InferenceAction[] = ['invoke_model', 'use_tool', 'read_dataset', 'scan_content', 'list_models'];

/** Every admin action of the contract; a test keeps it in step with the schema. */
export const ADMIN_ACTIONS: readonly AdminAction[] = [
  'identity.create',
  'identity.read',
  'identity.update',
  'identity.suspend',
  'identity.retire',
  'identity.reactivate',
  'secret.rotate',
  'token.mint',
  'token.revoke',
  'apikey.create',
  'key.rotate',
  'key.read',
  'audit.read',
  'model.read',
  'model.promote',
  'model.rollback',
  'traffic.read',
  'traffic.stop',
  'traffic.resume',
  'incident.set',
  'approval.read',
  'approval.decide',
];

/** Resource types whose entities carry `name` and `environments`. */
export const CATALOG_TYPES: ReadonlySet<ResourceType> = new Set(['Model', 'Tool', 'Dataset']);

/** `Gatehouse::Action::"identity.create"`: how a policy names an action. */
export function actionRef(action: string): string {
  return `${NAMESPACE}::Action::${JSON.stringify(action)}`;
}
