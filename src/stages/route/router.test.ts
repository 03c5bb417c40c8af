import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import type { ChatRequest } from '../../core/chat-types.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import type { ControlView, StopEntry, StopScope } from '../../control/state.js';
import { silentLogger } from '../../log/logger.js';
import { createProviders } from '../../providers/provider-factory.js';
import { createDeploymentHealth, type DeploymentHealth } from '../../routing/health.js';
import { buildModelRegistry } from '../../routing/model-registry.js';
import { createResolveModelStage } from '../resolve-model/index.js';
import { createRouter } from './index.js';

/**
 * The router over real mock providers, with kill switches and a hand-driven breaker clock: what the
 * gateway-level tests (test/e2e/resilience-*.e2e.test.ts) cannot set up yet.
 */

const FAST = { balance: 'ordered', retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 50 }, circuitBreaker: { failureThreshold: 1, openMs: 1_000 } };

function setup(models: Record<string, unknown>, options: { stops?: Array<[StopScope, string]>; health?: DeploymentHealth } = {}) {
  const config = configSchema.parse({ providers: { a: { type: 'mock' }, b: { type: 'mock' } }, models });
  const registry = buildModelRegistry(config);
  const providers = createProviders(config, { resolveSecret: () => '' });
  const stops = new Map(
    (options.stops ?? []).map(([scope, target]) => [`${scope}:${target}`, { scope, target, reason: 'test', actor: 'test', at: 0 } as StopEntry]),
  );
  const controls: ControlView = { revision: 1, incident: false, stopped: (scope, target) => stops.get(`${scope}:${target}`), activeVersion: () => undefined };
  const health = options.health ?? createDeploymentHealth();
  const router = createRouter(providers, { models: registry, controls, health, logger: silentLogger() });
  const resolve = createResolveModelStage(registry, { controls });
  return {
    health,
    async generate(model: string) {
      const ex = exchange(model);
      const verdict = await resolve.onRequest?.(ex);
      expect(verdict?.action).toBe('continue');
      const result = await router.generate(ex).catch((err: unknown) => err);
      return { ex, result };
    },
  };
}

function exchange(model: string): Exchange {
  const body: ChatRequest = { model, messages: [{ role: 'user', content: 'hi' }] };
  return {
    id: 'req-1',
    startedAt: Date.now(),
    t0: performance.now(),
    request: { operation: 'chat', body },
    headers: {},
    signal: new AbortController().signal,
    streamed: false,
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: null,
    endUser: null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
  };
}

function twoDeployments(a: Record<string, unknown> = {}, b: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    deployments: [
      { version: '1', id: 'dep-a', provider: 'a', upstreamModel: 'up-a', mock: { text: 'from a' }, ...a },
      { version: '1', id: 'dep-b', provider: 'b', upstreamModel: 'up-b', mock: { text: 'from b' }, ...b },
    ],
    routing: FAST,
    ...extra,
  };
}

const notes = (ex: Exchange) => ex.trace.filter((t) => t.stage === 'route').map((t) => `${t.reason} ${t.note}`);

describe('kill switches', () => {
  it('a stopped provider is skipped; the next deployment serves', async () => {
    const { generate } = setup({ chat: twoDeployments() }, { stops: [['provider', 'a']] });
    const { ex } = await generate('chat');
    expect(ex.responseHeaders).toEqual({ 'x-gatehouse-deployment': 'dep-b', 'x-gatehouse-model-version': '1' });
  });

  it('every candidate stopped: traffic_stopped, even with safe mode', async () => {
    const { generate } = setup(
      { chat: twoDeployments({}, {}, { safeMode: { text: 'sorry' } }) },
      {
        stops: [
          ['provider', 'a'],
          ['provider', 'b'],
        ],
      },
    );
    const { ex, result } = await generate('chat');
    expect(result).toBeInstanceOf(GatewayError);
    expect((result as GatewayError).reason).toBe('traffic_stopped');
    expect(ex.safeMode).toBeUndefined();
  });

  it('a stopped fallback model is not used', async () => {
    const { generate } = setup(
      {
        chat: { provider: 'a', upstreamModel: 'up-a', mock: { error: { status: 500 } }, fallbacks: ['spare'], routing: FAST },
        spare: { provider: 'b', upstreamModel: 'up-b' },
      },
      { stops: [['model', 'spare']] },
    );
    const { result } = await generate('chat');
    expect((result as { reason?: string }).reason).toBe('upstream_error');
  });
});

describe('Retry-After of an upstream 429', () => {
  it('longer than the longest backoff: move on to the next deployment instead of waiting', async () => {
    const { generate } = setup({ chat: twoDeployments({ mock: { error: { status: 429, retryAfter: '30' } } }) });
    const { ex } = await generate('chat');
    expect(ex.responseHeaders?.['x-gatehouse-deployment']).toBe('dep-b');
    expect(notes(ex)).toEqual(['upstream_rate_limited attempt 1 dep-a: moving on']);
  });

  it('short: the same deployment is retried', async () => {
    const { generate } = setup({
      chat: twoDeployments(
        { mock: { error: { status: 429, retryAfter: '0' } } },
        {},
        { routing: { ...FAST, circuitBreaker: { failureThreshold: 5, openMs: 1_000 } } },
      ),
    });
    const { ex } = await generate('chat');
    expect(notes(ex)).toEqual(['upstream_rate_limited attempt 1 dep-a: retrying', 'upstream_rate_limited attempt 2 dep-a: moving on']);
    expect(ex.responseHeaders?.['x-gatehouse-attempts']).toBe('3');
  });
});

describe('half-open', () => {
  it('lets exactly one probe through while concurrent requests go elsewhere', async () => {
    let now = 0;
    const health = createDeploymentHealth({ now: () => now });
    health.failure('dep-a', FAST.circuitBreaker);
    now = 1_000;
    const { generate } = setup({ chat: twoDeployments({ mock: { text: 'from a', latencyMs: 30 } }) }, { health });
    const [first, second] = await Promise.all([generate('chat'), generate('chat')]);
    expect(first.ex.responseHeaders?.['x-gatehouse-deployment']).toBe('dep-a');
    expect(second.ex.responseHeaders?.['x-gatehouse-deployment']).toBe('dep-b');
    expect(health.state('dep-a', FAST.circuitBreaker)).toBe('closed');
  });

  it('every circuit open: no call at all, safe mode at once', async () => {
    const health = createDeploymentHealth();
    const { generate } = setup(
      { chat: twoDeployments({ mock: { error: { status: 500 } } }, { mock: { error: { status: 500 } } }, { safeMode: { text: 'sorry' } }) },
      { health },
    );
    expect((await generate('chat')).ex.safeMode).toBe(true);
    const before = health.snapshot().map((s) => s.failures);
    const { ex, result } = await generate('chat');
    expect(ex.safeMode).toBe(true);
    expect((result as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('sorry');
    expect(health.snapshot().map((s) => s.failures)).toEqual(before);
    expect(notes(ex)).toEqual([]);
  });
});
