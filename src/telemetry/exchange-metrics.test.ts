import { describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from './exchange-metrics.js';
import { exchangeRecord } from './records.fixtures.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition 0.0.4 sample lines. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function samples(metrics: Metrics, name: string): Promise<Sample[]> {
  return parse(await metrics.render()).filter((s) => s.name === name);
}

/** The value of the one sample of `name` whose labels include `labels`. */
async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const found = (await samples(metrics, name)).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

function metricsFor(models: string[] = ['gpt-test', 'embed-test']): Metrics {
  return createMetrics({ models: () => models, defaultMetrics: false });
}

describe('createMetrics', () => {
  it('counts finished exchanges by operation, outcome, reason, model and provider', async () => {
    const metrics = metricsFor();
    metrics.listener([exchangeRecord(), exchangeRecord()]);
    metrics.listener([
      exchangeRecord({
        status: 400,
        reason: 'input_blocked',
        outcome: 'refused',
        promptTokens: null,
        completionTokens: null,
        providerId: null,
        upstreamModel: null,
      }),
    ]);
    expect(
      await value(metrics, 'gatehouse_requests_total', { operation: 'chat', outcome: 'ok', reason: 'ok', model: 'gpt-test', provider: 'openai-main' }),
    ).toBe(2);
    expect(await value(metrics, 'gatehouse_requests_total', { outcome: 'refused', reason: 'input_blocked', model: 'gpt-test', provider: 'none' })).toBe(1);
    expect(await value(metrics, 'gatehouse_refusals_total', { reason: 'input_blocked' })).toBe(1);
    expect(await value(metrics, 'gatehouse_refusals_total', { reason: 'ok' })).toBeUndefined();
  });

  it('observes durations into histogram buckets from 1 ms to 60 s', async () => {
    const metrics = metricsFor();
    metrics.listener([exchangeRecord({ latencyMs: 0.4 }), exchangeRecord({ latencyMs: 250 }), exchangeRecord({ latencyMs: 90_000 })]);
    const labels = { operation: 'chat', outcome: 'ok', streamed: 'false' };
    const buckets = (await samples(metrics, 'gatehouse_request_duration_seconds_bucket')).filter((s) => s.labels.outcome === 'ok');
    expect(buckets.map((b) => b.labels.le)).toEqual([
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '30',
      '60',
      '+Inf',
    ]);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_bucket', { ...labels, le: '0.001' })).toBe(1);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_bucket', { ...labels, le: '0.25' })).toBe(2);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_bucket', { ...labels, le: '60' })).toBe(2);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(3);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_count', labels)).toBe(3);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_sum', labels)).toBeCloseTo(90.2504, 6);
  });

  it('observes time to first byte for streams only, and stage durations from the trace', async () => {
    const metrics = metricsFor();
    metrics.listener([exchangeRecord({ streamed: true, ttfbMs: 80 }), exchangeRecord({ ttfbMs: null })]);
    expect(await value(metrics, 'gatehouse_time_to_first_byte_seconds_count', { operation: 'chat', model: 'gpt-test' })).toBe(1);
    expect(await value(metrics, 'gatehouse_time_to_first_byte_seconds_bucket', { model: 'gpt-test', le: '0.05' })).toBe(0);
    expect(await value(metrics, 'gatehouse_time_to_first_byte_seconds_bucket', { model: 'gpt-test', le: '0.1' })).toBe(1);
    expect(await value(metrics, 'gatehouse_request_duration_seconds_count', { streamed: 'true' })).toBe(1);
    expect(await value(metrics, 'gatehouse_stage_duration_seconds_count', { stage: 'input-guardrails', phase: 'request' })).toBe(2);
    expect(await value(metrics, 'gatehouse_stage_duration_seconds_count', { stage: 'route', phase: 'route' })).toBe(2);
    expect(await value(metrics, 'gatehouse_stage_duration_seconds_bucket', { stage: 'validate-request', le: '0.00025' })).toBe(2);
    expect(await value(metrics, 'gatehouse_stage_duration_seconds_bucket', { stage: 'route', le: '0.1' })).toBe(0);
    expect(await value(metrics, 'gatehouse_stage_duration_seconds_bucket', { stage: 'route', le: '0.25' })).toBe(2);
  });

  it('counts tokens by direction and cost only when it is known', async () => {
    const metrics = metricsFor();
    metrics.listener([
      exchangeRecord({ costUsd: 0.0125 }),
      exchangeRecord({ costUsd: 0.0075 }),
      exchangeRecord({ modelRequested: 'embed-test', operation: 'embeddings', completionTokens: null }),
    ]);
    expect(await value(metrics, 'gatehouse_tokens_total', { direction: 'input', model: 'gpt-test', provider: 'openai-main' })).toBe(24);
    expect(await value(metrics, 'gatehouse_tokens_total', { direction: 'output', model: 'gpt-test' })).toBe(60);
    expect(await value(metrics, 'gatehouse_tokens_total', { direction: 'input', model: 'embed-test' })).toBe(12);
    expect(await value(metrics, 'gatehouse_tokens_total', { direction: 'output', model: 'embed-test' })).toBeUndefined();
    expect(await value(metrics, 'gatehouse_cost_usd_total', { model: 'gpt-test', provider: 'openai-main' })).toBeCloseTo(0.02, 10);
    expect(await value(metrics, 'gatehouse_cost_usd_total', { model: 'embed-test' })).toBeUndefined();
  });

  it('counts guardrail findings by detector, type, direction and action', async () => {
    const metrics = metricsFor();
    const finding = {
      direction: 'input' as const,
      detector: 'pii',
      type: 'EMAIL_ADDRESS',
      score: 0.99,
      start: 8,
      end: 25,
      path: 'messages[0].content',
      action: 'redact',
    };
    metrics.listener([
      exchangeRecord({
        findings: [finding, { ...finding, start: 40, end: 57 }, { ...finding, direction: 'output', detector: 'secrets', type: 'AWS_KEY', action: 'block' }],
      }),
    ]);
    expect(await value(metrics, 'gatehouse_guardrail_findings_total', { detector: 'pii', type: 'EMAIL_ADDRESS', direction: 'input', action: 'redact' })).toBe(
      2,
    );
    expect(await value(metrics, 'gatehouse_guardrail_findings_total', { detector: 'secrets', type: 'AWS_KEY', direction: 'output', action: 'block' })).toBe(1);
  });

  it('counts a stream once, from its final record; its durable start only as a started stream', async () => {
    const metrics = metricsFor();
    const start = exchangeRecord({ streamed: true, outcome: 'in_progress', promptTokens: null, completionTokens: null, ttfbMs: null });
    metrics.listener([start]);
    expect(await value(metrics, 'gatehouse_streams_started_total', { operation: 'chat', model: 'gpt-test', provider: 'openai-main' })).toBe(1);
    expect(await samples(metrics, 'gatehouse_requests_total')).toEqual([]);
    expect(await samples(metrics, 'gatehouse_stage_duration_seconds_count')).toEqual([]);
    metrics.listener([{ ...start, outcome: 'interrupted', status: 502, reason: 'stream_interrupted', ttfbMs: 40 }]);
    expect(await value(metrics, 'gatehouse_requests_total', { outcome: 'interrupted', reason: 'stream_interrupted' })).toBe(1);
    expect(await value(metrics, 'gatehouse_requests_total', { outcome: 'in_progress' })).toBeUndefined();
    expect(await value(metrics, 'gatehouse_streams_started_total', {})).toBe(1);
    // Interrupted is neither a refusal nor a gateway error before the first byte.
    expect(await samples(metrics, 'gatehouse_refusals_total')).toEqual([]);
  });

  it('bounds labels: unknown models become "other", unknown reasons "other", invented values are capped', async () => {
    const models = ['gpt-test'];
    const metrics = createMetrics({ models: () => models, defaultMetrics: false });
    const junk = Array.from({ length: 500 }, (_, i) =>
      exchangeRecord({ modelRequested: `made-up-${i}`, reason: `not_a_code_${i}`, status: 404, outcome: 'refused' }),
    );
    const types = Array.from({ length: 500 }, (_, i) =>
      exchangeRecord({
        findings: [{ direction: 'input', detector: 'webhook', type: `TYPE_${i}`, score: 1, start: 0, end: 1, path: 'messages[0].content', action: 'monitor' }],
      }),
    );
    metrics.listener([...junk, ...types, exchangeRecord({ modelRequested: null, operation: 'admin' })]);
    const requests = await samples(metrics, 'gatehouse_requests_total');
    expect(new Set(requests.map((s) => s.labels.model))).toEqual(new Set(['gpt-test', 'other', 'none']));
    expect(await value(metrics, 'gatehouse_requests_total', { model: 'other', reason: 'other' })).toBe(500);
    expect(await value(metrics, 'gatehouse_refusals_total', { reason: 'other' })).toBe(500);
    const findingSeries = await samples(metrics, 'gatehouse_guardrail_findings_total');
    expect(findingSeries.length).toBe(257);
    expect(findingSeries.find((s) => s.labels.type === 'other')?.value).toBe(244);
    // A model added by a reload gets its own series from the next batch on.
    models.push('made-up-7');
    metrics.listener([exchangeRecord({ modelRequested: 'made-up-7' })]);
    expect(await value(metrics, 'gatehouse_requests_total', { model: 'made-up-7' })).toBe(1);
  });

  it('lets no client-chosen string reach the exposition text', async () => {
    const metrics = metricsFor();
    metrics.listener([
      exchangeRecord({ modelRequested: 'x"} 1\nevil_metric 9', path: '/v1/chat/completions?q=secret', endUser: 'alice@example.com', conversationId: 'conv-1' }),
    ]);
    const text = await metrics.render();
    expect(text).not.toContain('evil_metric');
    expect(text).not.toContain('alice');
    expect(text).not.toContain('secret');
    expect(() => parse(text)).not.toThrow();
  });

  it('never throws: a malformed record is skipped and counted, the rest of its batch still counts', async () => {
    const metrics = metricsFor();
    const broken = exchangeRecord({ trace: null as never });
    expect(() => metrics.listener([broken, exchangeRecord()])).not.toThrow();
    expect(await value(metrics, 'gatehouse_metrics_record_errors_total')).toBe(1);
    expect(await value(metrics, 'gatehouse_requests_total', { outcome: 'ok' })).toBe(2);
    const throwing = createMetrics({
      models: () => {
        throw new Error('no runtime');
      },
      defaultMetrics: false,
    });
    expect(() => throwing.listener([exchangeRecord()])).not.toThrow();
    expect(await value(throwing, 'gatehouse_requests_total', { model: 'other' })).toBe(1);
  });

  it('uses a registry of its own and adds process metrics only when asked', async () => {
    const plain = metricsFor();
    const withDefaults = createMetrics({ models: () => [], defaultMetrics: true });
    expect(await plain.render()).not.toContain('process_cpu_user_seconds_total');
    expect(await withDefaults.render()).toContain('process_cpu_user_seconds_total');
    expect(await withDefaults.render()).toContain('nodejs_eventloop_lag_seconds');
    expect(plain.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { register } = await import('prom-client');
    expect(await register.getSingleMetric('gatehouse_requests_total')).toBeUndefined();
  });
});
