import type { Authorizer } from '../../authz/types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange, ModelQuery } from '../../core/exchange.js';
import type { LocalTerminal } from '../../core/stage.js';
import type { Principal } from '../../identity/types.js';
import { statusFor, type ModelEntry } from '../../routing/model-registry.js';

export interface ModelListingDeps {
  models: ReadonlyMap<string, ModelEntry>;
  /** Present with authentication on: then a caller sees exactly the models its policies let it invoke. */
  authorizer: Authorizer | null;
  /** When this configuration version was loaded (ms since epoch): the models' `created`. */
  loadedAt: number;
}

/**
 * The terminals of GET /v1/models and GET /v1/models/:model: the logical models this gateway serves, never
 * upstream hosts. A caller sees the models it could be served: none whose every deployment is blocked for
 * its environment, and, with authentication on, exactly those its policies let it invoke. Unknown and
 * not-allowed answer the same 404, so a caller cannot probe what exists beyond its grants.
 */
export function createModelListing(deps: ModelListingDeps): { list: LocalTerminal; get: LocalTerminal } {
  const created = Math.floor(deps.loadedAt / 1000);
  const card = (m: ModelEntry): Record<string, unknown> => ({ id: m.name, object: 'model', created, owned_by: m.providerType });
  return {
    list: {
      name: 'list-models',
      answer: function listModels(exchange: Exchange): Record<string, unknown> {
        const data = [...deps.models.values()].filter((m) => mayInvoke(deps, exchange.principal, m)).map(card);
        return { object: 'list', data };
      },
    },
    get: {
      name: 'list-models',
      answer: function getModel(exchange: Exchange): Record<string, unknown> {
        const name = (exchange.request.body as ModelQuery).model;
        const model = deps.models.get(name);
        if (!model || !mayInvoke(deps, exchange.principal, model)) {
          throw new GatewayError('model_not_found', `The model '${name.slice(0, 64)}' does not exist or you do not have access to it.`, { param: 'model' });
        }
        return card(model);
      },
    },
  };
}

/**
 * Listed when the caller could be served: some deployment of the model is approved or on trial for the
 * caller's environment (anonymous callers: `anonymous`), and, with auth on, the policies allow invoking it.
 */
function mayInvoke(deps: ModelListingDeps, principal: Principal | null, entry: ModelEntry): boolean {
  const audience = principal?.identity.environment ?? 'anonymous';
  if (!entry.deployments.some((d) => statusFor(d, audience) !== 'blocked')) return false;
  if (!principal || !deps.authorizer) return true;
  return (
    deps.authorizer.authorize({ principal, action: 'invoke_model', resource: { type: 'Model', id: entry.name, environments: entry.environments } }).decision ===
    'allow'
  );
}
