import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimitBackend } from '../../src/limits/backend.js';
import { periodKeys } from '../../src/limits/periods.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { freshRedis, redisAvailable } from '../../src/limits/redis.fixtures.js';

/**
 * Issue 11, finding 9: a reservation priced at an unpriced primary let a priced fallback overspend a $0.50
 * daily hard limit. Reservations are now priced at the most expensive deployment the plan may reach, and
 * settled on the one that served. Here the primary (a loopback fake answering 500) has no price; its fallback
 * costs 10,000 micro-USD an output token and answers exactly 5 tokens ("The answer is 42."). With max_tokens
 * 5 each request reserves and settles 50,000 micro-USD: $0.50 admits exactly 10, however they interleave.
 */
const HARD_MICRO_USD = 500_000;
const PER_REQUEST_MICRO_USD = 50_000;
const ALLOWED = HARD_MICRO_USD / PER_REQUEST_MICRO_USD;
const REQUESTS = 30;

function budgetConfig(fakeUrl: string, limits: Record<string, unknown>): Record<string, unknown> {
  return {
    providers: { upstream: { type: 'openai', baseUrl: fakeUrl, apiKey: 'env:TEST_OPENAI_KEY', timeoutMs: 3000 }, mock: { type: 'mock' } },
    routing: { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1000 } },
    models: {
      'unpriced-primary': { provider: 'upstream', upstreamModel: 'down', fallbacks: ['priced-fallback', 'cheap-fallback'] },
      'priced-fallback': { provider: 'mock', pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 10_000 }, mock: { text: 'The answer is 42.' } },
      // Cheaper on output, dearer on input: input and output prices are maxed separately (input is 0 tokens' worth here: never charged).
      'cheap-fallback': { provider: 'mock', pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 1 }, mock: { text: 'cheap' } },
    },
    limits: { ...limits, global: { budget: { daily: { hardUsd: HARD_MICRO_USD / 1e6 } } } },
  };
}

/** The global budget as the backend holds it, once every settlement has landed. */
async function settled(backend: LimitBackend): Promise<{ spent: number; reserved: number }> {
  for (let i = 0; ; i++) {
    const state = await backend.budget('budget:global', periodKeys().day);
    if (state.reserved === 0 || i >= 200) return state;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One request, plain or streamed (read to the end), as `200` or `status code`. */
async function ask(client: OpenAI, i: number): Promise<string> {
  const body = { model: 'unpriced-primary', messages: [{ role: 'user' as const, content: `request ${i}` }], max_tokens: 5 };
  try {
    if (i % 2 === 0) {
      const stream = await client.chat.completions.create({ ...body, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      return text === 'The answer is 42.' ? '200' : `200 but ${text}`;
    }
    const result = await client.chat.completions.create(body);
    return result.choices[0]?.message.content === 'The answer is 42.' ? '200' : '200 wrong answer';
  } catch (err) {
    return err instanceof OpenAI.APIError ? `${err.status} ${String(err.code)}` : `failed ${String(err)}`;
  }
}

function budgetSuite(name: string, limits: () => Record<string, unknown>): void {
  describe(name, () => {
    let fake: FakeOpenAI;
    let gw: TestGateway;
    beforeAll(async () => {
      fake = await startFakeOpenAI({ models: { down: { kind: 'error', status: 500, message: 'upstream is down' } } });
      gw = await startTestGateway(budgetConfig(fake.url, limits()), { env: { TEST_OPENAI_KEY: 'sk-fake' } });
    });
    afterAll(async () => {
      await gw?.close();
      await fake?.close();
    });

    it(`${REQUESTS} concurrent requests, half streamed, served by the priced fallback: exactly ${ALLOWED} pass and spend never exceeds $0.50`, async () => {
      const outcomes = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => ask(gw.openai, i)));
      const tally: Record<string, number> = {};
      for (const outcome of outcomes) tally[outcome] = (tally[outcome] ?? 0) + 1;
      expect(tally).toEqual({ '200': ALLOWED, '429 budget_exhausted': REQUESTS - ALLOWED });
      expect(await settled(gw.limitBackend)).toEqual({ spent: HARD_MICRO_USD, reserved: 0 });
      // Spent in full: more requests, one at a time, are all refused and nothing more is spent.
      for (let i = 0; i < 4; i++) expect(await ask(gw.openai, i)).toBe('429 budget_exhausted');
      expect((await settled(gw.limitBackend)).spent).toBe(HARD_MICRO_USD);
    });

    it('the record of a served request is costed at the fallback that served it', async () => {
      const { response } = await gw.openai.chat.completions
        .create({ model: 'unpriced-primary', messages: [{ role: 'user', content: 'x' }], max_tokens: 5 })
        .withResponse()
        .catch((e: { headers: Headers }) => ({ response: e }));
      const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
      // The budget is spent: refused before any upstream is called, and nothing charged.
      expect(record).toMatchObject({ status: 429, reason: 'budget_exhausted', costUsd: null });
      const served = await gw.store.listExchanges({ limit: 100, modelRequested: 'unpriced-primary' });
      const costs = served.filter((r) => r.reason === 'ok').map((r) => [r.deploymentId, r.costUsd]);
      expect(costs).toHaveLength(ALLOWED);
      for (const cost of costs) expect(cost).toEqual(['1:mock:priced-fallback', PER_REQUEST_MICRO_USD / 1e6]);
    });
  });
}

budgetSuite('budget through a fallback on the in-memory backend', () => ({ backend: 'memory' }));

const redisUp = await redisAvailable('limits: budget through a fallback on Redis');
describe.skipIf(!redisUp)('on Redis', () => {
  const redis = freshRedis();
  budgetSuite('budget through a fallback on the Redis backend', () => ({
    backend: 'redis',
    redis: { url: process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: redis.prefix, timeoutMs: 2_000 },
  }));
});
