import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { telemetrySchema, telemetrySections } from '../../src/config/schema-telemetry.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';
import { startFakeOtlpCollector, type CollectedSpan, type FakeOtlpCollector } from '../../src/telemetry/fake-otlp-collector.fixtures.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/index.js';

/** Words that appear only in prompts and answers: none may reach a metric or a span. */
const PROMPT_WORD = 'zebracorn';
const STREAM_WORD = 'platypus';
const ANSWER = 'The answer is 42.';

let gateway: TestGateway;
let collector: FakeOtlpCollector;
let telemetry: Telemetry;

beforeAll(async () => {
  gateway = await startTestGateway({
    ...MOCK_CONFIG,
    guardrails: {
      profiles: { watch: { input: { keywords: { action: 'monitor', options: { lists: { project: [STREAM_WORD] } } } } } },
      defaults: { anonymous: 'watch' },
    },
  });
  collector = await startFakeOtlpCollector();
  const config = telemetrySchema.parse({ tracing: { enabled: true, endpoint: collector.url, serviceName: 'gatehouse-e2e' } });
  telemetry = await createTelemetry(config, {
    models: () => gateway.holder.current.models.keys(),
    providerType: (id) => gateway.holder.current.config.providers[id]?.type,
    resolveSecret: gateway.resolveSecret,
    logger: gateway.logger,
  });
  gateway.recorder.onCommitted(telemetry.listener);

  await gateway.openai.chat.completions.create({ model: 'mock-fixed', messages: [{ role: 'user', content: `tell me about the ${PROMPT_WORD}` }] });
  const stream = await gateway.openai.chat.completions.create({
    model: 'mock-echo',
    stream: true,
    messages: [{ role: 'user', content: `a ${STREAM_WORD} swims` }],
  });
  for await (const chunk of stream) void chunk;
  await gateway.openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
  await gateway.openai.chat.completions.create({ model: 'mock-500', messages: [{ role: 'user', content: PROMPT_WORD }] }).catch(() => undefined);
  await gateway.recorder.flush();
  await telemetry.tracing!.forceFlush();
});

afterAll(async () => {
  await gateway?.close();
  await telemetry?.shutdown();
  await collector?.close();
});

function roots(): CollectedSpan[] {
  return collector.spans.filter((s) => s.parentSpanId === undefined);
}

