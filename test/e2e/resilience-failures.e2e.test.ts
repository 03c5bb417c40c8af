import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../../src/core/record.js';
import { startFlakyUpstream, type FlakyBehaviour, type FlakyUpstream } from '../fakes/fake-flaky-upstream.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Client (official OpenAI SDK) -> gateway -> a primary loopback upstream that misbehaves, and a healthy
 * secondary. Each failure kind gets its own primary, so upstream hits can be counted per scenario.
 */

const FAST_RETRY = { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 };
const ROUTING = {
  balance: 'ordered',
  attemptTimeoutMs: 300,
  totalTimeoutMs: 3_000,
  retry: FAST_RETRY,
  circuitBreaker: { failureThreshold: 100, openMs: 60_000 },
};

const PRIMARIES: Record<string, FlakyBehaviour> = {
  storm: { kind: 'error', status: 500 },
  hang: { kind: 'hang' },
  reset: { kind: 'reset' },
  malformed: { kind: 'malformed' },
  'cut-early': { kind: 'truncated', afterParts: 0 },
  'cut-late': { kind: 'truncated', afterParts: 2 },
  rejects: { kind: 'error', status: 400 },
  'bad-key': { kind: 'error', status: 401 },
  'down-a': { kind: 'error', status: 503 },
  'down-b': { kind: 'reset' },
  lonely: { kind: 'error', status: 500 },
  slow: { kind: 'hang' },
};

let secondary: FlakyUpstream;
const fakes = new Map<string, FlakyUpstream>();
let gw: TestGateway;

/** A model served by its own primary, then the shared secondary. */
function pair(name: string, routing: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deployments: [
      { version: '1', id: `${name}-primary`, provider: name, upstreamModel: 'gpt-up' },
      { version: '1', id: `${name}-secondary`, provider: 'secondary', upstreamModel: 'gpt-up' },
    ],
    routing: { ...ROUTING, ...routing },
  };
}

beforeAll(async () => {
  secondary = await startFlakyUpstream('secondary');
  for (const [name, behaviour] of Object.entries(PRIMARIES)) fakes.set(name, await startFlakyUpstream(name, behaviour));
  const providers: Record<string, unknown> = { secondary: { type: 'openai', baseUrl: secondary.url, timeoutMs: 5_000, streamIdleTimeoutMs: 5_000 } };
  for (const [name, fake] of fakes) providers[name] = { type: 'openai', baseUrl: fake.url, timeoutMs: 5_000, streamIdleTimeoutMs: 5_000 };
  /** Two deployments that both fail; each opens its circuit at the first failure. */
  const down = (ids: [string, string], extra: Record<string, unknown> = {}) => ({
    deployments: [
      { version: '1', id: ids[0], provider: 'down-a' },
      { version: '1', id: ids[1], provider: 'down-b' },
    ],
    routing: { ...ROUTING, circuitBreaker: { failureThreshold: 1, openMs: 60_000 } },
    ...extra,
  });
  gw = await startTestGateway({
    providers,
    models: {
      storm: pair('storm', { circuitBreaker: { failureThreshold: 3, openMs: 60_000 } }),
      hang: pair('hang', { retry: { ...FAST_RETRY, maxRetries: 0 } }),
      reset: pair('reset'),
      malformed: pair('malformed'),
      'cut-early': pair('cut-early'),
      'cut-late': pair('cut-late'),
      rejects: pair('rejects'),
      'bad-key': pair('bad-key'),
      'down-safe': down(['safe-a', 'safe-b'], { safeMode: { text: 'The assistant is unavailable right now. Please try again later.' } }),
      'down-bare': down(['bare-a', 'bare-b']),
      // Same deployment ids as down-bare: a breaker belongs to the deployment, whichever model reaches it.
      'embed-down': down(['bare-a', 'bare-b'], { kind: 'embedding' }),
      lonely: { provider: 'lonely', upstreamModel: 'gpt-up', fallbacks: ['backup'], routing: ROUTING },
      backup: { provider: 'secondary', upstreamModel: 'gpt-backup', routing: ROUTING },
      slow: pair('slow', { attemptTimeoutMs: 10_000, totalTimeoutMs: 20_000 }),
    },
  });
});

afterAll(async () => {
  await gw?.close();
  for (const fake of fakes.values()) await fake.close();
  await secondary?.close();
});

function hits(name: string): number {
  return (fakes.get(name) as FlakyUpstream).hits;
}

async function chat(model: string) {
  const { data, response } = await gw.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
  const id = response.headers.get('x-gatehouse-request-id') as string;
  return { text: data.choices[0]?.message.content, headers: response.headers, id, record: (await gw.recordOf(id)) as ExchangeRecord };
}

