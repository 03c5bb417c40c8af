import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES, type ReasonCode } from '../../src/core/reason-codes.js';
import type { ExchangeRecord } from '../../src/core/record.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { openRawSocket, rawExchange, type RawResponse } from '../fuzz/raw-http-client.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The HTTP edge under bad input: every refusal is a typed OpenAI-shaped error with a catalogued reason
 * code, a request id and a record; malformed HTTP never takes the process down.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_TYPE = { 'content-type': 'application/json' };
const CHAT = '/v1/chat/completions';
const SMALL_LIMIT = 2048;

let gw: TestGateway;
let small: TestGateway;
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ models: { 'slow-stream': { kind: 'chat', text: 'x'.repeat(2000), chunkSize: 4, chunkDelayMs: 20 } } });
  gw = await startTestGateway({
    providers: { ...MOCK_CONFIG.providers, fake: { type: 'openai', baseUrl: fake.url, timeoutMs: 10_000, streamIdleTimeoutMs: 10_000 } },
    models: {
      ...MOCK_CONFIG.models,
      'mock-slow': { provider: 'mock', mock: { latencyMs: 500 } },
      'mock-directive': { provider: 'mock' },
      'slow-stream': { provider: 'fake' },
    },
  });
  small = await startTestGateway({ ...MOCK_CONFIG, server: { bodyLimitBytes: SMALL_LIMIT } });
});