describe('telemetry fed by a real gateway', () => {
  it('counts what the recorder committed', async () => {
    const text = await telemetry.metrics!.render();
    expect(text).toContain('gatehouse_requests_total{operation="chat",outcome="ok",reason="ok",model="mock-fixed",provider="mock"} 1');
    expect(text).toContain('gatehouse_requests_total{operation="chat",outcome="ok",reason="ok",model="mock-echo",provider="mock"} 1');
    expect(text).toContain('gatehouse_requests_total{operation="chat",outcome="refused",reason="model_not_found",model="other",provider="none"} 1');
    expect(text).toMatch(/gatehouse_requests_total\{operation="chat",outcome="error",reason="upstream_error",model="mock-500",provider="mock"\} 1/);
    expect(text).toContain('gatehouse_streams_started_total{operation="chat",model="mock-echo",provider="mock"} 1');
    expect(text).toContain('gatehouse_time_to_first_byte_seconds_count{operation="chat",model="mock-echo"} 1');
    expect(text).toContain('gatehouse_guardrail_findings_total{detector="keywords",type="project",direction="input",action="monitor"} 1');
    expect(text).toContain('gatehouse_refusals_total{reason="upstream_error"} 1');
    expect(text).toMatch(/gatehouse_tokens_total\{direction="input",model="mock-fixed",provider="mock"\} [1-9]/);
    expect(text).toMatch(/gatehouse_stage_duration_seconds_count\{stage="route",phase="route"\} [1-9]/);
    expect(text).toContain('gatehouse_stage_duration_seconds_count{stage="route",phase="stream"} 1');
  });

  it('exports one span tree per finished exchange, streams included once', () => {
    const names = roots()
      .map((s) => s.name)
      .sort();
    expect(names).toEqual(['chat', 'chat mock-500', 'chat mock-echo', 'chat mock-fixed']);
    // An unconfigured model stays out of span names (as out of metric labels) but is kept as the requested model.
    expect(roots().find((s) => s.name === 'chat')!.attributes['gen_ai.request.model']).toBe('no-such-model');
    const fixed = roots().find((s) => s.name === 'chat mock-fixed')!;
    expect(fixed.attributes['gen_ai.provider.name']).toBe('mock');
    expect(fixed.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(fixed.resource['service.name']).toBe('gatehouse-e2e');
    const children = collector.spans.filter((s) => s.parentSpanId === fixed.spanId).map((s) => s.name);
    expect(children).toContain('route');
    const failed = roots().find((s) => s.name === 'chat mock-500')!;
    expect(failed.status.code).toBe(2);
    expect(failed.attributes['error.type']).toBe('upstream_error');
    const streamed = roots().find((s) => s.name === 'chat mock-echo')!;
    expect(streamed.attributes['gatehouse.streamed']).toBe(true);
    expect(streamed.events.map((e) => e.attributes['gatehouse.guardrail.type'])).toEqual(['project']);
  });

  it('never exports prompt or answer text, in metrics or spans', async () => {
    const exported = [await telemetry.metrics!.render(), ...collector.requests.map((r) => r.text)].join('\n');
    for (const word of [PROMPT_WORD, STREAM_WORD, ANSWER, 'swims']) expect(exported).not.toContain(word);
  });
});

describe('telemetrySchema', () => {
  it('defaults: metrics on at /metrics without process metrics, tracing off', () => {
    expect(telemetrySchema.parse({})).toEqual({
      metrics: { enabled: true, path: '/metrics', defaultMetrics: false },
      tracing: { enabled: false, headers: {}, serviceName: 'gatehouse', captureContent: false },
    });
  });

  it('requires an endpoint when tracing is enabled, and an http(s) URL', () => {
    expect(telemetrySchema.safeParse({ tracing: { enabled: true } }).error?.issues.map((i) => i.path.join('.'))).toEqual(['tracing.endpoint']);
    expect(telemetrySchema.safeParse({ tracing: { enabled: true, endpoint: 'ftp://collector/v1/traces' } }).success).toBe(false);
    expect(telemetrySchema.safeParse({ tracing: { enabled: true, endpoint: 'http://127.0.0.1:4318/v1/traces' } }).success).toBe(true);
  });

  it('requires secret references for credential headers, and accepts literals for the rest', () => {
    const parse = (headers: Record<string, string>) => telemetrySchema.safeParse({ tracing: { headers } });
    expect(parse({ authorization: 'Bearer abc' }).error?.issues[0]?.path).toEqual(['tracing', 'headers', 'authorization']);
    expect(parse({ 'x-api-key': 'abc' }).success).toBe(false);
    expect(parse({ Authorization: 'env:OTLP_AUTH', 'x-scope-orgid': 'tenant-1' }).success).toBe(true);
    expect(parse({ 'bad header': 'x' }).success).toBe(false);
    expect(parse({ 'x-a': 'one\r\nx-b: two' }).success).toBe(false);
  });

  it('refuses content capture and metrics paths that shadow gateway routes', () => {
    expect(telemetrySchema.safeParse({ tracing: { captureContent: true } }).success).toBe(false);
    for (const path of ['/v1/metrics', '/healthz', '/admin', 'metrics', '/oauth/x'])
      expect(telemetrySchema.safeParse({ metrics: { path } }).success, path).toBe(false);
    expect(telemetrySchema.safeParse({ metrics: { path: '/internal/metrics' } }).success).toBe(true);
  });

  it('rejects unknown keys', () => {
    expect(telemetrySchema.safeParse({ metrics: { enabeld: true } }).success).toBe(false);
    expect(telemetrySchema.safeParse({ logs: {} }).success).toBe(false);
  });

  it('renders as JSON Schema with a description on every key', () => {
    interface Node {
      description?: string;
      properties?: Record<string, Node>;
    }
    const schema = z.toJSONSchema(z.strictObject(telemetrySections), { io: 'input', target: 'draft-2020-12' }) as Node;
    const undescribed: string[] = [];
    const walk = (node: Node, prefix: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!child.description) undescribed.push(`${prefix}${key}`);
        walk(child, `${prefix}${key}.`);
      }
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
    expect(Object.keys(schema.properties!.telemetry!.properties!.tracing!.properties!)).toEqual([
      'enabled',
      'endpoint',
      'headers',
      'serviceName',
      'captureContent',
    ]);
  });
});
