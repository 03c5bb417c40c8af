import { Redis } from 'ioredis';
import { describe, expect, test } from 'vitest';
import { limitsSchema } from '../../config/schema-limits.js';
import type { ChatRequest } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import type { Respond } from '../../core/stage.js';
import type { Identity } from '../../identity/types.js';
import { createMemoryLimitBackend } from '../../limits/memory-backend.js';
import { createRedisLimitBackend } from '../../limits/redis-backend.js';
import { silentLogger } from '../../log/logger.js';
import { buildModelRegistry } from '../../routing/model-registry.js';
import { configSchema } from '../../config/schema.js';
import { applicableLimits } from './applicable-limits.js';
import { deploymentOf, estimateTokens } from './estimate.js';
import { formatDuration, msUntilPeriodEnds, retryAfterSeconds } from './headers.js';
import { createLimitsStage, renewIfDue } from './index.js';
import { settlementOf } from './settlement.js';

const models = buildModelRegistry(
  configSchema.parse({
    providers: { mock: { type: 'mock' }, claude: { type: 'anthropic', apiKey: 'env:K' } },
    models: {
      'chat-default': { provider: 'mock', pricing: { inputPerMillionUsd: 1000, outputPerMillionUsd: 2000 }, contextWindow: 100 },
      other: { provider: 'mock' },
      'in-heavy': { provider: 'mock', pricing: { inputPerMillionUsd: 3000, outputPerMillionUsd: 500 } },
      wide: { provider: 'mock', contextWindow: 500 },
      claude: { provider: 'claude', pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 1 } },
    },
  }),
);

function exchangeFor(
  options: { identity?: Partial<Identity>; model?: string; body?: Partial<ChatRequest>; trace?: Exchange['trace']; usage?: Exchange['usage'] } = {},
): Exchange {
  const model = options.model ?? 'chat-default';
  const entry = models.get(model)!;
  const d = entry.deployments[0]!;
  return {
    id: 'x',
    startedAt: Date.now(),
    t0: 0,
    headers: {},
    signal: new AbortController().signal,
    streamed: false,
    request: { operation: 'chat', body: { model, messages: [{ role: 'user', content: 'hello' }], ...options.body } },
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: options.identity
      ? {
          identity: { id: 'alice', team: null, environment: 'sandbox', limitsProfile: null, ...options.identity } as Identity,
          credential: 'api_key',
          tokenId: null,
          scopes: [],
          endUser: null,
          actor: null,
        }
      : null,
    endUser: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    firstByteAt: null,
    state: new Map(),
    target: {
      name: model,
      providerId: d.providerId,
      providerType: d.providerType,
      upstreamModel: d.upstreamModel,
      version: d.version,
      deploymentId: d.id,
      pricing: d.pricing,
    },
    trace: options.trace ?? [],
    usage: options.usage ?? null,
  };
}

const limits = limitsSchema.parse({
  profiles: { small: { requestsPerMinute: 5 }, big: { requestsPerMinute: 500 }, anon: { concurrentRequests: 2 } },
  defaults: { sandbox: 'small', anonymous: 'anon' },
  teams: { red: { tokensPerMinute: 1000 }, '*': { requestsPerMinute: 50 } },
  models: { 'chat-default': { budget: { daily: { hardUsd: 1 } } }, '*': { requestsPerMinute: 70 } },
  global: { requestsPerMinute: 10_000 },
});
const keysOf = (exchange: Exchange) => applicableLimits(limits, exchange).map((a) => a.key);

describe('which limits apply', () => {
  test('identity (own counters, profile or environment default), team (or *), model (or *), global', () => {
    expect(keysOf(exchangeFor({ identity: { id: 'alice', team: 'red', limitsProfile: 'big' } }))).toEqual([
      'identity:alice',
      'team:red',
      'model:chat-default',
      'global',
    ]);
    const alice = applicableLimits(limits, exchangeFor({ identity: { id: 'alice', team: 'red', limitsProfile: 'big' } }));
    expect(alice[0]!.limits.requestsPerMinute).toBe(500);
    const bob = applicableLimits(limits, exchangeFor({ identity: { id: 'bob', team: 'blue' }, model: 'other' }));
    expect(bob.map((a) => [a.key, a.limits.requestsPerMinute])).toEqual([
      ['identity:bob', 5],
      ['team:blue', 50],
      ['model:other', 70],
      ['global', 10_000],
    ]);
  });

  test('an unknown profile name falls back to the environment default; no default and no team: no identity or team limits', () => {
    expect(applicableLimits(limits, exchangeFor({ identity: { limitsProfile: 'typo' } }))[0]).toMatchObject({
      key: 'identity:alice',
      limits: { requestsPerMinute: 5 },
    });
    expect(keysOf(exchangeFor({ identity: { environment: 'production' } }))).toEqual(['model:chat-default', 'global']);
  });

  test('anonymous callers share one set of counters', () => {
    expect(keysOf(exchangeFor())).toEqual(['anonymous', 'model:chat-default', 'global']);
  });
});

