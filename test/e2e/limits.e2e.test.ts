import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKeys } from '../../src/limits/periods.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Limits through the real gateway with the OpenAI SDK: each kind of limit sits on its own model, so the
 * tests share one gateway without sharing counters. Token counts are o200k: one user message "hello" is
 * 3 (reply priming) + 3 (message framing) + 1 ("user") + 1 ("hello") = 8 input tokens.
 */
const PRICED = { inputPerMillionUsd: 1000, outputPerMillionUsd: 2000 }; // 1,000 / 2,000 micro-USD a token

const CONFIG = {
  providers: { mock: { type: 'mock', chunkSize: 4 }, 'slow-chunks': { type: 'mock', chunkSize: 4, chunkDelayMs: 60 } },
  models: {
    'rpm-model': { provider: 'mock' },
    'tpm-model': { provider: 'mock' },
    'slow-model': { provider: 'mock', mock: { latencyMs: 400 } },
    'budget-model': { provider: 'mock', pricing: PRICED, mock: { text: 'The answer is 42.' } },
    'failing-model': { provider: 'mock', pricing: PRICED, mock: { error: { status: 400, message: 'bad request' } } },
    'timeout-model': { provider: 'mock', pricing: PRICED, mock: { latencyMs: 2_000 }, routing: { attemptTimeoutMs: 150, retry: { maxRetries: 0 } } },
    'stream-model': { provider: 'slow-chunks', pricing: PRICED, mock: { text: 'The answer is 42.' } },
    'small-window': { provider: 'mock', contextWindow: 50 },
    'free-model': { provider: 'mock' },
  },
  limits: {
    models: {
      'rpm-model': { requestsPerMinute: 3 },
      'tpm-model': { tokensPerMinute: 100, requestsPerMinute: 1000 },
      'slow-model': { concurrentRequests: 2 },
      // Each "hello" request with max_tokens 5 reserves 8 × 1,000 + 5 × 2,000 = 18,000 micro-USD.
      'budget-model': { budget: { daily: { hardUsd: 0.05, softUsd: 0.001 } } },
      'failing-model': { concurrentRequests: 1, budget: { monthly: { hardUsd: 100 } } },
      'timeout-model': { budget: { monthly: { hardUsd: 100 } } },
      'stream-model': { budget: { monthly: { hardUsd: 10 } } },
      'small-window': { tokensPerMinute: 100_000 },
    },
  },
};

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(CONFIG);
});
afterAll(async () => {
  await gw.close();
});

