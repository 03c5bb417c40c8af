import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES, type ReasonCode } from '../../src/core/reason-codes.js';
import type { ExchangeRecord } from '../../src/core/record.js';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { closedPort } from '../support/closed-port.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Client (official OpenAI SDK) -> gateway -> openai provider -> fake OpenAI that misbehaves.
 * Every upstream failure reaches the client as a typed error with our reason code (or, after the first
 * byte of a stream, as an in-band error event and `[DONE]`), and the record says the same.
 */

const CHUNK_1E999 =
  'data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1e999,"model":"m","choices":[{"index":1e999,"delta":{"role":"assistant","content":"hi"},"finish_reason":null}]}\n\n';
const UPSTREAM_SECRET = 'db-primary.internal:5432 password=hunter2';
const REJECTION = 'max_tokens is too large: 999999. This model supports at most 4096 completion tokens.';

const BEHAVIOURS: Record<string, FakeBehaviour> = {
  fine: { kind: 'chat', text: 'All good here.' },
  'rate-limited': { kind: 'error', status: 429, message: 'Rate limit reached', type: 'requests', headers: { 'retry-after': '7' } },
  'server-error': { kind: 'error', status: 500, message: `upstream exploded at ${UPSTREAM_SECRET}`, type: 'server_error' },
  rejects: { kind: 'error', status: 400, message: REJECTION, code: 'invalid_value' },
  unauthorized: { kind: 'error', status: 401, message: 'Incorrect API key provided: sk-live-abc123.', type: 'invalid_request_error', code: 'invalid_api_key' },
  forbidden: { kind: 'error', status: 403, message: `Project not allowed: ${UPSTREAM_SECRET}` },
  malformed: { kind: 'malformed' },
  'malformed-first': { kind: 'raw', chunks: ['data: {"id": oops}\n\n', 'data: [DONE]\n\n'] },
  'not-sse': { kind: 'raw', contentType: 'application/json', chunks: ['{"id":"chatcmpl-x","choices":[]}'] },
  'empty-stream': { kind: 'raw', chunks: [] },
  truncated: { kind: 'truncated' },
  'truncated-reset': { kind: 'truncated', reset: true },
  'stream-error': { kind: 'stream-error', message: `model crashed at ${UPSTREAM_SECRET}` },
  hang: { kind: 'hang' },
  'stall-after-headers': { kind: 'raw', chunks: ['data: [DONE]\n\n'], chunkDelayMs: 3_000 },
  'cr-line-ends': {
    kind: 'raw',
    chunks: ['data: {"id":"c","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\r\r', 'data: [DONE]\r\r'],
  },
  'huge-numbers-stream': { kind: 'raw', chunks: [CHUNK_1E999, 'data: [DONE]\n\n'] },
  'huge-numbers': {
    kind: 'raw',
    contentType: 'application/json',
    chunks: [
      '{"id":"chatcmpl-x","object":"chat.completion","created":1e999,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}',
    ],
  },
};

let fake: FakeOpenAI;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeOpenAI({ models: BEHAVIOURS });
  const models: Record<string, { provider: string }> = {};
  for (const name of Object.keys(BEHAVIOURS)) models[name] = { provider: name === 'hang' || name === 'stall-after-headers' ? 'short' : 'fake' };
  models.unreachable = { provider: 'dead' };
  gw = await startTestGateway({
    providers: {
      fake: { type: 'openai', baseUrl: fake.url, timeoutMs: 10_000, streamIdleTimeoutMs: 10_000 },
      short: { type: 'openai', baseUrl: fake.url, timeoutMs: 300, streamIdleTimeoutMs: 300 },
      dead: { type: 'openai', baseUrl: `http://127.0.0.1:${await closedPort()}/v1`, timeoutMs: 5_000, connectTimeoutMs: 5_000 },
    },
    models,
  });
});

afterAll(async () => {
  await gw?.close();
  await fake?.close();
});

function chat(model: string, stream: boolean) {
  return gw.openai.chat.completions.create({ model, stream, messages: [{ role: 'user', content: 'hello upstream' }] } as OpenAI.ChatCompletionCreateParams);
}