describe('reservation math', () => {
  const deployment = deploymentOf(models, exchangeFor())!;
  test('input counted, max_tokens reserved per choice and priced at the target deployment', async () => {
    expect(await estimateTokens(exchangeFor({ body: { max_tokens: 10, n: 2 } }), deployment, 1024)).toEqual({
      ok: true,
      estimate: { input: 8, output: 20, costMicroUsd: 8 * 1000 + 20 * 2000 },
    });
    expect(await estimateTokens(exchangeFor({ body: { max_completion_tokens: 7, max_tokens: 50 } }), deployment, 1024)).toMatchObject({
      estimate: { output: 7 },
    });
  });

  test('the default reservation shrinks to the context window; an explicit one that does not fit is refused', async () => {
    expect(await estimateTokens(exchangeFor(), deployment, 1024)).toMatchObject({ ok: true, estimate: { input: 8, output: 92 } });
    expect(await estimateTokens(exchangeFor({ body: { max_tokens: 93 } }), deployment, 1024)).toEqual({ ok: false, input: 8, output: 93, contextWindow: 100 });
    expect(await estimateTokens(exchangeFor({ model: 'other' }), deploymentOf(models, exchangeFor({ model: 'other' })), 1024)).toMatchObject({
      estimate: { output: 1024, costMicroUsd: 0 },
    });
  });
});

describe("reservations priced at the route plan's worst case", () => {
  /** The exchange for `model` with a plan of its own group then each of `fallbacks`. */
  const planned = (model: string, fallbacks: string[], body: Partial<ChatRequest> = { max_tokens: 10 }): Exchange => {
    const ex = exchangeFor({ model, body });
    const group = (m: string) => ({ model: m, version: '1', deployments: models.get(m)!.deployments });
    ex.plan = { version: '1', pinned: false, groups: [group(model), ...fallbacks.map(group)], residency: [] };
    return ex;
  };

  test("an unpriced primary with a priced fallback reserves at the fallback's price", async () => {
    expect(await estimateTokens(planned('other', ['chat-default']), undefined, 1024)).toEqual({
      ok: true,
      estimate: { input: 8, output: 10, costMicroUsd: 8 * 1000 + 10 * 2000 },
    });
  });

  test('input and output prices are maxed separately across the plan', async () => {
    expect(await estimateTokens(planned('chat-default', ['in-heavy']), undefined, 1024)).toMatchObject({ estimate: { costMicroUsd: 8 * 3000 + 10 * 2000 } });
    expect(await estimateTokens(planned('in-heavy', ['other', 'chat-default']), undefined, 1024)).toMatchObject({
      estimate: { costMicroUsd: 8 * 3000 + 10 * 2000 },
    });
  });

  test('every deployment unpriced: the reservation costs nothing; a plan without fallbacks keeps its own price', async () => {
    expect(await estimateTokens(planned('other', []), undefined, 1024)).toMatchObject({ estimate: { costMicroUsd: 0 } });
    expect(await estimateTokens(planned('chat-default', []), undefined, 1024)).toMatchObject({ estimate: { costMicroUsd: 8 * 1000 + 10 * 2000 } });
  });

  test('a plan that may reach a provider counted with cl100k counts the input with it', async () => {
    const long = { max_tokens: 10, messages: [{ role: 'user' as const, content: 'Übersetzung: 東京都 ist groß; '.repeat(20) }] };
    const alone = await estimateTokens(planned('other', [], long), undefined, 1024);
    const withClaude = await estimateTokens(planned('other', ['claude'], long), undefined, 1024);
    expect(alone.ok && withClaude.ok).toBe(true);
    if (alone.ok && withClaude.ok) expect(withClaude.estimate.input).toBeGreaterThan(alone.estimate.input);
  });

  test("the default output reservation shrinks to the widest window of the plan, not the first deployment's", async () => {
    expect(await estimateTokens(planned('chat-default', [], {}), deploymentOf(models, planned('chat-default', [])), 1024)).toMatchObject({
      estimate: { output: 92 },
    });
    expect(await estimateTokens(planned('chat-default', ['wide'], {}), deploymentOf(models, planned('chat-default', [])), 1024)).toMatchObject({
      estimate: { output: 492 },
    });
    expect(await estimateTokens(planned('chat-default', ['other'], {}), deploymentOf(models, planned('chat-default', [])), 1024)).toMatchObject({
      estimate: { output: 1024 },
    });
    // Whether the prompt fits is still the first deployment's call: an explicit max_tokens it cannot hold is refused.
    expect(await estimateTokens(planned('chat-default', ['wide'], { max_tokens: 93 }), deploymentOf(models, planned('chat-default', [])), 1024)).toEqual({
      ok: false,
      input: 8,
      output: 93,
      contextWindow: 100,
    });
  });

  test("settlement charges the deployment that served, not the reservation's price", () => {
    const ex = planned('other', ['chat-default']);
    const served = models.get('in-heavy')!.deployments[0]!;
    ex.target = { ...ex.target!, deploymentId: served.id, pricing: served.pricing };
    ex.trace = [{ stage: 'route', phase: 'route', verdict: 'continue', durationUs: 1 }];
    ex.usage = { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 };
    expect(settlementOf(ex, { tokens: 18, costMicroUsd: 28_000 })).toEqual({
      actualMicroUsd: 4 * 3000 + 2 * 500,
      spend: 4 * 3000 + 2 * 500,
      tokenDelta: 6 - 18,
    });
  });
});

