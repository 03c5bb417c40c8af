import { z } from 'zod';

/**
 * Config section `telemetry`: Prometheus metrics and OpenTelemetry traces, both built from committed
 * exchange records. Neither carries prompt or completion content. Changes need a restart.
 */

/** Paths the gateway already serves; the metrics route must not shadow them. */
const RESERVED_PATH = /^\/(v1|admin|oauth|\.well-known)(\/|$)|^\/(healthz|readyz)$/;
/** RFC 9110 field-name token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header names whose values are credentials: these must be secret references (principle: config holds no secrets). */
const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|password/i;
const SECRET_REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/;

const metricsSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Serve Prometheus metrics (request counts, latency, tokens, cost, guardrail findings, refusals, stage timings) at `path`'),
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'must be an absolute URL path such as /metrics')
    .refine((p) => !RESERVED_PATH.test(p), 'must not be under /v1, /admin, /oauth or /.well-known, nor /healthz or /readyz')
    .default('/metrics')
    .describe('URL path of the metrics endpoint on the main listener; unauthenticated, like /healthz'),
  defaultMetrics: z.boolean().default(false).describe("Also export Node's process metrics (CPU, memory, event-loop lag, GC) under their standard names"),
});

const tracingSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Export one span tree per exchange over OTLP/HTTP (JSON), following the OpenTelemetry GenAI conventions'),
    endpoint: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .optional()
      .describe('OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces; required when enabled'),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
        z
          .string()
          .min(1)
          .regex(/^[^\r\n]*$/, 'must be one line'),
      )
      .default({})
      .describe(
        'Headers sent with every export; values are literal or secret references (env:NAME, file:PATH), and credential headers (Authorization, API keys, tokens) must be references',
      ),
    serviceName: z.string().min(1).max(128).default('gatehouse').describe('service.name of the exported spans'),
    captureContent: z
      .literal(false, { error: 'content capture is not available: exchange records carry no prompt or completion text' })
      .default(false)
      .describe('Reserved. Prompt and completion content is never exported; only false is accepted'),
  })
  .superRefine((t, ctx) => {
    if (t.enabled && !t.endpoint)
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'telemetry.tracing.endpoint is required when tracing is enabled' });
    for (const [name, value] of Object.entries(t.headers)) {
      if (CREDENTIAL_HEADER.test(name) && !SECRET_REF.test(value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: `header ${name} carries a credential: give a secret reference (env:NAME or file:PATH), never the value`,
        });
      }
    }
  });

export const telemetrySchema = z.strictObject({
  metrics: metricsSchema.prefault({}).describe('Prometheus exposition endpoint'),
  tracing: tracingSchema.prefault({}).describe('OpenTelemetry trace export'),
});

export const telemetrySections = {
  telemetry: telemetrySchema
    .prefault({})
    .describe('Prometheus metrics and OpenTelemetry traces, built from committed exchange records, never content; changes need a restart'),
};

export type TelemetryConfig = z.infer<typeof telemetrySchema>;
export type MetricsConfig = z.infer<typeof metricsSchema>;
export type TracingConfig = z.infer<typeof tracingSchema>;