afterAll(async () => {
  await gw?.close();
  await small?.close();
  await fake?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

async function call(
  g: TestGateway,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer | Readable } = {},
): Promise<Answer> {
  const res = await request(g.url + (init.path ?? CHAT), {
    method: (init.method ?? 'POST') as 'POST',
    headers: init.headers ?? JSON_TYPE,
    body: init.body,
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

function header(answer: { headers: IncomingHttpHeaders | Record<string, string> }, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Asserts the OpenAI error shape with our reason code and returns the parsed error. */
function expectErrorShape(text: string, code: ReasonCode): { message: string; type: string; param: string | null; code: string } {
  const body = JSON.parse(text) as { error: { message: string; type: string; param: string | null; code: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.param === null || typeof body.error.param === 'string').toBe(true);
  const type = REASON_CODES[code].type;
  expect(body.error.type).toBe(type === 'none' ? 'api_error' : type);
  return body.error;
}

/** Status, error shape, reason header, request id, and a record with the same status and reason. */
async function expectRefusal(g: TestGateway, answer: Answer | RawResponse, status: number, code: ReasonCode, outcome: ExchangeRecord['outcome'] = 'refused') {
  expect(answer.status).toBe(status);
  const error = expectErrorShape('text' in answer ? answer.text : answer.body, code);
  expect(header(answer, 'x-gatehouse-reason')).toBe(code);
  const id = header(answer, 'x-gatehouse-request-id');
  expect(id).toMatch(UUID);
  const record = await g.recordOf(id as string);
  expect(record, `record of ${id}`).toBeDefined();
  expect(record).toMatchObject({ id, status, reason: code, outcome });
  return { error, id: id as string, record: record as ExchangeRecord };
}

async function recordCount(g: TestGateway): Promise<number> {
  await g.recorder.flush();
  return g.store.countExchanges();
}

/** Polls until `probe` yields a value; the limit is a safety net, never an assertion on speed. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

function chatBody(extra: Record<string, unknown> = {}, content: unknown = 'hello'): string {
  return JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content }], ...extra });
}

describe('bodies that are not a JSON object', () => {
  it.each([
    ['truncated JSON', '{"model":"mock-echo","messages":['],
    ['a trailing comma', '{"model":"mock-echo",}'],
    ['single quotes', "{'model':'mock-echo'}"],
    ['a bare word', 'hello'],
    ['two JSON documents', '{}{}'],
    ['an invalid escape', '{"model":"\\x41"}'],
    ['an unterminated \\u escape', '{"model":"\\ud800\\u"}'],
  ])('%s -> 400 invalid_json', async (_name, body) => {
    await expectRefusal(gw, await call(gw, { body }), 400, 'invalid_json');
  });

  it('a UTF-8 BOM before valid JSON is tolerated (RFC 8259 section 8.1 lets a parser ignore it)', async () => {
    const answer = await call(gw, { body: `\ufeff${chatBody()}` });
    expect(answer.status).toBe(200);
  });

  it('an empty JSON body -> 400 invalid_json', async () => {
    await expectRefusal(gw, await call(gw, { body: '' }), 400, 'invalid_json');
  });

  it('a bodyless POST without a content type -> 400 invalid_request (there is no media type to judge)', async () => {
    await expectRefusal(gw, await call(gw, { headers: {} }), 400, 'invalid_request');
  });

  it.each([
    ['an array', '[]'],
    ['an array of one object', '[{"model":"mock-echo","messages":[{"role":"user","content":"x"}]}]'],
    ['a string', '"mock-echo"'],
    ['null', 'null'],
    ['a number', '42'],
    ['true', 'true'],
  ])('valid JSON that is %s -> 400 invalid_request', async (_name, body) => {
    for (const path of [CHAT, '/v1/embeddings']) {
      await expectRefusal(gw, await call(gw, { path, body }), 400, 'invalid_request');
    }
  });

  it.each([
    ['a 0xff byte', Buffer.from([0xff])],
    ['an overlong encoding of /', Buffer.from([0xc0, 0xaf])],
    ['a truncated 3-byte sequence', Buffer.from([0xe2, 0x82])],
    ['a UTF-8-encoded surrogate (CESU-8)', Buffer.from([0xed, 0xa0, 0x80])],
    ['a code point above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80])],
  ])('invalid UTF-8 (%s) inside a string -> 400 invalid_encoding', async (_name, bad) => {
    const body = Buffer.concat([Buffer.from('{"model":"mock-echo","messages":[{"role":"user","content":"'), bad, Buffer.from('"}]}')]);
    await expectRefusal(gw, await call(gw, { body }), 400, 'invalid_encoding');
  });
});

describe('media types and content encodings', () => {
  it.each(['gzip', 'br', 'deflate', 'GZIP', 'identity, gzip'])('Content-Encoding: %s -> 415 unsupported_content_encoding', async (encoding) => {
    const answer = await call(gw, { headers: { ...JSON_TYPE, 'content-encoding': encoding }, body: gzipSync(chatBody()) });
    await expectRefusal(gw, answer, 415, 'unsupported_content_encoding');
  });

  it('Content-Encoding: identity is accepted', async () => {
    const answer = await call(gw, { headers: { ...JSON_TYPE, 'content-encoding': 'identity' }, body: chatBody() });
    expect(answer.status).toBe(200);
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json-patch+json',
    'application/jsonx',
    'not a media type',
  ])('Content-Type: %s -> 415 unsupported_media_type', async (type) => {
    await expectRefusal(gw, await call(gw, { headers: { 'content-type': type }, body: chatBody() }), 415, 'unsupported_media_type');
  });

  it('a body without a Content-Type -> 415 unsupported_media_type', async () => {
    await expectRefusal(gw, await call(gw, { headers: {}, body: chatBody() }), 415, 'unsupported_media_type');
  });

  it.each(['latin1', 'iso-8859-1', 'utf-16', 'UTF-16LE', 'us-ascii', '"windows-1252"'])(
    'a JSON body declared as charset=%s -> 415 unsupported_media_type',
    async (charset) => {
      const answer = await call(gw, { headers: { 'content-type': `application/json; charset=${charset}` }, body: chatBody() });
      await expectRefusal(gw, answer, 415, 'unsupported_media_type');
    },
  );

  it.each([
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
    'application/json;charset="utf-8"',
    'application/json; charset=utf8',
    'Application/JSON',
  ])('%s is accepted', async (type) => {
    const answer = await call(gw, { headers: { 'content-type': type }, body: chatBody() });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).choices[0].message.content).toBe('hello');
  });
});

describe('body size limit (server.bodyLimitBytes = 2048)', () => {
  function bodyOfSize(size: number): string {
    const empty = chatBody({}, '');
    return chatBody({}, 'a'.repeat(size - Buffer.byteLength(empty)));
  }

  it('a body of exactly the limit is served', async () => {
    const body = bodyOfSize(SMALL_LIMIT);
    expect(Buffer.byteLength(body)).toBe(SMALL_LIMIT);
    const answer = await call(small, { body });
    expect(answer.status).toBe(200);
  });

  it('one byte over the limit, with a Content-Length -> 413 body_too_large', async () => {
    await expectRefusal(small, await call(small, { body: bodyOfSize(SMALL_LIMIT + 1) }), 413, 'body_too_large');
  });

  it('a much larger body -> 413 body_too_large', async () => {
    await expectRefusal(small, await call(small, { body: bodyOfSize(200_000) }), 413, 'body_too_large');
  });

  it('a chunked body that grows past the limit -> 413 body_too_large', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"model":"mock-echo","messages":[{"role":"user","content":"');
      for (let i = 0; i < 8; i++) yield Buffer.from('b'.repeat(512));
      yield Buffer.from('"}]}');
    }
    await expectRefusal(small, await call(small, { body: Readable.from(chunks()) }), 413, 'body_too_large');
  });
});

describe('prototype poisoning', () => {
  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":"yes"},"model":"mock-echo","messages":[{"role":"user","content":"x"}]}'],
    ['__proto__ inside a message', '{"model":"mock-echo","messages":[{"role":"user","content":"x","__proto__":{"polluted":"yes"}}]}'],
    ['__proto__ written with an escape', '{"\\u005f_proto__":{"polluted":"yes"},"model":"mock-echo","messages":[{"role":"user","content":"x"}]}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":"yes"}},"model":"mock-echo","messages":[{"role":"user","content":"x"}]}'],
    [
      'constructor.prototype in tool parameters',
      '{"model":"mock-echo","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"constructor":{"prototype":{"polluted":"yes"}}}}}]}',
    ],
  ])('%s -> 400 invalid_json, and Object.prototype is untouched', async (_name, body) => {
    await expectRefusal(gw, await call(gw, { body }), 400, 'invalid_json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a "constructor" key that is not a prototype path is an ordinary field', async () => {
    const answer = await call(gw, { body: chatBody({ constructor: 'fine', metadata: { prototype: 1 } }) });
    expect(answer.status).toBe(200);
  });
});

describe('routes and methods', () => {
  it.each([
    '/nope',
    '/',
    '/v1',
    '/v1/chat/completion',
    '/v2/chat/completions',
    '/v1/chat/completions/extra',
    '/%2e%2e/%2e%2e/etc/passwd',
    `/v1/${'x'.repeat(4000)}`,
  ])('POST %s -> 404 route_not_found', async (path) => {
    const { record } = await expectRefusal(gw, await call(gw, { path, body: chatBody() }), 404, 'route_not_found');
    expect(record.path.length).toBeLessThanOrEqual(256);
  });

  it.each([
    ['GET', CHAT, 'POST'],
    ['PUT', CHAT, 'POST'],
    ['DELETE', CHAT, 'POST'],
    ['PATCH', CHAT, 'POST'],
    ['GET', '/v1/embeddings', 'POST'],
    ['POST', '/v1/models', 'GET'],
    ['POST', '/healthz', 'GET'],
  ])('%s %s -> 405 method_not_allowed with Allow: %s', async (method, path, allow) => {
    const answer = await call(gw, { method, path, headers: {} });
    await expectRefusal(gw, answer, 405, 'method_not_allowed');
    expect(header(answer, 'allow')).toBe(allow);
  });

  it('HEAD on a POST route -> 405 with an Allow header and a record', async () => {
    const answer = await call(gw, { method: 'HEAD', headers: {} });
    expect(answer.status).toBe(405);
    expect(header(answer, 'allow')).toBe('POST');
    expect(header(answer, 'x-gatehouse-reason')).toBe('method_not_allowed');
    const record = await gw.recordOf(header(answer, 'x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ status: 405, reason: 'method_not_allowed', method: 'HEAD' });
  });

  it.each(['/%zz', '/v1/chat/completions%', '/a%e0%a4%a', '/v1/models/%ff%'])(
    'a malformed percent-escape in %s -> a 400 in our shape, with a request id and a record',
    async (path) => {
      const answer = await call(gw, { path, body: chatBody() });
      expect(answer.status).toBe(400);
      const code = header(answer, 'x-gatehouse-reason') as ReasonCode;
      expect(['invalid_request', 'malformed_http', 'route_not_found']).toContain(code);
      await expectRefusal(gw, answer, REASON_CODES[code].status, code);
      expect(answer.text).not.toContain(path);
    },
  );

  it("ignores a client's own request-id headers: the id is always the gateway's", async () => {
    const answer = await call(gw, { path: '/nope', headers: { 'x-gatehouse-request-id': 'client-chosen', 'x-request-id': 'client-chosen' } });
    expect(header(answer, 'x-gatehouse-request-id')).toMatch(UUID);
  });

  it('GET /v1/models/<unknown> -> 404 model_not_found, recorded like every other refusal', async () => {
    await expectRefusal(gw, await call(gw, { method: 'GET', path: '/v1/models/no-such-model', headers: {} }), 404, 'model_not_found');
  });

  it.each(['/healthz', '/readyz', '/v1/models', '/v1/models/mock-echo'])('GET %s answers 200 with a request id (every answer carries one)', async (path) => {
    const answer = await call(gw, { method: 'GET', path, headers: {} });
    expect(answer.status).toBe(200);
    expect(header(answer, 'x-gatehouse-request-id')).toMatch(UUID);
  });
});

describe('5xx bodies never carry internal text', () => {
  it.each([false, true])('mock-500 (stream: %s) -> 502 upstream_error with the catalogue message only', async (stream) => {
    const answer = await call(gw, { body: JSON.stringify({ model: 'mock-500', stream, messages: [{ role: 'user', content: 'x' }] }) });
    const { error } = await expectRefusal(gw, answer, 502, 'upstream_error', 'error');
    expect(error.message).toBe(REASON_CODES.upstream_error.summary);
    expect(answer.text).not.toContain('internal upstream detail');
    expect(answer.text).not.toContain('must not leak');
    expect(answer.text).not.toMatch(/at .+\.(ts|js):\d+/);
  });
});

describe('pathological but well-formed bodies', () => {
  const depth = 100_000;
  const nested = '['.repeat(depth) + ']'.repeat(depth);

  it('100k nested arrays as the whole body -> 400 invalid_request, no crash, no hang', async () => {
    await expectRefusal(gw, await call(gw, { body: nested }), 400, 'invalid_request');
  });

  it('100k nested arrays as message content -> 400 invalid_request', async () => {
    await expectRefusal(gw, await call(gw, { body: `{"model":"mock-echo","messages":[{"role":"user","content":${nested}}]}` }), 400, 'invalid_request');
  });

  it('100k nested objects in a pass-through field are refused or served, never a 5xx', async () => {
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const answer = await call(gw, { body: `{"model":"mock-echo","messages":[{"role":"user","content":"deep"}],"metadata":${objects}}` });
    expect(answer.status).toBeLessThan(500);
    expect(header(answer, 'x-gatehouse-request-id')).toMatch(UUID);
    if (answer.status !== 200) expectErrorShape(answer.text, header(answer, 'x-gatehouse-reason') as ReasonCode);
    expect((await call(gw, { method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
  });

  it('50,000 messages are validated and served', async () => {
    const messages = Array.from({ length: 50_000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `m${i}` }));
    messages.push({ role: 'user', content: 'the last one' });
    const answer = await call(gw, { body: JSON.stringify({ model: 'mock-echo', messages }) });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).choices[0].message.content).toBe('the last one');
    const record = await gw.recordOf(header(answer, 'x-gatehouse-request-id') as string);
    expect(record).toMatchObject({ status: 200, outcome: 'ok' });
  });

  it('an invalid message deep in a long list is named by its index', async () => {
    const messages: unknown[] = Array.from({ length: 10_000 }, () => ({ role: 'user', content: 'x' }));
    messages[9_876] = { role: 'wizard', content: 'x' };
    const { error } = await expectRefusal(gw, await call(gw, { body: JSON.stringify({ model: 'mock-echo', messages }) }), 400, 'invalid_request');
    expect(error.param).toMatch(/^messages\[9876\]/);
  });

  it('a 3 MB string is served whole', async () => {
    const text = 'é'.repeat(1_500_000);
    const answer = await call(gw, { body: chatBody({}, text) });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).choices[0].message.content).toBe(text);
  });

  const tricky = 'NUL \u0000, emoji \u{1f600}\u{1f469}\u200d\u{1f4bb}, BOM \ufeff, RTL \u202e, LS \u2028, max \u{10ffff}, nonchar \uffff';

  it('unicode edge cases (NUL, emoji, BOM, U+2028, U+10FFFF) round-trip through a non-streamed answer', async () => {
    const answer = await call(gw, { body: chatBody({}, tricky) });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).choices[0].message.content).toBe(tricky);
  });

  it('lone surrogates (text no UTF-8 record or upstream can carry) are refused, named and recorded', async () => {
    const body = chatBody({}, `lone \ud800 and \udfff, ${tricky}`);
    expect(body).toContain('\\ud800');
    const { error } = await expectRefusal(gw, await call(gw, { body }), 400, 'invalid_request');
    expect(error.param).toBe('messages[0].content');
  });

  it('a streamed answer reassembles unicode exactly, and no chunk splits a surrogate pair', async () => {
    const wellFormed = 'emoji \u{1f600}\u{1f601}\u{1f602}\u{1f469}\u200d\u{1f4bb} CJK \u4e2d\u6587 max \u{10ffff}!';
    const answer = await call(gw, { body: chatBody({ stream: true }, wellFormed) });
    expect(answer.status).toBe(200);
    const events = answer.text.split('\n\n').filter((e) => e !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const pieces = events.slice(0, -1).map((e) => (JSON.parse(e.slice('data: '.length)).choices[0]?.delta?.content ?? '') as string);
    expect(pieces.join('')).toBe(wellFormed);
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    // A client in a stricter language (Rust's serde_json, Python's str.encode) cannot decode a lone half.
    expect(pieces.filter((p) => loneSurrogate.test(p))).toEqual([]);
  });

  it('an embeddings request for a million dimensions is refused, not computed', async () => {
    // Unbounded, `dimensions: 1e9` makes the mock allocate until the heap is exhausted: input that crashes the process.
    const answer = await call(gw, { path: '/v1/embeddings', body: JSON.stringify({ model: 'mock-embed', input: 'x', dimensions: 1_000_000 }) });
    const { error } = await expectRefusal(gw, answer, 400, 'invalid_request');
    expect(error.param).toBe('dimensions');
  });

  it('a NUL-bearing model name is refused cleanly', async () => {
    const { record } = await expectRefusal(
      gw,
      await call(gw, { body: JSON.stringify({ model: 'mock-echo\u0000', messages: [{ role: 'user', content: 'x' }] }) }),
      404,
      'model_not_found',
    );
    expect(record.modelRequested).toBe('mock-echo\u0000');
  });
});

describe('malformed HTTP on a raw socket', () => {
  let port: number;
  beforeAll(() => {
    port = Number(new URL(gw.url).port);
  });
  afterEach(async () => {
    expect((await call(gw, { method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
  });

  /** The server-side end of the next accepted connection, to know when the gateway has seen it close. */
  function nextServerSocket(): Promise<Socket> {
    return new Promise((resolve) => gw.app.server.once('connection', resolve));
  }

  /** Resolves once the gateway has closed its side of `socket` and finished reacting to it. */
  async function serverSideClosed(socket: Socket): Promise<void> {
    // Not events.once: a reset makes the socket emit 'error' first, which would reject it.
    if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
    // Node aborts the in-flight request on nextTick after the close; let that run before counting.
    await sleep(100);
  }

  async function expectMalformed(bytes: string | Buffer, status: number, code: ReasonCode) {
    const before = await recordCount(gw);
    const result = await rawExchange(port, bytes, { then: 'close' });
    expect(result.responses).toHaveLength(1);
    const response = result.responses[0] as RawResponse;
    await expectRefusal(gw, response, status, code);
    expect(response.headers.connection).toBe('close');
    expect(result.closedByServer).toBe(true);
    expect(await recordCount(gw)).toBe(before + 1);
  }

  it.each([
    ['a garbage request line', 'HELLO WORLD\r\n\r\n'],
    ['binary noise', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])],
    ['an unknown method', 'BREW /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a bad HTTP version', 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a space in a header name', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'],
    ['a control character in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
    ['a bare CR inside a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'],
    [
      'Content-Length together with Transfer-Encoding',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'two different Content-Lengths',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    ],
    ['a negative Content-Length', 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}'],
    [
      'an unknown Transfer-Encoding',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked, br\r\n\r\n',
    ],
  ])('%s -> 400 malformed_http in our shape, recorded once, connection closed', async (_name, bytes) => {
    await expectMalformed(bytes, 400, 'malformed_http');
  });

  it('headers over 16 KB -> 431 headers_too_large, recorded once', async () => {
    await expectMalformed(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, 431, 'headers_too_large');
  });

  it('headers over 16 KB followed by a large body -> one 431 and exactly one record', async () => {
    const serverSocket = nextServerSocket();
    const before = await recordCount(gw);
    const body = 'x'.repeat(200_000);
    const result = await rawExchange(
      port,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n${body}`,
      { then: 'close' },
    );
    await serverSideClosed(await serverSocket);
    expect(result.responses.map((r) => r.status)).toEqual([431]);
    expect(await recordCount(gw)).toBe(before + 1);
  });

  it('many small headers over 16 KB in total -> 431 headers_too_large', async () => {
    const headers = Array.from({ length: 600 }, (_, i) => `X-H${i}: ${'v'.repeat(24)}\r\n`).join('');
    await expectMalformed(`GET /healthz HTTP/1.1\r\nHost: x\r\n${headers}\r\n`, 431, 'headers_too_large');
  });

  it('a request without Host (required by HTTP/1.1) is answered in our shape and recorded', async () => {
    await expectMalformed('GET /healthz HTTP/1.1\r\n\r\n', 400, 'missing_host');
  });

  it('an Expect other than 100-continue is refused in our shape, with a request id and a record', async () => {
    const result = await rawExchange(
      port,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\n{}',
      { then: 'wait' },
    );
    const response = result.responses[0] as RawResponse;
    const code = response.headers['x-gatehouse-reason'] as ReasonCode;
    expect(code, `answered ${response.statusLine} without a reason code`).toBeDefined();
    await expectRefusal(gw, response, REASON_CODES[code].status, code);
  });

  it('a bad chunk size in the middle of a body -> one answer and exactly one record', async () => {
    const serverSocket = nextServerSocket();
    const before = await recordCount(gw);
    const result = await rawExchange(
      port,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"\r\nzz\r\n',
    );
    await serverSideClosed(await serverSocket);
    expect(result.responses.length).toBeGreaterThanOrEqual(1);
    const response = result.responses[0] as RawResponse;
    expect(response.status).toBe(400);
    expectErrorShape(response.body, response.headers['x-gatehouse-reason'] as ReasonCode);
    expect(await recordCount(gw)).toBe(before + 1);
  });

  it('a body cut short by the client closing its side -> answered or closed, exactly one record', async () => {
    const serverSocket = nextServerSocket();
    const before = await recordCount(gw);
    const result = await rawExchange(
      port,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model":',
      { then: 'end' },
    );
    await serverSideClosed(await serverSocket);
    for (const response of result.responses) expectErrorShape(response.body, response.headers['x-gatehouse-reason'] as ReasonCode);
    expect(await recordCount(gw)).toBe(before + 1);
  });

  it('a body cut short by a client reset -> exactly one record, saying the client closed', async () => {
    const serverSocket = nextServerSocket();
    const received = new Promise((resolve) => gw.app.server.once('request', resolve));
    const before = await recordCount(gw);
    await rawExchange(port, 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model":', {
      then: 'reset',
      resetWhen: received,
    });
    await serverSideClosed(await serverSocket);
    const after = await recordCount(gw);
    const records = after > before ? await gw.store.listExchanges({ limit: after - before }) : [];
    expect(records.map((r) => `${r.status} ${r.reason} ${r.outcome}`)).toEqual(['499 client_closed_request client_closed']);
  });

  it('a client resetting an idle keep-alive connection is not a request and leaves no record', async () => {
    const serverSocket = nextServerSocket();
    const raw = await openRawSocket(port);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually('the healthz answer', async () => (raw.responses().length === 1 ? true : undefined));
    expect(raw.responses()[0]?.status).toBe(200);
    const before = await recordCount(gw);
    raw.socket.resetAndDestroy();
    await serverSideClosed(await serverSocket);
    expect(await recordCount(gw)).toBe(before);
  });

  it('a connection opened and reset without a byte leaves no record', async () => {
    const serverSocket = nextServerSocket();
    const before = await recordCount(gw);
    const raw = await openRawSocket(port);
    const accepted = await serverSocket;
    raw.socket.resetAndDestroy();
    await serverSideClosed(accepted);
    expect(await recordCount(gw)).toBe(before);
  });

  it('a valid request followed by garbage on the same connection: the first is served, the second refused', async () => {
    const result = await rawExchange(port, 'GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n', { responses: 2 });
    expect(result.responses.map((r) => r.status)).toEqual([200, 400]);
    await expectRefusal(gw, result.responses[1] as RawResponse, 400, 'malformed_http');
  });
});

describe('clients that go away', () => {
  async function clientClosedRecord(model: string, before: number): Promise<ExchangeRecord> {
    return eventually(`a client_closed record for ${model}`, async () => {
      await gw.recorder.flush();
      const records = await gw.store.listExchanges({ modelRequested: model, outcome: 'client_closed' });
      return records.length > before ? records[0] : undefined;
    });
  }

  async function countClientClosed(model: string): Promise<number> {
    await gw.recorder.flush();
    return (await gw.store.listExchanges({ modelRequested: model, outcome: 'client_closed' })).length;
  }

  it('an abort while the mock is still thinking (model latencyMs: 500) -> record client_closed', async () => {
    const before = await countClientClosed('mock-slow');
    const controller = new AbortController();
    gw.app.server.once('request', () => setImmediate(() => controller.abort()));
    const outcome = await request(gw.url + CHAT, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ model: 'mock-slow', messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    }).then(
      () => 'answered',
      (err: Error) => err.name,
    );
    expect(outcome).toBe('AbortError');
    const record = await clientClosedRecord('mock-slow', before);
    expect(record).toMatchObject({ status: 499, reason: 'client_closed_request', outcome: 'client_closed', streamed: false });
    expect(record.trace.at(-1)).toMatchObject({ stage: 'route', verdict: 'error', reason: 'client_closed_request' });
  });

  it('a raw socket closed during a `#mock {"latencyMs":500}` request, streamed -> record client_closed', async () => {
    const before = await countClientClosed('mock-directive');
    const body = JSON.stringify({ model: 'mock-directive', stream: true, messages: [{ role: 'user', content: '#mock {"latencyMs":500}' }] });
    const received = new Promise((resolve) => gw.app.server.once('request', resolve));
    const raw = await openRawSocket(Number(new URL(gw.url).port));
    raw.socket.write(`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await received;
    raw.socket.destroy();
    const record = await clientClosedRecord('mock-directive', before);
    expect(record).toMatchObject({ status: 499, reason: 'client_closed_request', outcome: 'client_closed', streamed: true });
    expect(raw.received()).toBe('');
  });

  it('a client that leaves mid-stream: the upstream request is closed too, and the record says client_closed', async () => {
    const closedBefore = fake.closedEarly;
    const res = await request(gw.url + CHAT, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ model: 'slow-stream', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.statusCode).toBe(200);
    const id = header(res, 'x-gatehouse-request-id') as string;
    let received = '';
    for await (const chunk of res.body) {
      received += String(chunk);
      if (received.includes('"content":"xxxx"')) break;
    }
    await fake.waitForClosedEarly(closedBefore + 1);
    const record = await eventually('the record', () => gw.recordOf(id));
    expect(record).toMatchObject({ status: 499, reason: 'client_closed_request', outcome: 'client_closed', streamed: true, providerId: 'fake' });
    expect(record.ttfbMs).not.toBeNull();
  });
});
