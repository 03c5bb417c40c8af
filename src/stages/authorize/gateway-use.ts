import type { Authorizer } from '../../authz/types.js';
import type { Operation } from '../../core/exchange.js';
import { respond, type Continue, type Respond } from '../../core/stage.js';
import type { Principal } from '../../identity/types.js';
import { reasonOf } from './checks.js';

/** Operations that use the gateway itself rather than a model, and the Cedar action each is authorized as. */
const GATEWAY_ACTIONS: Partial<Record<Operation, { action: 'scan_content' | 'list_models'; what: string }>> = {
  'guard.scan': { action: 'scan_content', what: 'scan content with' },
  'models.list': { action: 'list_models', what: 'list the models of' },
  'models.get': { action: 'list_models', what: 'list the models of' },
  // Counting a prompt's tokens reads what a model is like, as a listing does; the count itself is then given
  // only for a model the caller may invoke (src/stages/count-tokens).
  'tokens.count': { action: 'list_models', what: 'count tokens with' },
  // Asking for a stored response reads the gateway's state, as a listing does (and finds nothing: none is kept).
  'responses.get': { action: 'list_models', what: 'read stored responses from' },
};

/** The resource of gateway actions: there is one gateway, as far as a policy can tell. */
const GATEWAY = Object.freeze({ type: 'Gateway' as const, id: 'gatehouse' });

/**
 * Authorizes a scan or a model listing as its own Cedar action on the Gateway; undefined for operations
 * that invoke a model (those are authorized resource by resource). Which models a listing then shows is
 * decided model by model with invoke_model, by the listing itself.
 */
export function authorizeGatewayUse(authorizer: Authorizer, principal: Principal, operation: Operation): Continue | Respond | undefined {
  // A requester asking about its own held call needs no grant: the approvals terminal answers only the
  // identity that asked, and anyone else as if the approval did not exist.
  if (operation === 'approvals.get' || operation === 'approvals.result') return { action: 'continue', note: 'own approval' };
  const use = GATEWAY_ACTIONS[operation];
  if (!use) return undefined;
  const decision = authorizer.authorize({ principal, action: use.action, resource: GATEWAY });
  const policyId = decision.policyIds.length > 0 ? decision.policyIds.join(',') : undefined;
  if (decision.decision === 'allow' && decision.errors.length === 0) return { action: 'continue', policyId, note: use.action };
  const reason = reasonOf(decision);
  const message =
    reason === 'authorization_error'
      ? `Authorization could not be evaluated for ${use.action}; the request is denied.`
      : `Identity '${principal.identity.id}' may not ${use.what} this gateway.`;
  return respond(reason, message, { policyId });
}
