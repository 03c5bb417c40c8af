import type { ChatRequest, ChatResult, EmbeddingsRequest, EmbeddingsResult } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import type { Router } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { Provider } from '../../providers/contract.js';
import type { ControlView } from '../../control/state.js';
import type { Logger } from '../../log/logger.js';
import type { DeploymentHealth } from '../../routing/health.js';
import type { ModelEntry } from '../../routing/model-registry.js';
import { untilAborted, walkPlan, type Attempt } from './attempts.js';
import { safeModeParts, safeModeResult } from './safe-mode.js';

export interface RouterDeps {
  models: ReadonlyMap<string, ModelEntry>;
  controls: ControlView;
  health: DeploymentHealth;
  logger: Logger;
  /** Random source of the balancers and backoff jitter; tests seed it. */
  random?: () => number;
}

/**
 * The terminal stage: walks the exchange's route plan (see ./attempts.ts) and hands the request to a
 * deployment's provider, with the upstream model id substituted for the logical name. See docs/routing.md.
 *
 * Streams commit to an attempt only once it produced its first part: until then a failure moves on to
 * the next attempt; after it, a failure reaches the client in-band, as nothing sent can be taken back.
 */
export function createRouter(providers: ReadonlyMap<string, Provider>, deps: RouterDeps): Router {
  const walkDeps = { ...deps, providers };

  function bodyFor(exchange: Exchange, attempt: Attempt): ChatRequest {
    return { ...(exchange.request.body as ChatRequest), model: attempt.deployment.upstreamModel };
  }

  return {
    name: 'route',
    async generate(exchange: Exchange): Promise<ChatResult> {
      const result = await walkPlan(exchange, walkDeps, true, function generateAttempt(attempt) {
        return untilAborted(attempt.provider.generate(bodyFor(exchange, attempt), { signal: attempt.signal, requestId: exchange.id }), attempt.signal);
      });
      return result.kind === 'served' ? result.value : safeModeResult(exchange, result.text);
    },

    stream: async function* routeStream(exchange: Exchange): AsyncGenerator<StreamPart> {
      const result = await walkPlan(exchange, walkDeps, true, async function openStream(attempt) {
        const iterator = attempt.provider.stream(bodyFor(exchange, attempt), { signal: attempt.signal, requestId: exchange.id })[Symbol.asyncIterator]();
        try {
          return { iterator, first: await untilAborted(iterator.next(), attempt.signal) };
        } catch (err) {
          // Runs after a pending next() settles: the provider's upstream call is released either way.
          iterator.return?.().catch(() => undefined);
          throw err;
        }
      });
      if (result.kind === 'safe_mode') {
        yield* safeModeParts(exchange, result.text);
        return;
      }
      const { iterator, first } = result.value;
      try {
        for (let next = first; !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.();
      }
    },

    async embed(exchange: Exchange): Promise<EmbeddingsResult> {
      // No text stands in for vectors: embeddings get the last failure or 503 no_healthy_deployment.
      const result = await walkPlan(exchange, walkDeps, false, function embedAttempt(attempt) {
        const provider = attempt.provider;
        if (!provider.embed)
          throw new GatewayError('model_capability_unsupported', `The provider of '${exchange.target?.name}' has no embeddings API.`, { param: 'model' });
        const body = { ...(exchange.request.body as EmbeddingsRequest), model: attempt.deployment.upstreamModel };
        return untilAborted(provider.embed(body, { signal: attempt.signal, requestId: exchange.id }), attempt.signal);
      });
      if (result.kind === 'served') return result.value;
      throw new GatewayError('no_healthy_deployment', 'No deployment of this model can serve the request now.');
    },
  };
}
