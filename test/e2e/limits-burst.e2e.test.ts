import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimitBackend } from '../../src/limits/backend.js';
import { periodKeys } from '../../src/limits/periods.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { freshRedis, redisAvailable } from '../../src/limits/redis.fixtures.js';

/**
 * The burst test: 200 concurrent requests against a budget that allows exactly 50. Input is free and
 * output costs 1,000 micro-USD a token; every request asks max_tokens 5 and the mock answers exactly 5 tokens
 * ("The answer is 42.", 17 characters), so each reserves 5,000 micro-USD and settles at the same 5,000. A
 * hard budget of 0.25 USD then admits exactly 50, however the requests interleave and settle.
 */
const REQUESTS = 200;
const ALLOWED = 50;
const PER_REQUEST_MICRO_USD = 5_000;

function burstConfig(limits: Record<string, unknown>): Record<string, unknown> {
  return {
    providers: { mock: { type: 'mock' } },
    models: {
      'budget-burst': { provider: 'mock', pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 1000 }, mock: { text: 'The answer is 42.' } },
      'rpm-burst': { provider: 'mock' },
    },
    limits: {
      ...limits,
      models: {
        'budget-burst': { budget: { daily: { hardUsd: (ALLOWED * PER_REQUEST_MICRO_USD) / 1e6 } } },
        'rpm-burst': { requestsPerMinute: ALLOWED },
      },
    },
  };
}

/** Sends `count` requests at once through each client and tallies the answers by status and reason code. */
async function burst(clients: OpenAI[], model: string, count: number): Promise<Record<string, number>> {
  const calls = Array.from({ length: count }, (_, i) =>
    (clients[i % clients.length] as OpenAI).chat.completions.create({ model, messages: [{ role: 'user', content: `request ${i}` }], max_tokens: 5 }).then(
      () => '200',
      (err: unknown) => (err instanceof OpenAI.APIError ? `${err.status} ${String(err.code)}` : `failed ${String(err)}`),
    ),
  );
  const tally: Record<string, number> = {};
  for (const outcome of await Promise.all(calls)) tally[outcome] = (tally[outcome] ?? 0) + 1;
  return tally;
}

/** The budget as the backend holds it, once every settlement has landed. */
async function settledBudget(backend: LimitBackend): Promise<{ spent: number; reserved: number }> {
  const key = 'budget:model:budget-burst';
  for (let i = 0; ; i++) {
    const state = await backend.reserve(key, { amount: 0, hardLimit: Number.MAX_SAFE_INTEGER, periodKey: periodKeys().day });
    await backend.cancel(key, state.reservationId as string);
    if (state.reserved === 0 || i >= 100) return { spent: state.spent, reserved: state.reserved };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function burstSuite(name: string, limits: () => Record<string, unknown>, instances: number): void {
  describe(name, () => {
    let gateways: TestGateway[] = [];
    beforeAll(async () => {
      const config = burstConfig(limits());
      // Each instance its own SQLite store (startTestGateway makes one per call); only the limits are shared.
      gateways = await Promise.all(Array.from({ length: instances }, () => startTestGateway(config)));
    });
    afterAll(async () => {
      await Promise.all(gateways.map((g) => g.close()));
    });

    it(`${REQUESTS} concurrent requests against a budget for ${ALLOWED}: exactly ${ALLOWED} succeed, the rest get 429 budget_exhausted`, async () => {
      const tally = await burst(
        gateways.map((g) => g.openai),
        'budget-burst',
        REQUESTS,
      );
      expect(tally).toEqual({ '200': ALLOWED, '429 budget_exhausted': REQUESTS - ALLOWED });
      for (const gateway of gateways) expect(await settledBudget(gateway.limitBackend)).toEqual({ spent: ALLOWED * PER_REQUEST_MICRO_USD, reserved: 0 });
      // Spent in full: the next request is refused too, on every instance.
      expect(
        await burst(
          gateways.map((g) => g.openai),
          'budget-burst',
          instances,
        ),
      ).toEqual({ '429 budget_exhausted': instances });
    });

    it(`${REQUESTS} concurrent requests against ${ALLOWED} requests per minute: ${ALLOWED} succeed (plus what refills during the burst)`, async () => {
      const started = Date.now();
      const tally = await burst(
        gateways.map((g) => g.openai),
        'rpm-burst',
        REQUESTS,
      );
      // GCRA refills one request every 1.2 s; a burst slower than that on a loaded machine earns one more per 1.2 s.
      const refilled = Math.floor((Date.now() - started) / 1200);
      expect(tally['200']).toBeGreaterThanOrEqual(ALLOWED);
      expect(tally['200']).toBeLessThanOrEqual(ALLOWED + refilled);
      expect(tally['429 rate_limited_requests']).toBe(REQUESTS - (tally['200'] as number));
    });
  });
}

burstSuite('burst on the in-memory backend', () => ({ backend: 'memory' }), 1);

const redisUp = await redisAvailable('limits: burst on Redis');
describe.skipIf(!redisUp)('on Redis', () => {
  // One prefix per suite, deleted afterwards; the two-instance suite shares its prefix between both gateways.
  const single = freshRedis();
  const shared = freshRedis();
  const redisLimits = (prefix: string) => () => ({
    backend: 'redis',
    redis: { url: process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, timeoutMs: 2_000 },
  });
  burstSuite('burst on the Redis backend', redisLimits(single.prefix), 1);
  burstSuite('burst split across two gateway instances sharing one Redis', redisLimits(shared.prefix), 2);
});
