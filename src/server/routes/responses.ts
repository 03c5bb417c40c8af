import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import { chatFromResponses, responsesApi } from '../../ingress/responses/index.js';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * POST /v1/responses: OpenAI's Responses API. The body is translated into the internal chat request
 * (a malformed one is refused here and recorded by the error handler), then runs the same exchange as
 * /v1/chat/completions. The gateway keeps no responses (store is always false), so the API's stored-response
 * endpoints answer a typed 404 instead of pretending.
 */
export function registerResponsesRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/v1/responses', function responses(req, reply) {
    const { chat, echo } = chatFromResponses(req.body);
    return runExchange(req, reply, { operation: 'chat', body: chat }, deps, responsesApi(echo));
  });
  app.get('/v1/responses/:id', function storedResponse() {
    throw notKept();
  });
  app.delete('/v1/responses/:id', function deleteStoredResponse() {
    throw notKept();
  });
}

function notKept(): GatewayError {
  return new GatewayError('response_not_stored', 'This gateway does not store responses (store is always false): there is nothing to retrieve.', {
    status: 404,
  });
}