const hello = (model: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
  gw.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }).withResponse();

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; headers: Headers }> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as InstanceType<typeof OpenAI.APIError> | undefined;
  if (!(err instanceof OpenAI.APIError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return { status: err.status as number, code: String(err.code), headers: err.headers as Headers };
}

/** Budget state of a model's daily or monthly budget, read straight from the backend (a zero reservation). */
async function budgetOf(model: string, period: 'day' | 'month') {
  const state = await gw.limitBackend.reserve(`budget:model:${model}`, { amount: 0, hardLimit: Number.MAX_SAFE_INTEGER, periodKey: periodKeys()[period] });
  await gw.limitBackend.cancel(`budget:model:${model}`, state.reservationId as string);
  return { spent: state.spent, reserved: state.reserved };
}

/** Settlement is fired off when an exchange completes; poll briefly for it instead of sleeping. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}

describe('requests per minute', () => {
  it('counts down in x-ratelimit headers, then refuses with 429 rate_limited_requests and Retry-After', async () => {
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const { response } = await hello('rpm-model');
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);
      remaining.push(response.headers.get('x-ratelimit-remaining-requests'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await refusal(hello('rpm-model'));
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited_requests' });
    // One request refills every 20 s (3 a minute): Retry-After is that, in whole seconds.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(15);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused.headers.get('x-gatehouse-reason')).toBe('rate_limited_requests');
  });

  it('leaves models without limits alone, and adds no rate headers there', async () => {
    const { response } = await hello('free-model');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });
});

describe('tokens per minute', () => {
  it('takes counted input plus max_tokens, and settles with the actual usage so the next request fits', async () => {
    const first = await hello('tpm-model', { max_tokens: 90 });
    expect(first.response.headers.get('x-ratelimit-limit-tokens')).toBe('100');
    expect(first.response.headers.get('x-ratelimit-remaining-tokens')).toBe('2');
    // The mock used 2 + 2 tokens, so 94 of the 98 taken come back; without settlement this would be refused.
    const second = await eventually(
      () =>
        hello('tpm-model', { max_tokens: 90 }).then(
          ({ response }) => response.headers.get('x-ratelimit-remaining-tokens'),
          () => 'refused',
        ),
      (v) => v !== 'refused',
    );
    expect(Number(second)).toBeLessThanOrEqual(2);
  });

  it('refuses a request that alone needs more than the limit with 429 rate_limited_tokens', async () => {
    const refused = await refusal(hello('tpm-model', { max_tokens: 500 }));
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited_tokens' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('refuses a prompt plus max_tokens past the context window with 400 context_window_exceeded, before any call', async () => {
    const refused = await refusal(hello('small-window', { max_tokens: 45 }));
    expect(refused).toMatchObject({ status: 400, code: 'context_window_exceeded' });
    // Without max_tokens the default reservation shrinks to what the window leaves: the request goes through.
    const { data } = await hello('small-window');
    expect(data.choices[0]?.message.content).toBe('hello');
  });
});

describe('headers on a stream', () => {
  it('the SSE head carries x-ratelimit-* too', async () => {
    const { data, response } = await gw.openai.chat.completions
      .create({ model: 'small-window', messages: [{ role: 'user', content: 'hello' }], max_tokens: 5, stream: true })
      .withResponse();
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
    expect(Number(response.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThanOrEqual(100_000 - 13);
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('hello');
  });
});

describe('concurrent requests', () => {
  it('refuses the third of three slow requests in flight with 429 concurrency_limited, and frees slots when they end', async () => {
    const results = await Promise.allSettled([hello('slow-model'), hello('slow-model'), hello('slow-model')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const refused = await refusal(Promise.reject(rejected.reason));
    expect(refused).toMatchObject({ status: 429, code: 'concurrency_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const again = await Promise.allSettled([hello('slow-model'), hello('slow-model')]);
    expect(again.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('a request refused after the limits stage (upstream 400) releases its slot', async () => {
    for (let i = 0; i < 3; i++) expect(await refusal(hello('failing-model'))).toMatchObject({ status: 400, code: 'upstream_rejected_request' });
  });
});

describe('budgets', () => {
  it('reserves the estimate, settles the actual cost, records it, and refuses past hardUsd until the UTC day ends', async () => {
    const before = await budgetOf('budget-model', 'day');
    expect(before).toEqual({ spent: 0, reserved: 0 });
    const { response } = await hello('budget-model', { max_tokens: 5 });
    // Actual usage of the mock: 2 prompt + 5 completion tokens ("The answer is 42." is 17 characters).
    const actual = 2 * 1000 + 5 * 2000;
    expect(
      await eventually(
        () => budgetOf('budget-model', 'day'),
        (b) => b.reserved === 0,
      ),
    ).toEqual({ spent: actual, reserved: 0 });
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record?.costUsd).toBeCloseTo(actual / 1e6, 9);
    expect(record?.trace.find((t) => t.stage === 'limits')?.note).toMatch(/soft budget passed: budget:model:budget-model\//);
    // The alert is on /metrics too, by limit set (no period: the label stays bounded).
    expect(await (await fetch(`${gw.url}/metrics`)).text()).toMatch(/gatehouse_budget_soft_exceeded_total\{budget="model:budget-model"\} [1-9]/);

    // 12,000 spent of 50,000: two more reservations of 18,000 fit (each settles at 12,000), then the third is refused.
    await hello('budget-model', { max_tokens: 5 });
    await hello('budget-model', { max_tokens: 5 });
    await eventually(
      () => budgetOf('budget-model', 'day'),
      (b) => b.reserved === 0,
    );
    const refused = await refusal(hello('budget-model', { max_tokens: 5 }));
    expect(refused).toMatchObject({ status: 429, code: 'budget_exhausted' });
    const untilMidnight = (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000;
    expect(Math.abs(Number(refused.headers.get('retry-after')) - untilMidnight)).toBeLessThan(5);
    expect(await budgetOf('budget-model', 'day')).toEqual({ spent: 3 * actual, reserved: 0 });
  });

  it('a stream holds its reservation while it runs and settles with the usage of its final part', async () => {
    const stream = await gw.openai.chat.completions.create({
      model: 'stream-model',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 50,
      stream: true,
    });
    let text = '';
    let during: { spent: number; reserved: number } | undefined;
    for await (const chunk of stream) {
      during ??= await budgetOf('stream-model', 'month');
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(text).toBe('The answer is 42.');
    expect(during).toEqual({ spent: 0, reserved: 8 * 1000 + 50 * 2000 });
    const after = await eventually(
      () => budgetOf('stream-model', 'month'),
      (b) => b.reserved === 0,
    );
    expect(after).toEqual({ spent: 2 * 1000 + 5 * 2000, reserved: 0 });
  });

  it('an upstream that refused the call charges nothing: the reservation is cancelled', async () => {
    const before = await budgetOf('failing-model', 'month');
    expect(await refusal(hello('failing-model', { max_tokens: 5 }))).toMatchObject({ status: 400 });
    const after = await eventually(
      () => budgetOf('failing-model', 'month'),
      (b) => b.reserved === 0,
    );
    expect(after).toEqual({ spent: before.spent, reserved: 0 });
  });

  it('a call that timed out without usage may have been charged: it settles at the reserved amount', async () => {
    const before = await budgetOf('timeout-model', 'month');
    expect(await refusal(hello('timeout-model', { max_tokens: 5 }))).toMatchObject({ status: 504, code: 'upstream_timeout' });
    const after = await eventually(
      () => budgetOf('timeout-model', 'month'),
      (b) => b.reserved === 0 && b.spent > before.spent,
    );
    expect(after).toEqual({ spent: before.spent + 8 * 1000 + 5 * 2000, reserved: 0 });
  });
});