/** A streamed answer through the SDK: the text, or the in-band error that ended it. */
async function chatStream(model: string) {
  const { data, response } = await gw.openai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
  let text = '';
  const error = await (async () => {
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
  })().then(
    () => undefined,
    (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
  );
  const id = response.headers.get('x-gatehouse-request-id') as string;
  return { text, error, headers: response.headers, id, record: (await gw.recordOf(id)) as ExchangeRecord };
}

async function failure(model: string): Promise<InstanceType<typeof OpenAI.APIError>> {
  return gw.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).then(
    () => {
      throw new Error(`expected ${model} to fail`);
    },
    (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
  );
}

function routeErrors(record: ExchangeRecord) {
  return record.trace.filter((t) => t.stage === 'route' && t.verdict === 'error');
}

describe('failover to the secondary deployment', () => {
  it('a 5xx storm: every request succeeds, the breaker opens, later requests skip the primary', async () => {
    const first = await chat('storm');
    expect(first.text).toBe('answer from secondary');
    expect(first.headers.get('x-gatehouse-deployment')).toBe('storm-secondary');
    expect(first.headers.get('x-gatehouse-model-version')).toBe('1');
    expect(first.headers.get('x-gatehouse-attempts')).toBe('3');
    expect(first.record).toMatchObject({ status: 200, reason: 'ok', providerId: 'secondary', upstreamModel: 'gpt-up' });
    expect(routeErrors(first.record).map((t) => [t.reason, t.note])).toEqual([
      ['upstream_error', 'attempt 1 storm-primary: retrying'],
      ['upstream_error', 'attempt 2 storm-primary: moving on'],
    ]);
    for (let i = 0; i < 9; i++) expect((await chat('storm')).text).toBe('answer from secondary');
    // Threshold 3: two failures on the first request, one on the second, then the circuit is open.
    expect(hits('storm')).toBe(3);
    expect(gw.health.snapshot().find((s) => s.id === 'storm-primary')).toMatchObject({ state: 'open', consecutiveFailures: 3, failures: 3, successes: 0 });
    expect(gw.health.snapshot().find((s) => s.id === 'storm-secondary')).toMatchObject({ state: 'closed', successes: 10 });
    // Operators see it on /metrics too.
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain('gatehouse_deployment_circuit{deployment="storm-primary",state="open"} 1');
    expect(metrics).toContain('gatehouse_deployment_circuit{deployment="storm-primary",state="closed"} 0');
    expect(metrics).toContain('gatehouse_deployment_circuit{deployment="storm-secondary",state="closed"} 1');
    expect(metrics).toContain('gatehouse_deployment_consecutive_failures{deployment="storm-primary"} 3');
    expect(metrics).toMatch(/gatehouse_deployment_latency_ewma_ms\{deployment="storm-secondary"\} \d/);
  });

  it('an upstream that accepts and never answers: the attempt times out and the secondary serves', async () => {
    const { text, record } = await chat('hang');
    expect(text).toBe('answer from secondary');
    expect(hits('hang')).toBe(1);
    expect(routeErrors(record).map((t) => t.reason)).toEqual(['upstream_timeout']);
  });

  it.each(['reset', 'malformed'])('%s: retried once on the primary, then served by the secondary', async (model) => {
    const { text, record } = await chat(model);
    expect(text).toBe('answer from secondary');
    expect(hits(model)).toBe(2);
    expect(record.providerId).toBe('secondary');
    expect(routeErrors(record).map((t) => t.reason)).toEqual(
      model === 'reset' ? ['upstream_unreachable', 'upstream_unreachable'] : ['upstream_bad_response', 'upstream_bad_response'],
    );
  });

  it('a malformed stream and a stream cut before its first part fail over too', async () => {
    for (const model of ['malformed', 'cut-early']) {
      const before = hits(model);
      const { text, error, headers, record } = await chatStream(model);
      expect(error).toBeUndefined();
      expect(text).toBe('answer from secondary part 1 part 2');
      expect(headers.get('x-gatehouse-deployment')).toBe(`${model}-secondary`);
      expect(hits(model) - before).toBe(2);
      expect(record).toMatchObject({ status: 200, reason: 'ok', outcome: 'ok', providerId: 'secondary', streamed: true });
    }
  });

  it('a stream cut after its first part ends in-band, and is not retried', async () => {
    const secondaryBefore = secondary.hits;
    const { text, error, record } = await chatStream('cut-late');
    expect(text).toBe('answer from cut-late');
    expect(error?.code).toBe('stream_interrupted');
    expect(hits('cut-late')).toBe(1);
    expect(secondary.hits).toBe(secondaryBefore);
    expect(record).toMatchObject({ outcome: 'interrupted', reason: 'stream_interrupted', providerId: 'cut-late' });
  });

  it('an upstream 4xx is passed to the client at once: one call, no failover, breaker untouched', async () => {
    const secondaryBefore = secondary.hits;
    const err = await failure('rejects');
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('upstream_rejected_request');
    expect(hits('rejects')).toBe(1);
    expect(secondary.hits).toBe(secondaryBefore);
    expect(gw.health.snapshot().find((s) => s.id === 'rejects-primary')).toBeUndefined();
  });

  it("an upstream refusing the gateway's credentials (401) is not retried; the next deployment serves", async () => {
    const { text, record } = await chat('bad-key');
    expect(text).toBe('answer from secondary');
    expect(hits('bad-key')).toBe(1);
    expect(routeErrors(record).map((t) => [t.reason, t.note])).toEqual([['upstream_auth_failed', 'attempt 1 bad-key-primary: moving on']]);
    expect(gw.health.snapshot().find((s) => s.id === 'bad-key-primary')).toMatchObject({ consecutiveFailures: 1, failures: 1 });
  });

  it('a client that disconnects mid-attempt causes no retry and no failover', async () => {
    const secondaryBefore = secondary.hits;
    const controller = new AbortController();
    const pending = gw.openai.chat.completions
      .create({ model: 'slow', messages: [{ role: 'user', content: 'hello' }] }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await (fakes.get('slow') as FlakyUpstream).waitForHits(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    // A retry would follow within the 20 ms backoff cap; give it ten times that to show up.
    await sleep(200);
    expect(hits('slow')).toBe(1);
    expect(secondary.hits).toBe(secondaryBefore);
    expect(gw.health.snapshot().find((s) => s.id === 'slow-primary')).toBeUndefined();
  });
});

describe('fallback models and pinning', () => {
  it('a model whose only deployment fails falls back to the next model', async () => {
    const { text, record, headers } = await chat('lonely');
    expect(text).toBe('answer from secondary');
    expect(headers.get('x-gatehouse-deployment')).toBe('1:secondary:gpt-backup');
    expect(record).toMatchObject({ status: 200, modelRequested: 'lonely', providerId: 'secondary', upstreamModel: 'gpt-backup' });
  });

  it('a pinned model@version never uses fallbacks', async () => {
    const before = hits('lonely');
    const secondaryBefore = secondary.hits;
    const err = await failure('lonely@1');
    expect(err.status).toBe(502);
    expect(err.code).toBe('upstream_error');
    expect(hits('lonely') - before).toBe(2);
    expect(secondary.hits).toBe(secondaryBefore);
  });
});

describe('when nothing can serve', () => {
  it('safe mode answers with its text (plain and streamed), recorded as safe_mode_response', async () => {
    const plain = await chat('down-safe');
    expect(plain.text).toBe('The assistant is unavailable right now. Please try again later.');
    expect(plain.record).toMatchObject({ status: 200, reason: 'safe_mode_response', outcome: 'ok' });
    expect(plain.headers.get('x-gatehouse-deployment')).toBeNull();
    // Both circuits (threshold 1) are open now: the streamed request calls no upstream at all.
    const hitsBefore = hits('down-a') + hits('down-b');
    const streamed = await chatStream('down-safe');
    expect(streamed.error).toBeUndefined();
    expect(streamed.text).toBe('The assistant is unavailable right now. Please try again later.');
    expect(streamed.record).toMatchObject({ status: 200, reason: 'safe_mode_response', streamed: true });
    expect(hits('down-a') + hits('down-b')).toBe(hitsBefore);
  });

  it('without safe mode: 503 no_healthy_deployment when every candidate failed, then at once while every circuit is open', async () => {
    const first = await failure('down-bare');
    // Both deployments were tried and failed (503, then a reset): no deployment can serve; the trace says why.
    expect(first.status).toBe(503);
    expect(first.code).toBe('no_healthy_deployment');
    expect(first.headers?.get('x-gatehouse-attempts')).toBe('2');
    const record = await gw.recordOf(first.headers?.get('x-gatehouse-request-id') as string);
    expect(
      routeErrors(record as ExchangeRecord)
        .map((t) => t.reason)
        .slice(0, 2),
    ).toEqual(['upstream_error', 'upstream_unreachable']);
    const before = hits('down-a') + hits('down-b');
    for (let i = 0; i < 3; i++) {
      const err = await failure('down-bare');
      expect(err.status).toBe(503);
      expect(err.code).toBe('no_healthy_deployment');
    }
    const embedded = await gw.openai.embeddings.create({ model: 'embed-down', input: 'x' }).catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(embedded).toBeInstanceOf(OpenAI.APIError);
    expect((embedded as InstanceType<typeof OpenAI.APIError>).code).toBe('no_healthy_deployment');
    expect(hits('down-a') + hits('down-b')).toBe(before);
    expect(
      gw.health
        .snapshot()
        .filter((s) => s.id.startsWith('bare-'))
        .map((s) => s.state),
    ).toEqual(['open', 'open']);
  });
});