describe('long streams', () => {
  test('a stream renews its concurrency lease while parts flow, so it keeps its slot past the first TTL', async () => {
    let clock = 1_000_000;
    const backend = createMemoryLimitBackend(() => clock);
    const lease = await backend.acquire('conc:model:m', { max: 1, ttlMs: 100 });
    const holdings = { windows: [], leases: [{ key: 'conc:model:m', leaseId: lease.leaseId as string }], reservations: [] };
    // Ten parts, 40 ms apart on the backend's clock: 400 ms of streaming against a 100 ms lease.
    const admitted = { holdings, leaseTtlMs: 100, renewAt: clock + 50 };
    const errors: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      clock += 40;
      renewIfDue(backend, admitted, clock, (e) => errors.push(e));
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    expect((await backend.acquire('conc:model:m', { max: 1, ttlMs: 100 })).allowed).toBe(false);
    // Without renewal the same lease would have lapsed long ago.
    const other = await backend.acquire('conc:model:other', { max: 1, ttlMs: 100 });
    clock += 400;
    expect(await backend.renew('conc:model:other', other.leaseId as string, 100)).toBe(false);
  });
});

describe('settlement', () => {
  const reserved = { tokens: 100, costMicroUsd: 50_000 };
  const route = [{ stage: 'route', phase: 'route' as const, verdict: 'continue' as const, durationUs: 1 }];
  test('usage known: the actual cost at the serving deployment, and the token difference refunded', () => {
    const exchange = exchangeFor({ trace: route, usage: { prompt_tokens: 8, completion_tokens: 4, total_tokens: 12 } });
    expect(settlementOf(exchange, reserved)).toEqual({ actualMicroUsd: 16_000, spend: 16_000, tokenDelta: -88 });
    // A fallback served it at another price: that price is what was spent.
    exchange.target = { ...exchange.target!, pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 100_000 } };
    expect(settlementOf(exchange, reserved)).toMatchObject({ spend: 400_000 });
    expect(settlementOf(exchangeFor({ trace: route, usage: { prompt_tokens: 8, completion_tokens: 150, total_tokens: 158 } }), reserved).tokenDelta).toBe(58);
  });

  test('routed without usage: the reservation is spent; never routed: everything is given back', () => {
    expect(settlementOf(exchangeFor({ trace: route }), reserved)).toEqual({ actualMicroUsd: null, spend: 50_000, tokenDelta: 0 });
    expect(settlementOf(exchangeFor(), reserved)).toEqual({ actualMicroUsd: null, spend: null, tokenDelta: -100 });
    // The router refused without asking any upstream (every circuit open, a kill switch): nothing was charged.
    const unsent = exchangeFor({ trace: [{ stage: 'route', phase: 'route', verdict: 'respond', reason: 'no_healthy_deployment', durationUs: 1 }] });
    expect(settlementOf(unsent, reserved)).toMatchObject({ spend: null });
    // Every attempt was answered with an error status: providers do not bill those.
    const refusedByUpstream = exchangeFor({
      trace: [
        { stage: 'route', phase: 'route', verdict: 'error', reason: 'upstream_error', durationUs: 1 },
        { stage: 'route', phase: 'route', verdict: 'respond', reason: 'upstream_rejected_request', durationUs: 1 },
      ],
    });
    expect(settlementOf(refusedByUpstream, reserved)).toMatchObject({ spend: null });
    // A timed-out attempt may have been charged.
    const timedOut = exchangeFor({
      trace: [
        { stage: 'route', phase: 'route', verdict: 'error', reason: 'upstream_timeout', durationUs: 1 },
        { stage: 'route', phase: 'route', verdict: 'respond', reason: 'upstream_error', durationUs: 1 },
      ],
    });
    expect(settlementOf(timedOut, reserved)).toMatchObject({ spend: 50_000 });
  });
});