type ApiError = InstanceType<typeof OpenAI.APIError>;

/** The SDK's typed error, its status and code, our headers, and the matching record. */
async function expectSdkError(
  model: string,
  stream: boolean,
  status: number,
  code: ReasonCode,
): Promise<{ err: ApiError; record: ExchangeRecord; id: string }> {
  const err = (await chat(model, stream).then(
    () => {
      throw new Error(`expected ${model} to fail`);
    },
    (e: unknown) => e,
  )) as ApiError;
  expect(err).toBeInstanceOf(OpenAI.APIError);
  expect(err.status).toBe(status);
  expect(err.code).toBe(code);
  expect((err.error as { param?: unknown }).param).toBeNull();
  const type = REASON_CODES[code].type;
  expect(err.type).toBe(type === 'none' ? 'api_error' : type);
  expect(err.headers?.get('x-gatehouse-reason')).toBe(code);
  const id = err.headers?.get('x-gatehouse-request-id') as string;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const record = (await gw.recordOf(id)) as ExchangeRecord;
  expect(record).toMatchObject({ id, status, reason: code, streamed: stream, providerId: expect.any(String) });
  return { err, record, id };
}

interface WireStream {
  status: number;
  id: string;
  events: string[];
  chunks: Array<Record<string, any>>;
  error: { message: string; type: string; param: null; code: string } | undefined;
}

/** A streamed answer read off the wire: every event, parsed; the in-band error if there is one. */
async function streamOverWire(model: string): Promise<WireStream> {
  const res = await request(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hello upstream' }] }),
  });
  const text = await res.body.text();
  const id = res.headers['x-gatehouse-request-id'] as string;
  if (res.statusCode !== 200) return { status: res.statusCode, id, events: [text], chunks: [], error: JSON.parse(text).error };
  expect(res.headers['content-type']).toContain('text/event-stream');
  expect(text.endsWith('\n\n')).toBe(true);
  const events = text.slice(0, -2).split('\n\n');
  const chunks: Array<Record<string, any>> = [];
  let error: WireStream['error'];
  for (const event of events) {
    expect(event.startsWith('data: ')).toBe(true);
    const data = event.slice('data: '.length);
    if (data === '[DONE]') continue;
    const parsed = JSON.parse(data) as Record<string, any>;
    if (parsed.error) error = parsed.error;
    else chunks.push(parsed);
  }
  return { status: res.statusCode, id, events, chunks, error };
}

/** An in-band failure after the first byte: chunks, then one error event, then `[DONE]`; recorded as interrupted. */
async function expectInterrupted(model: string): Promise<WireStream> {
  const wire = await streamOverWire(model);
  expect(wire.status).toBe(200);
  expect(wire.chunks.length).toBeGreaterThan(0);
  expect(wire.events.at(-1)).toBe('data: [DONE]');
  expect(wire.events.filter((e) => e === 'data: [DONE]')).toHaveLength(1);
  expect(JSON.parse((wire.events.at(-2) as string).slice(6))).toEqual({
    error: { message: REASON_CODES.stream_interrupted.summary, type: 'api_error', param: null, code: 'stream_interrupted' },
  });
  const record = await gw.recordOf(wire.id);
  expect(record).toMatchObject({ status: 200, reason: 'stream_interrupted', outcome: 'interrupted', streamed: true });
  expect(record?.ttfbMs).not.toBeNull();
  return wire;
}

