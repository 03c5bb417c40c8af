import { z } from 'zod';
import { environmentsSchema } from './schema-identity.js';
import { DEPLOYMENT_STATUSES, type DeploymentStatus } from '../core/deployment.js';

export { DEPLOYMENT_STATUSES, type DeploymentStatus };

/**
 * Config sections `models` (the model registry) and `routing` (how a request finds a healthy deployment).
 *
 * A logical model name (what clients send as `model`, e.g. `chat-default`) maps to versioned deployments.
 * A deployment is one place a version is served: a provider, its upstream model id, region and residency
 * tags, price, context window, status per environment and the record of why it was chosen. Several
 * deployments may serve one version (two regions); a request is served by the active version's deployments,
 * then by the `fallbacks` models, in order.
 *
 * The short form (`provider:` and `upstreamModel:` on the model itself) is one deployment of version `1`.
 */

const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/, 'letters, digits and . _ : - / only');
const versionLabel = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - only (max 64)');
const residencyTag = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and - only (e.g. eu, us, de)');

/** Scripted behaviour of the mock provider for one model. Default: echo the last user message. */
export const mockBehaviourSchema = z.strictObject({
  text: z.string().optional().describe('Fixed reply text; default echoes the last user message'),
  toolCalls: z
    .array(z.strictObject({ name: z.string(), arguments: z.record(z.string(), z.unknown()).default({}) }))
    .optional()
    .describe('Tool calls to return instead of text'),
  error: z
    .strictObject({ status: z.number().int().min(400).max(599), message: z.string().default('mock error'), retryAfter: z.string().optional() })
    .optional()
    .describe('Fail with this upstream HTTP error instead of answering'),
  latencyMs: z.number().int().min(0).optional().describe("Overrides the provider's latencyMs for this model"),
});

const deploymentStatus = z.enum(DEPLOYMENT_STATUSES);

const pricingSchema = z.strictObject({
  inputPerMillionUsd: z.number().min(0).describe('USD per million input (prompt) tokens'),
  outputPerMillionUsd: z.number().min(0).describe('USD per million output (completion) tokens'),
});

const selectionSchema = z.strictObject({
  reason: z.string().min(1).describe('Why this deployment was chosen'),
  evaluation: z.string().optional().describe('The evaluation it passed: a report link or a summary with figures'),
  approver: z.string().min(1).describe('Who approved it'),
  date: z.iso.date().describe('When it was approved (YYYY-MM-DD)'),
});

/** What a deployment states about itself, in the short form and in `deployments` alike. */
const deploymentFields = {
  provider: identifier.describe('A key of `providers`'),
  upstreamModel: z.string().min(1).optional().describe('Upstream model id (Azure: deployment name). Defaults to the logical name'),
  region: z.string().min(1).max(64).optional().describe('Where the deployment runs, e.g. eu-west-1; shown and recorded'),
  residency: z.array(residencyTag).optional().describe('Data residency tags, e.g. [eu]: requests tagged with a residency only reach deployments carrying it'),
  pricing: pricingSchema.optional().describe('Price per token, for cost records and budgets. Without it the deployment costs 0'),
  contextWindow: z.number().int().positive().optional().describe('Largest prompt + completion in tokens; longer requests are refused before the call'),
  status: z
    .partialRecord(z.enum(['sandbox', 'pilot', 'production', 'anonymous']), deploymentStatus)
    .optional()
    .describe(
      'approved / trial / blocked per caller environment (anonymous: callers while auth is off). Omitted: approved everywhere; an environment not listed is blocked',
    ),
  selection: selectionSchema.optional().describe('The selection record: why chosen, evaluation, approver, date'),
  mock: mockBehaviourSchema.optional().describe('Scripted behaviour; only on a mock provider'),
};

const deploymentSchema = z.strictObject({
  ...deploymentFields,
  version: versionLabel.describe('The model version this deployment serves; promotion and rollback switch between versions'),
  id: identifier.max(128).optional().describe('Stable deployment id, recorded on every exchange; defaults to <version>:<provider>:<upstreamModel>'),
  weight: z.number().positive().max(1000).default(1).describe('Share of traffic among healthy deployments of the same version'),
});

const retrySchema = z.strictObject({
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(1)
    .describe('Retries of one deployment on a retryable error (429, 5xx, timeout, reset) before moving on; never after the first streamed byte'),
  baseDelayMs: z.number().int().min(0).max(60_000).default(100).describe('First backoff; doubles per retry, with full jitter'),
  maxDelayMs: z.number().int().min(0).max(60_000).default(2_000).describe('Longest single backoff'),
});

const circuitBreakerSchema = z.strictObject({
  failureThreshold: z.number().int().min(1).max(1000).default(5).describe('Consecutive retryable failures that open the circuit of a deployment'),
  openMs: z.number().int().min(100).max(3_600_000).default(30_000).describe('How long an open circuit refuses before letting one probe through (half-open)'),
});

