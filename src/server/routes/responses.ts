import type { FastifyInstance } from 'fastify';
import { chatFromResponses, OPENAI_RESPONSES, responsesApi } from '../../ingress/responses/index.js';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * POST /v1/responses: OpenAI's Responses API. The body is translated into the internal chat request
 * (a malformed one is refused here and recorded by the error handler), then runs the same exchange as
 * /v1/chat/completions. The gateway keeps no responses (store is always false), so the API's stored-response
 * endpoints answer a typed 404 (src/stages/stored-responses) instead of pretending.
 */
export function registerResponsesRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/v1/responses', function responses(req, reply) {
    const { chat, echo } = chatFromResponses(req.body);
    const api = responsesApi(echo);
    return runExchange(req, reply, { operation: 'chat', body: chat }, deps, api);
  });
  // Behind the same stages as every /v1 route: a stored response is asked for only by a caller who may ask.
  app.get<{ Params: { id: string } }>('/v1/responses/:id', function storedResponse(req, reply) {
    return runExchange(req, reply, { operation: 'responses.get', body: { id: req.params.id } }, deps, OPENAI_RESPONSES);
  });
  app.delete<{ Params: { id: string } }>('/v1/responses/:id', function deleteStoredResponse(req, reply) {
    return runExchange(req, reply, { operation: 'responses.get', body: { id: req.params.id } }, deps, OPENAI_RESPONSES);
  });
}
