import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { configSchema } from '../config/schema.js';
import { createSecretResolver } from '../config/secrets.js';
import { silentLogger } from '../log/logger.js';
import { buildApp } from '../server/app.js';
import { RuntimeHolder, buildRuntime } from '../server/runtime.js';
import type { ExchangeRecord } from '../core/record.js';
import { createMetrics, type Metrics } from './exchange-metrics.js';
import { registerMetricsRoute } from './metrics-route.js';
import { exchangeRecord } from './records.fixtures.js';

const config = configSchema.parse({ providers: { mock: { type: 'mock' } }, models: { 'mock-echo': { provider: 'mock' } } });

let app: FastifyInstance | undefined;
let holder: RuntimeHolder | undefined;

afterEach(async () => {
  await app?.close();
  await holder?.close();
  app = undefined;
  holder = undefined;
});

/** The real app on a loopback port, with the metrics route added the way the gateway adds it. */
async function start(path = '/metrics'): Promise<{ url: string; metrics: Metrics; recorded: ExchangeRecord[] }> {
  const recorded: ExchangeRecord[] = [];
  holder = new RuntimeHolder(await buildRuntime(config, 'test', { resolveSecret: createSecretResolver({}), baseDir: process.cwd() }));
  const sink = { record: (r: ExchangeRecord) => void recorded.push(r), recordDurable: async (r: ExchangeRecord) => (recorded.push(r), true) };
  app = buildApp({ holder, sink, logger: silentLogger(), isReady: async () => {}, bodyLimitBytes: 1 << 20, logExchanges: false });
  const metrics = createMetrics({ models: () => holder!.current.models.keys(), defaultMetrics: false });
  registerMetricsRoute(app, metrics, { path });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, metrics, recorded };
}

describe('registerMetricsRoute', () => {
  it('serves the exposition text with the Prometheus content type', async () => {
    const { url, metrics } = await start();
    metrics.listener([exchangeRecord({ modelRequested: 'mock-echo', providerId: 'mock' }), exchangeRecord({ modelRequested: 'not-configured' })]);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-gatehouse-request-id')).toMatch(/\S/);
    const text = await res.text();
    expect(text).toContain('# TYPE gatehouse_requests_total counter');
    expect(text).toContain('gatehouse_requests_total{operation="chat",outcome="ok",reason="ok",model="mock-echo",provider="mock"} 1');
    expect(text).toContain('model="other"');
    expect(text).not.toContain('not-configured');
  });

  it('answers HEAD and a trailing slash, like the other routes', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/metrics`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${url}/metrics/`)).status).toBe(200);
  });

  it('is served at a configured path only', async () => {
    const { url } = await start('/internal/prometheus');
    expect((await fetch(`${url}/internal/prometheus`)).status).toBe(200);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-gatehouse-reason')).toBe('route_not_found');
  });

  it('leaves no exchange record for a scrape, while other methods are refused and recorded by the app', async () => {
    const { url, recorded } = await start();
    await (await fetch(`${url}/metrics`)).text();
    await (await fetch(`${url}/metrics`)).text();
    expect(recorded).toEqual([]);
    const res = await fetch(`${url}/metrics`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('x-gatehouse-reason')).toMatch(/^(route_not_found|method_not_allowed)$/);
    expect(recorded.map((r) => r.path)).toEqual(['/metrics']);
  });
});