/** Routing knobs; the top-level `routing` section sets defaults, a model's own `routing` overrides them. */
const routingFields = {
  balance: z
    .enum(['latency', 'weighted', 'ordered'])
    .describe(
      'Among healthy deployments of one version: latency (weights scaled by observed latency), weighted (random by weight) or ordered (first listed first)',
    ),
  maxAttempts: z.number().int().min(1).max(20).describe('Upstream calls one request may make in all, across retries and fallbacks'),
  attemptTimeoutMs: z
    .number()
    .int()
    .positive()
    .describe("Time for one attempt to produce its answer (streams: the first part), in ms; the provider's own timeouts still apply"),
  totalTimeoutMs: z
    .number()
    .int()
    .positive()
    .describe('Time for all attempts together, backoffs included; then the request fails (or gets the safe-mode answer)'),
  retry: retrySchema,
  circuitBreaker: circuitBreakerSchema,
};

export const routingSchema = z.strictObject({
  balance: routingFields.balance.default('latency'),
  maxAttempts: routingFields.maxAttempts.default(4),
  attemptTimeoutMs: routingFields.attemptTimeoutMs.default(30_000),
  totalTimeoutMs: routingFields.totalTimeoutMs.default(90_000),
  retry: retrySchema.prefault({}),
  circuitBreaker: circuitBreakerSchema.prefault({}),
});

const routingOverrideSchema = z.strictObject({
  balance: routingFields.balance.optional(),
  maxAttempts: routingFields.maxAttempts.optional(),
  attemptTimeoutMs: routingFields.attemptTimeoutMs.optional(),
  totalTimeoutMs: routingFields.totalTimeoutMs.optional(),
  retry: retrySchema.partial().optional(),
  circuitBreaker: circuitBreakerSchema.partial().optional(),
});

const safeModeSchema = z.strictObject({
  text: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'The deterministic answer (HTTP 200, reason safe_mode_response) when every deployment failed or is open; without safeMode the answer is 503 no_healthy_deployment',
    ),
});

export const modelSchema = z
  .strictObject({
    ...(Object.fromEntries(Object.entries(deploymentFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof deploymentFields]: z.ZodOptional<(typeof deploymentFields)[K]>;
    }),
    version: versionLabel.optional().describe('Short form only: the version label of its one deployment (default 1)'),
    deployments: z
      .array(deploymentSchema)
      .min(1)
      .optional()
      .describe('The versioned deployments of this model (long form; excludes the short-form provider/upstreamModel fields)'),
    defaultVersion: versionLabel
      .optional()
      .describe('The version served until one is promoted (gatehouse models promote); default: the first deployment listed'),
    kind: z.enum(['chat', 'embedding']).default('chat').describe('chat serves /v1/chat/completions; embedding serves /v1/embeddings'),
    environments: environmentsSchema.optional(),
    description: z.string().optional().describe('Shown to people, e.g. in the dashboard'),
    fallbacks: z
      .array(z.string().min(1))
      .default([])
      .describe('Other models tried in order when every deployment of this one fails or is open; same kind only'),
    routing: routingOverrideSchema.optional().describe('Overrides of the top-level routing section for this model'),
    safeMode: safeModeSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.deployments && m.provider !== undefined)
      ctx.addIssue({ code: 'custom', path: ['provider'], message: 'use either the short form (provider, upstreamModel) or deployments, not both' });
    if (!m.deployments && m.provider === undefined)
      ctx.addIssue({ code: 'custom', path: ['provider'], message: 'a model needs a provider (short form) or deployments' });
    if (m.deployments) {
      for (const key of ['upstreamModel', 'region', 'residency', 'pricing', 'contextWindow', 'status', 'selection', 'mock', 'version'] as const) {
        if (m[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} belongs on each deployment when deployments are listed` });
      }
      if (m.defaultVersion !== undefined && !m.deployments.some((d) => d.version === m.defaultVersion)) {
        ctx.addIssue({ code: 'custom', path: ['defaultVersion'], message: `no deployment has version "${m.defaultVersion}"` });
      }
    } else if (m.defaultVersion !== undefined && m.defaultVersion !== (m.version ?? '1')) {
      ctx.addIssue({ code: 'custom', path: ['defaultVersion'], message: `the only version is "${m.version ?? '1'}"` });
    }
  });

/** A deployment's recorded id: its own, or <version>:<provider>:<upstreamModel>. */
export function deploymentId(d: { id?: string | undefined; version: string; provider: string; upstreamModel?: string | undefined }, logicalName = ''): string {
  return d.id ?? `${d.version}:${d.provider}:${d.upstreamModel ?? logicalName}`;
}

export const modelsSections = {
  routing: routingSchema.prefault({}).describe('Defaults for retries, timeouts, balancing and circuit breakers; a model may override them'),
  models: z.record(z.string().min(1).max(256), modelSchema).default({}).describe('Models clients may request, by the name they send as `model`'),
};

export type ModelConfig = z.infer<typeof modelSchema>;
export type DeploymentConfig = z.infer<typeof deploymentSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
export type MockBehaviour = z.infer<typeof mockBehaviourSchema>;
