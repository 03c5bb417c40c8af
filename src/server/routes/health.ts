import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../core/errors.js';
import { requestIdHeaders } from '../../core/ids.js';

/** GET /healthz: the process answers. GET /readyz: it can serve (configuration loaded, store reachable). */
export function registerHealthRoutes(app: FastifyInstance, isReady: () => Promise<void>): void {
  app.get('/healthz', function healthz(req, reply) {
    reply.headers(requestIdHeaders(req.id)).send({ status: 'ok' });
  });
  app.get('/readyz', async function readyz(req, reply) {
    reply.headers(requestIdHeaders(req.id));
    try {
      await isReady();
      return reply.send({ status: 'ready' });
    } catch {
      return reply
        .code(503)
        .header('x-gatehouse-reason', 'not_ready')
        .send(errorBody('not_ready', 'The gateway is not ready: its store is unreachable or it is shutting down.'));
    }
  });
}
