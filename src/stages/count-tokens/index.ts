import type { Authorizer } from '../../authz/types.js';
import type { ChatRequest } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import type { LocalTerminal } from '../../core/stage.js';
import { countChatTokens, encodingFor, loadTokenCounter } from '../../limits/tokens.js';
import { statusFor, type ModelEntry } from '../../routing/model-registry.js';

export interface TokenCountDeps {
  models: ReadonlyMap<string, ModelEntry>;
  /** Present with authentication on: then only a model the caller may invoke is counted for. */
  authorizer: Authorizer | null;
}

/**
 * The terminal of POST /v1/messages/count_tokens: the prompt's input tokens, counted with the tokenizer the
 * limits stage admits requests with (src/limits/tokens.ts), for the provider type of the model's first
 * deployment. It answers the number only; no upstream is called and nothing is charged. Unknown and
 * not-allowed models answer the same 404, as the model listing does, so a caller cannot probe beyond its grants.
 */
export function createTokenCountTerminal(deps: TokenCountDeps): LocalTerminal {
  return {
    name: 'count-tokens',
    answer: async function countTokens(exchange: Exchange): Promise<Record<string, unknown>> {
      const body = exchange.request.body as ChatRequest;
      const model = deps.models.get(body.model);
      if (!model || !mayInvoke(deps, exchange, model)) {
        throw new GatewayError('model_not_found', `The model '${body.model.slice(0, 64)}' does not exist or you do not have access to it.`, { param: 'model' });
      }
      const counter = await loadTokenCounter(encodingFor(model.deployments[0]?.providerType ?? model.providerType));
      return { input_tokens: countChatTokens(counter, body) };
    },
  };
}

/** As the listing decides it (src/stages/list-models): some deployment serves the caller's environment, and the policies allow invoking it. */
function mayInvoke(deps: TokenCountDeps, exchange: Exchange, entry: ModelEntry): boolean {
  const principal = exchange.principal;
  const audience = principal?.identity.environment ?? 'anonymous';
  if (!entry.deployments.some((d) => statusFor(d, audience) !== 'blocked')) return false;
  if (!principal || !deps.authorizer) return true;
  const resource = { type: 'Model' as const, id: entry.name, environments: entry.environments };
  return deps.authorizer.authorize({ principal, action: 'invoke_model', resource }).decision === 'allow';
}