describe('control: a well-behaved upstream', () => {
  it.each([false, true])('stream: %s -> 200, record ok, request id forwarded upstream', async (stream) => {
    if (stream) {
      const { data, response } = await gw.openai.chat.completions
        .create({ model: 'fine', stream: true, messages: [{ role: 'user', content: 'hi' }] })
        .withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('All good here.');
      const id = response.headers.get('x-gatehouse-request-id') as string;
      expect(await gw.recordOf(id)).toMatchObject({ status: 200, reason: 'ok', outcome: 'ok', streamed: true });
      expect(fake.requests.at(-1)?.headers['x-request-id']).toBe(id);
    } else {
      const { data, response } = await gw.openai.chat.completions.create({ model: 'fine', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(data.choices[0]?.message.content).toBe('All good here.');
      const id = response.headers.get('x-gatehouse-request-id') as string;
      expect(await gw.recordOf(id)).toMatchObject({ status: 200, reason: 'ok', outcome: 'ok', streamed: false, providerId: 'fake', upstreamModel: 'fine' });
      expect(fake.requests.at(-1)?.headers['x-request-id']).toBe(id);
    }
  });
});

describe('upstream HTTP errors', () => {
  it.each([false, true])('429 with Retry-After (stream: %s) -> 429 upstream_rate_limited, Retry-After passed through', async (stream) => {
    const { err, record } = await expectSdkError('rate-limited', stream, 429, 'upstream_rate_limited');
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('7');
    expect(record.outcome).toBe('error');
  });

  it.each([false, true])('500 (stream: %s) -> 502 upstream_error, and the upstream text never reaches the client', async (stream) => {
    const { err, record } = await expectSdkError('server-error', stream, 502, 'upstream_error');
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.message).not.toContain('hunter2');
    expect(JSON.stringify(err.error)).not.toContain('db-primary');
    expect((err.error as { message: string }).message).toBe(REASON_CODES.upstream_error.summary);
    expect(record.outcome).toBe('error');
  });

  it.each([false, true])("400 (stream: %s) -> 400 upstream_rejected_request with the upstream's own explanation", async (stream) => {
    const { err } = await expectSdkError('rejects', stream, 400, 'upstream_rejected_request');
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err.error as { message: string }).message).toBe(REJECTION);
  });

  it.each([
    ['unauthorized', false],
    ['unauthorized', true],
    ['forbidden', false],
    ['forbidden', true],
  ] as const)('%s upstream (stream: %s) -> 502 upstream_auth_failed: the client is not at fault, and sees no upstream text', async (model, stream) => {
    const { err, record } = await expectSdkError(model, stream, 502, 'upstream_auth_failed');
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err.error as { message: string }).message).toBe(REASON_CODES.upstream_auth_failed.summary);
    expect(JSON.stringify(err.error)).not.toMatch(/sk-live|hunter2|API key provided/);
    expect(record.outcome).toBe('error');
  });
});

