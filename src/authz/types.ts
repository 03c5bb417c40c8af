import type { Principal } from '../identity/types.js';
import type { ArgValue } from './tool-args.js';

/**
 * Cedar authorization, as the rest of the gateway sees it. Actions are Cedar action ids in the
 * `Gatehouse::Action` namespace; resources are typed entities.
 */

export type InferenceAction = 'invoke_model' | 'use_tool' | 'read_dataset' | 'scan_content' | 'list_models';

/** Every admin API action is authorized too, by role. */
export type AdminAction =
  | 'identity.create'
  | 'identity.read'
  | 'identity.update'
  | 'identity.suspend'
  | 'identity.retire'
  | 'identity.reactivate'
  | 'secret.rotate'
  | 'token.mint'
  | 'token.revoke'
  | 'apikey.create'
  | 'key.rotate'
  | 'key.read'
  | 'audit.read'
  | 'model.read'
  | 'model.promote'
  | 'model.rollback'
  | 'traffic.read'
  | 'traffic.stop'
  | 'traffic.resume'
  | 'incident.set'
  | 'approval.read'
  | 'approval.decide';

export type Action = InferenceAction | AdminAction;

export type ResourceType = 'Model' | 'Tool' | 'Dataset' | 'Identity' | 'SigningKey' | 'Gateway';

export interface Resource {
  type: ResourceType;
  id: string;
  /** Environments the resource may be reached from (models, tools, datasets); absent = any. */
  environments?: string[];
}

export interface AuthzRequest {
  principal: Principal;
  action: Action;
  resource: Resource;
  /**
   * Extra context attributes (e.g. `endUser`, `direction: 'input' | 'output'` for tools, and `args`: the
   * arguments of a call a model proposed or an agent sent through the MCP gateway, see tool-args.ts).
   */
  context?: Record<string, ArgValue>;
}

export interface AuthzDecision {
  decision: 'allow' | 'deny';
  /** Ids of the policies that determined the decision (the permits that allowed, or the forbids that denied). */
  policyIds: string[];
  /** Evaluation errors; any error means deny (fail closed). */
  errors: string[];
  /** sha256 of the policy set in force, so a decision can be tied to its policy version. */
  policyVersion: string;
}

/** Evaluates requests against one preparsed policy set. Built once per configuration version. */
export interface Authorizer {
  readonly policyVersion: string;
  /**
   * Whether any use_tool policy reads `args`: then the authorize stage checks each call a model proposes
   * with its arguments (and a stream's calls are held back until complete). Absent: false.
   */
  readonly readsToolArgs?: boolean;
  authorize(request: AuthzRequest): AuthzDecision;
}
