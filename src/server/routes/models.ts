import type { FastifyInstance } from 'fastify';
import { recordRejected, type LifecycleDeps } from '../exchange-lifecycle.js';
import type { RuntimeHolder } from '../runtime.js';
import { sendRefusal } from './inference.js';

/** GET /v1/models and /v1/models/:model: the logical models this gateway serves, never upstream hosts. */
export function registerModelRoutes(app: FastifyInstance, holder: RuntimeHolder, deps: LifecycleDeps): void {
  app.get('/v1/models', function listModels(req, reply) {
    const runtime = holder.current;
    const created = Math.floor(runtime.loadedAt / 1000);
    const data = [...runtime.models.values()].map((m) => ({ id: m.name, object: 'model', created, owned_by: m.providerType }));
    reply.header('x-gatehouse-request-id', req.id).send({ object: 'list', data });
  });
  app.get<{ Params: { model: string } }>('/v1/models/:model', function getModel(req, reply) {
    const runtime = holder.current;
    const model = runtime.models.get(req.params.model);
    if (!model) {
      recordRejected(req, reply, 404, 'model_not_found', deps);
      return sendRefusal(reply, req.id, { status: 404, reason: 'model_not_found', message: `The model '${req.params.model.slice(0, 64)}' does not exist.`, param: 'model' });
    }
    reply.header('x-gatehouse-request-id', req.id).send({ id: model.name, object: 'model', created: Math.floor(runtime.loadedAt / 1000), owned_by: model.providerType });
  });
}