describe('headers', () => {
  test('reset durations in OpenAI style, Retry-After in whole seconds, budget periods end at UTC boundaries', () => {
    expect([0, 20, 999, 1000, 1500, 60_000, 360_000, 3_723_000].map(formatDuration)).toEqual(['0s', '20ms', '999ms', '1s', '1.5s', '1m0s', '6m0s', '1h2m3s']);
    expect([1, 999, 1000, 1001, 20_000].map(retryAfterSeconds)).toEqual(['1', '1', '1', '2', '20']);
    expect(msUntilPeriodEnds('2026-11-21', Date.UTC(2026, 10, 21, 23, 0))).toBe(3_600_000);
    expect(msUntilPeriodEnds('2026-12', Date.UTC(2026, 11, 31, 12, 0))).toBe(12 * 3_600_000);
  });
});

describe('the stage', () => {
  const config = limitsSchema.parse({ models: { 'chat-default': { requestsPerMinute: 2, budget: { daily: { hardUsd: 0.02 } } } } });

  test('no limit configured: no stage', () => {
    expect(createLimitsStage(limitsSchema.parse({}), { backend: createMemoryLimitBackend(), models, logger: silentLogger() })).toBeUndefined();
  });

  test('a refusal by one limit gives back what the others took', async () => {
    const backend = createMemoryLimitBackend();
    const stage = createLimitsStage(config, { backend, models, logger: silentLogger() })!;
    // 8 input + 5 output tokens cost 18,000 micro-USD; the budget of 20,000 refuses the second.
    const first = await stage.onRequest!(exchangeFor({ body: { max_tokens: 5 } }));
    expect(first.action).toBe('continue');
    const second = (await stage.onRequest!(exchangeFor({ body: { max_tokens: 5 } }))) as Respond;
    expect(second).toMatchObject({ action: 'respond', reason: 'budget_exhausted' });
    // The refused request's request-per-minute unit came back: one of two is left.
    expect(await backend.consume('rpm:model:chat-default', { limit: 2, windowMs: 60_000 })).toMatchObject({ allowed: true, remaining: 0 });
  });

  test('an unreachable backend fails closed with limits_unavailable, or open by throwing for the pipeline to record', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const backend = createRedisLimitBackend(dead);
    const closed = createLimitsStage(config, { backend, models, logger: silentLogger() })!;
    expect(closed.failOpen).toBe(false);
    expect(await closed.onRequest!(exchangeFor())).toMatchObject({ action: 'respond', reason: 'limits_unavailable', headers: { 'retry-after': '1' } });
    const open = createLimitsStage({ ...config, failMode: 'open' }, { backend, models, logger: silentLogger() })!;
    expect(open.failOpen).toBe(true);
    await expect(open.onRequest!(exchangeFor())).rejects.toMatchObject({ name: 'LimitsUnavailableError' });
    dead.disconnect();
  });
});
