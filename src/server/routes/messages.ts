import type { FastifyInstance } from 'fastify';
import { ANTHROPIC_MESSAGES, ANTHROPIC_TOKEN_COUNT, chatForTokenCount, chatFromMessages } from '../../ingress/anthropic-messages/index.js';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * POST /v1/messages: Anthropic's Messages API. The body is translated into the internal chat request
 * (a malformed one is refused here, in Anthropic's error shape, and recorded by the error handler), then
 * runs the same exchange as /v1/chat/completions; only the answer's shape differs.
 */
export function registerMessagesRoutes(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/v1/messages', function messages(req, reply) {
    const request = { operation: 'chat' as const, body: chatFromMessages(req.body) };
    return runExchange(req, reply, request, deps, ANTHROPIC_MESSAGES);
  });
  // A local operation behind the same stages (authenticate, authorize as list_models, limits): the answer
  // is the count, already in Anthropic's shape.
  app.post('/v1/messages/count_tokens', function countTokens(req, reply) {
    const request = { operation: 'tokens.count' as const, body: chatForTokenCount(req.body) };
    return runExchange(req, reply, request, deps, ANTHROPIC_TOKEN_COUNT);
  });
}
