import type { TelemetryConfig } from '../config/schema-telemetry.js';
import type { Logger } from '../log/logger.js';
import type { ExchangeRecord } from '../core/record.js';
import { createMetrics, type Metrics } from './exchange-metrics.js';
import type { Tracing } from './tracing.js';

export { createMetrics, type Metrics, type MetricsOptions } from './exchange-metrics.js';
export { registerMetricsRoute, type MetricsRouteOptions } from './metrics-route.js';
// Types only: tracing.ts and the OpenTelemetry SDK behind it are imported when tracing is enabled (below).
export type { Tracing, TracingOptions } from './tracing.js';

export interface TelemetryDeps {
  /** The configured model names of the current runtime, e.g. `() => holder.current.models.keys()`. */
  models: () => Iterable<string>;
  /** Provider type of a provider id, e.g. `(id) => holder.current.config.providers[id]?.type`. */
  providerType?: (providerId: string) => string | undefined;
  resolveSecret: (ref: string) => string;
  logger?: Logger;
}

export interface Telemetry {
  /** Present when `telemetry.metrics.enabled`: hand to registerMetricsRoute. */
  readonly metrics: Metrics | undefined;
  readonly tracing: Tracing | undefined;
  /** One listener for `recorder.onCommitted`, feeding whichever of the two is on. */
  readonly listener: (records: readonly ExchangeRecord[]) => void;
  /** Exports the last spans and stops the exporter; call after the recorder is closed. Never rejects. */
  shutdown(): Promise<void>;
}

/**
 * Builds the `telemetry` section: metrics and tracing, each optional. Header secret references are
 * resolved here, so a missing secret fails the start like any other configuration error. The OpenTelemetry
 * modules are loaded only when tracing is enabled: they take a few hundred milliseconds to import, which
 * every start (and the demo, with tracing off) would otherwise pay.
 */
export async function createTelemetry(config: TelemetryConfig, deps: TelemetryDeps): Promise<Telemetry> {
  const metrics = config.metrics.enabled ? createMetrics({ models: deps.models, defaultMetrics: config.metrics.defaultMetrics }) : undefined;
  const { tracing: t } = config;
  const tracing =
    t.enabled && t.endpoint
      ? (await import('./tracing.js')).createTracing({
          endpoint: t.endpoint,
          headers: t.headers,
          resolveSecret: deps.resolveSecret,
          serviceName: t.serviceName,
          models: deps.models,
          providerType: deps.providerType,
          logger: deps.logger,
        })
      : undefined;
  return {
    metrics,
    tracing,
    listener: function telemetryListener(records) {
      metrics?.listener(records);
      tracing?.listener(records);
    },
    shutdown: async () => {
      await tracing?.shutdown();
    },
  };
}