describe('malformed upstream answers', () => {
  it('a non-JSON completion body -> 502 upstream_bad_response', async () => {
    const { record } = await expectSdkError('malformed', false, 502, 'upstream_bad_response');
    expect(record.outcome).toBe('error');
  });

  it('a malformed SSE data line before the first chunk -> 502 upstream_bad_response (a real status, no stream)', async () => {
    const { record } = await expectSdkError('malformed-first', true, 502, 'upstream_bad_response');
    expect(record.outcome).toBe('error');
  });

  it('a stream request answered with application/json -> 502 upstream_bad_response', async () => {
    await expectSdkError('not-sse', true, 502, 'upstream_bad_response');
  });

  it('an event stream that ends before any event -> 502 upstream_bad_response', async () => {
    await expectSdkError('empty-stream', true, 502, 'upstream_bad_response');
  });

  it('a malformed SSE data line after some chunks -> in-band stream_interrupted, then [DONE]; record interrupted', async () => {
    const wire = await expectInterrupted('malformed');
    expect(wire.chunks[0]?.choices[0]?.delta?.role).toBe('assistant');
  });

  it('the SDK surfaces the in-band error as an APIError with code stream_interrupted, after the good chunks', async () => {
    const { data, response } = await gw.openai.chat.completions
      .create({ model: 'malformed', stream: true, messages: [{ role: 'user', content: 'hello upstream' }] })
      .withResponse();
    let text = '';
    const err = await (async () => {
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    })().then(
      () => undefined,
      (e: unknown) => e as ApiError,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err?.code).toBe('stream_interrupted');
    expect(text.length).toBeGreaterThan(0);
    expect(await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string)).toMatchObject({ outcome: 'interrupted', reason: 'stream_interrupted' });
  });

  it('a stream that ends without [DONE] -> in-band stream_interrupted; record interrupted', async () => {
    await expectInterrupted('truncated');
  });

  it('a truncated non-streamed body -> 502 upstream_bad_response', async () => {
    await expectSdkError('truncated', false, 502, 'upstream_bad_response');
  });

  it("the upstream's own in-stream error object -> in-band stream_interrupted without its text", async () => {
    const wire = await expectInterrupted('stream-error');
    expect(wire.events.join('\n')).not.toContain('hunter2');
  });

  it('an upstream that resets the connection mid-stream -> a typed 502, or an in-band interruption; the record agrees', async () => {
    // The reset can overtake the bytes sent before it, so both shapes are correct; a hang or a bare close is not.
    const wire = await streamOverWire('truncated-reset');
    const record = await gw.recordOf(wire.id);
    if (wire.status === 200) {
      expect(wire.events.at(-1)).toBe('data: [DONE]');
      expect(wire.error?.code).toBe('stream_interrupted');
      expect(record).toMatchObject({ status: 200, reason: 'stream_interrupted', outcome: 'interrupted' });
    } else {
      expect(wire.status).toBe(502);
      expect(['upstream_unreachable', 'upstream_bad_response']).toContain(wire.error?.code);
      expect(record).toMatchObject({ status: 502, reason: wire.error?.code, outcome: 'error' });
    }
  });

  it('a stream whose lines end in a bare CR (valid SSE) completes normally', async () => {
    const wire = await streamOverWire('cr-line-ends');
    expect(wire.error).toBeUndefined();
    expect(wire.chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('hi');
    expect(await gw.recordOf(wire.id)).toMatchObject({ status: 200, reason: 'ok', outcome: 'ok' });
  });

  it('non-finite numbers (1e999) in an upstream chunk still reach the client as valid JSON', async () => {
    const res = await request(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'huge-numbers-stream', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await res.body.text();
    const invalid = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]')
      .filter((e) => {
        try {
          JSON.parse(e.slice(6));
          return false;
        } catch {
          return true;
        }
      });
    expect(invalid).toEqual([]);
  });

  it('non-finite numbers (1e999) in an upstream completion keep `created` a number', async () => {
    const completion = await gw.openai.chat.completions.create({ model: 'huge-numbers', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]?.message.content).toBe('hi');
    expect(typeof completion.created).toBe('number');
  });
});

describe('unreachable and silent upstreams', () => {
  it.each([false, true])('an upstream that never answers (stream: %s) -> 504 upstream_timeout, and the upstream call is cancelled', async (stream) => {
    const closedBefore = fake.closedEarly;
    const { err, record } = await expectSdkError('hang', stream, 504, 'upstream_timeout');
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(record.outcome).toBe('error');
    await fake.waitForClosedEarly(closedBefore + 1);
  });

  it('an upstream that sends headers and then goes silent -> 504 upstream_timeout before the first byte', async () => {
    const { record } = await expectSdkError('stall-after-headers', true, 504, 'upstream_timeout');
    expect(record.outcome).toBe('error');
  });

  it.each([false, true])('connection refused (stream: %s) -> 502 upstream_unreachable', async (stream) => {
    const { err, record } = await expectSdkError('unreachable', stream, 502, 'upstream_unreachable');
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(record).toMatchObject({ outcome: 'error', providerId: 'dead' });
  });
});

describe('client input that the upstream call cannot carry', () => {
  it.each([false, true])("100k nested arrays in a pass-through field (stream: %s) are the client's fault (4xx), not blamed on the upstream", async (stream) => {
    const requestsBefore = fake.requests.length;
    const depth = 100_000;
    const body = `{"model":"fine","stream":${stream},"messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const res = await request(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = JSON.parse(await res.body.text()) as { error?: { code: string } };
    const id = res.headers['x-gatehouse-request-id'] as string;
    expect({ status: res.statusCode, code: answer.error?.code }).toEqual({ status: 400, code: expect.stringMatching(/^(invalid_request|invalid_json)$/) });
    expect(fake.requests.length).toBe(requestsBefore);
    expect((await gw.recordOf(id))?.reason).not.toBe('upstream_unreachable');
  });
});
