import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '../log/logger.js';
import type { ExchangeRecord } from '../core/record.js';
import { emitExchangeSpans } from './exchange-spans.js';

export interface TracingOptions {
  /** OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces (spans are sent as OTLP JSON). */
  endpoint: string;
  /** Sent with every export; values starting with `env:` or `file:` are secret references. */
  headers?: Record<string, string>;
  /** Resolves `env:`/`file:` header values once, here; a missing secret throws (a startup error). */
  resolveSecret: (ref: string) => string;
  /** `service.name` of the resource. */
  serviceName: string;
  /** Reserved: records carry no prompt or completion text, so there is nothing to capture. */
  captureContent?: false;
  /** Configured model names: a requested model outside them stays out of span names. */
  models?: () => Iterable<string>;
  /** Provider type of a configured provider id, for `gen_ai.provider.name` (otherwise the id is used). */
  providerType?: (providerId: string) => string | undefined;
  logger?: Logger;
  /** Spans held for export at most; past it new spans are dropped (default 2048). */
  maxQueueSize?: number;
  /** Spans per export request (default 512). */
  maxExportBatchSize?: number;
  /** Longest a span waits before its batch is sent, ms (default 2000). */
  scheduledDelayMillis?: number;
  /** One export request, retries included, ms (default 10000). Bounds shutdown when the collector is down. */
  exportTimeoutMillis?: number;
}

export interface Tracing {
  /** Pass to `recorder.onCommitted`: queues final records for span building on a later turn; never throws. */
  readonly listener: (records: readonly ExchangeRecord[]) => void;
  /** Builds spans for queued records and exports everything pending. Never rejects; failures are logged. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops the exporter. Never rejects; later records are ignored. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces built from committed exchange records: one span tree per final record (see
 * emitExchangeSpans), batched and exported over OTLP/HTTP by a tracer provider of its own: nothing is
 * registered globally, so libraries' own instrumentation is not captured by accident. Memory is bounded
 * twice: records waiting for span building, and spans waiting for export, are each capped at maxQueueSize.
 */
export function createTracing(options: TracingOptions): Tracing {
  const maxQueueSize = options.maxQueueSize ?? 2048;
  const provider = createTracerProvider(options, maxQueueSize);
  const tracer = provider.getTracer('gatehouse');
  const log = options.logger;
  let pending: ExchangeRecord[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let dropped = 0;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  function buildPending(): void {
    scheduled = undefined;
    const batch = pending;
    pending = [];
    emitSpans(tracer, batch, options);
    if (dropped > 0) {
      log?.warn({ dropped, maxQueueSize }, 'tracing fell behind: exchange records were not turned into spans');
      dropped = 0;
    }
  }

  async function flush(): Promise<void> {
    if (scheduled) clearImmediate(scheduled);
    buildPending();
    try {
      await provider.forceFlush();
    } catch (err) {
      log?.warn({ err: errorFacts(err) }, 'trace export failed; spans dropped');
    }
  }

  return {
    listener: function queueCommittedRecords(records) {
      if (stopped) return;
      for (const record of records) {
        // A stream's durable start is followed by its final record under the same id: one span, from the final.
        if (record.outcome === 'in_progress') continue;
        if (pending.length >= maxQueueSize) dropped++;
        else pending.push(record);
      }
      // Span building waits for a later turn: the committing requests are still waiting on this call.
      if (pending.length > 0) scheduled ??= setImmediate(buildPending);
    },
    forceFlush: flush,
    shutdown() {
      stopping ??= (async () => {
        stopped = true;
        await flush();
        try {
          await provider.shutdown();
        } catch (err) {
          log?.warn({ err: errorFacts(err) }, 'trace exporter shutdown failed');
        }
      })();
      return stopping;
    },
  };
}

/** A tracer provider of our own, batching spans to the OTLP/HTTP endpoint. */
function createTracerProvider(options: TracingOptions, maxQueueSize: number): BasicTracerProvider {
  const exportTimeoutMillis = options.exportTimeoutMillis ?? 10_000;
  const exporter = new OTLPTraceExporter({
    url: options.endpoint,
    headers: resolveHeaders(options.headers ?? {}, options.resolveSecret),
    timeoutMillis: exportTimeoutMillis,
  });
  const processor = new BatchSpanProcessor(exporter, {
    maxQueueSize,
    maxExportBatchSize: Math.min(options.maxExportBatchSize ?? 512, maxQueueSize),
    scheduledDelayMillis: options.scheduledDelayMillis ?? 2000,
    // The exporter's own timeout bounds retries; this only frees the processor if it never answers.
    exportTimeoutMillis: exportTimeoutMillis + 1000,
  });
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [processor],
    spanLimits: { attributeValueLengthLimit: 1024, attributeCountLimit: 64, eventCountLimit: 128, linkCountLimit: 0 },
  });
}

/** The span trees of a batch of final records; a record whose spans cannot be built is logged and skipped. */
function emitSpans(tracer: Tracer, batch: readonly ExchangeRecord[], options: TracingOptions): void {
  const models = options.models ? readModels(options.models) : undefined;
  for (const record of batch) {
    try {
      emitExchangeSpans(tracer, record, { models, providerType: options.providerType });
    } catch (err) {
      options.logger?.warn({ requestId: record.id, err: errorFacts(err) }, 'could not build the spans of an exchange record; skipped');
    }
  }
}

/** Header values as sent: secret references resolved, literals as written. */
function resolveHeaders(headers: Record<string, string>, resolveSecret: (ref: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = /^(env|file):/.test(value) ? resolveSecret(value) : value;
  return out;
}

function readModels(models: () => Iterable<string>): ReadonlySet<string> {
  try {
    return new Set(models());
  } catch {
    return new Set();
  }
}

/** Name and code of an error for the log: exporter messages may quote the collector's answer. */
function errorFacts(err: unknown): { name: string; code?: string | number } {
  const e = err as { name?: unknown; code?: unknown };
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? e.code : undefined;
  return { name: typeof e?.name === 'string' ? e.name : 'Error', ...(code === undefined ? {} : { code }) };
}
