import { z } from 'zod';

/**
 * Config section `limits`: requests and tokens per minute, concurrent requests and cost budgets, per identity
 * (through a named profile), per team and per model. Embedded, the counters live in this process; with
 * `backend: redis` every replica shares them through atomic scripts.
 */

const secretRef = z.string().regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'must be a secret reference such as env:REDIS_URL');
const profileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - only (max 64)');
const perMinute = z.number().int().positive().max(1e9);

const budgetPeriodSchema = z
  .strictObject({
    softUsd: z.number().positive().optional().describe('Passing it raises an alert (recorded, logged, counted); requests go on'),
    hardUsd: z.number().positive().optional().describe('Requests that would pass it are refused with 429 budget_exhausted until the period ends'),
  })
  .refine((b) => b.softUsd !== undefined || b.hardUsd !== undefined, 'set softUsd, hardUsd or both');

export const limitSetSchema = z.strictObject({
  requestsPerMinute: perMinute.optional().describe('Requests per minute (GCRA: smooth, bursts up to the whole minute)'),
  tokensPerMinute: perMinute
    .optional()
    .describe('Input tokens (counted before the call) plus output tokens (max_tokens reserved, settled with actual usage) per minute'),
  concurrentRequests: z.number().int().positive().max(1e6).optional().describe('Requests in flight at once, streams included'),
  budget: z
    .strictObject({
      daily: budgetPeriodSchema.optional().describe('Per UTC day'),
      monthly: budgetPeriodSchema.optional().describe('Per UTC calendar month'),
    })
    .optional()
    .describe("Cost budgets, priced from the serving deployment's pricing"),
});

/** A tool call has no tokens and no price of its own: requests per minute and calls in flight. */
const toolLimitSchema = z.strictObject({
  requestsPerMinute: perMinute.optional().describe('Calls of the tool per minute, per identity'),
  concurrentRequests: z.number().int().positive().max(1e6).optional().describe('Calls of the tool in flight at once, per identity'),
});

const redisUrl = z.union([secretRef, z.string().regex(/^rediss?:\/\/[^:@/]*@?[^@]*$/, 'must be a redis:// URL without a password, or a secret reference')]);

export const limitsSchema = z
  .strictObject({
    backend: z
      .enum(['memory', 'redis'])
      .default('memory')
      .describe("memory: this gateway only (its workers share the primary's counters); redis: shared by every replica"),
    redis: z
      .strictObject({
        url: redisUrl.describe('Secret reference to the URL, or a redis:// URL without a password'),
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9:_.-]{1,64}$/)
          .default('gatehouse:')
          .describe('Key prefix, so several gateways can share one Redis'),
        timeoutMs: z.number().int().positive().max(10_000).default(250).describe('A limit check slower than this counts as a backend failure'),
      })
      .optional()
      .describe('Required when backend is redis'),
    failMode: z
      .enum(['closed', 'open'])
      .default('closed')
      .describe('closed: a backend failure refuses with 503 limits_unavailable; open: the request goes on and the fail-open is recorded'),
    outputTokenReservation: z
      .number()
      .int()
      .positive()
      .max(1e7)
      .default(1024)
      .describe('Output tokens reserved when a request sets no max_tokens (capped by the context window)'),
    profiles: z
      .record(profileName, limitSetSchema)
      .default({})
      .describe("Named limit sets; an identity's limitsProfile picks one, else its environment's default. Each identity gets its own counters"),
    defaults: z
      .strictObject({
        sandbox: profileName.optional(),
        pilot: profileName.optional(),
        production: profileName.optional(),
        anonymous: profileName.optional().describe('Profile for callers while auth is off (they share one set of counters)'),
      })
      .prefault({}),
    teams: z
      .record(z.string().min(1), limitSetSchema)
      .default({})
      .describe("Per team (an identity's team), shared by its identities; key * applies to every team not listed"),
    models: z
      .record(z.string().min(1), limitSetSchema)
      .default({})
      .describe('Per logical model, shared by every caller; key * applies to every model not listed'),
    tools: z
      .record(z.string().min(1), toolLimitSchema)
      .default({})
      .describe(
        'Per MCP tool (its namespaced name, e.g. shop/refund), counted per identity: each caller has its own counters for each tool; key * applies to every tool not listed',
      ),
    global: limitSetSchema.optional().describe('For the whole gateway (all replicas on one Redis)'),
  })
  .superRefine((l, ctx) => {
    if (l.backend === 'redis' && !l.redis) ctx.addIssue({ code: 'custom', path: ['redis'], message: 'limits.redis.url is required when backend is redis' });
    for (const [key, name] of Object.entries(l.defaults)) {
      if (name !== undefined && !(name in l.profiles)) ctx.addIssue({ code: 'custom', path: ['defaults', key], message: `unknown limits profile "${name}"` });
    }
  });

export const limitsSections = {
  limits: limitsSchema.prefault({}).describe('Rate limits, concurrency and budgets'),
};

export type LimitsConfig = z.infer<typeof limitsSchema>;
export type LimitSetConfig = z.infer<typeof limitSetSchema>;
