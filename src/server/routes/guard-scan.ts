import type { FastifyInstance } from 'fastify';
import type { GuardScanRequest } from '../../core/exchange.js';
import { runExchange, type InferenceDeps } from './inference.js';

/**
 * POST /v1/guard/scan: an exchange like chat, run by the same pipeline (authenticate, traffic-control,
 * authorize as `scan_content`, limits) with the scan as its terminal (src/stages/guard-scan). Recorded
 * like every exchange, without content.
 */
export function registerGuardScanRoute(app: FastifyInstance, deps: InferenceDeps): void {
  app.post('/v1/guard/scan', function guardScan(req, reply) {
    return runExchange(req, reply, { operation: 'guard.scan', body: req.body as GuardScanRequest }, deps);
  });
}
