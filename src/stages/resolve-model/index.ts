import type { Exchange, ResolvedModel } from '../../core/exchange.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';

export interface ModelEntry extends ResolvedModel {
  kind: 'chat' | 'embedding';
  /** Environments whose identities may reach the model; absent = all. */
  environments?: string[];
}

/**
 * Maps the logical model name the client sent to the configured deployment. Clients choose names,
 * never hosts or keys: an unknown name is refused, not forwarded.
 */
export function createResolveModelStage(models: ReadonlyMap<string, ModelEntry>): Stage {
  return {
    name: 'resolve-model',
    enforce: true,
    failOpen: false,
    onRequest: function resolveModel(exchange: Exchange): Verdict {
      const name = exchange.request.body.model;
      const entry = models.get(name);
      if (!entry) return respond('model_not_found', `The model '${truncate(name)}' does not exist or you do not have access to it.`, { param: 'model' });
      const wanted = exchange.request.operation === 'chat' ? 'chat' : 'embedding';
      if (entry.kind !== wanted) {
        return respond('model_capability_unsupported', `The model '${name}' is a ${entry.kind} model and cannot serve ${exchange.request.operation} requests.`, { param: 'model' });
      }
      exchange.target = { name: entry.name, providerId: entry.providerId, providerType: entry.providerType, upstreamModel: entry.upstreamModel };
      return CONTINUE;
    },
  };
}

function truncate(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
