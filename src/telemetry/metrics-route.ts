import type { FastifyInstance } from 'fastify';
import { requestIdHeaders } from '../core/ids.js';
import type { Metrics } from './exchange-metrics.js';

export interface MetricsRouteOptions {
  /** `telemetry.metrics.path`, e.g. `/metrics`. */
  path: string;
}

/**
 * GET {path}: the Prometheus exposition text. Like the health routes, a scrape is not an exchange and
 * leaves no record (a scrape every few seconds would otherwise fill the audit trail). The text holds
 * counts and configured names only, never content; keep the listener private if those are sensitive.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, options: MetricsRouteOptions): void {
  app.get(options.path, async function prometheusMetrics(req, reply) {
    const text = await metrics.render();
    return reply.headers(requestIdHeaders(req.id)).header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
