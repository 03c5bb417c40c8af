import type { FastifyInstance } from 'fastify';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * GET /v1/models and /v1/models/:model: exchanges like chat, run by the same pipeline (authenticate,
 * traffic-control, authorize as `list_models`, limits) with the model listing as their terminal
 * (src/stages/list-models). Each leaves one record.
 */
export function registerModelRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.get('/v1/models', function listModels(req, reply) {
    return runExchange(req, reply, { operation: 'models.list', body: {} }, deps);
  });
  app.get<{ Params: { model: string } }>('/v1/models/:model', function getModel(req, reply) {
    return runExchange(req, reply, { operation: 'models.get', body: { model: req.params.model } }, deps);
  });
}
