import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import type { Router } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../../providers/contract.js';
import type { ControlView } from '../../control/state.js';
import type { Logger } from '../../log/logger.js';
import type { DeploymentHealth } from '../../routing/health.js';
import type { ModelEntry } from '../../routing/registry.js';

/**
 * The terminal stage: hands the exchange to the provider of its resolved model, with the upstream
 * model id substituted for the logical name. Fallbacks and retries belong here (a later issue).
 */
export interface RouterDeps {
  models: ReadonlyMap<string, ModelEntry>;
  controls: ControlView;
  health: DeploymentHealth;
  logger: Logger;
}

export function createRouter(providers: ReadonlyMap<string, Provider>, deps: RouterDeps): Router {
  void deps;
  function providerFor(exchange: Exchange): { provider: Provider; upstreamModel: string } {
    const target = exchange.target;
    const provider = target && providers.get(target.providerId);
    if (!target || !provider) throw new GatewayError('internal_error', 'no provider resolved for the exchange');
    return { provider, upstreamModel: target.upstreamModel };
  }

  return {
    name: 'route',
    generate(exchange: Exchange): Promise<ChatResult> {
      const { provider, upstreamModel } = providerFor(exchange);
      const body = { ...(exchange.request.body as ChatRequest), model: upstreamModel };
      return provider.generate(body, { signal: exchange.signal, requestId: exchange.id });
    },
    stream(exchange: Exchange): AsyncIterable<StreamPart> {
      const { provider, upstreamModel } = providerFor(exchange);
      const body = { ...(exchange.request.body as ChatRequest), model: upstreamModel };
      return provider.stream(body, { signal: exchange.signal, requestId: exchange.id });
    },
    async embed(exchange: Exchange): Promise<EmbeddingsResult> {
      const { provider, upstreamModel } = providerFor(exchange);
      if (!provider.embed) throw new GatewayError('model_capability_unsupported', `The provider of '${exchange.target?.name}' has no embeddings API.`, { param: 'model' });
      const body = { ...(exchange.request.body as EmbeddingsRequest), model: upstreamModel };
      return provider.embed(body, { signal: exchange.signal, requestId: exchange.id });
    },
  };
}
