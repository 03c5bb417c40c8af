import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../fuzz/raw-http-client.js';
import { MOCK_CONFIG, startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 14: what a request the router did not match is told, and the request id every answer carries.
 * An endpoint this configuration leaves off answers 404 endpoint_not_enabled saying what turns it on (the
 * demo answered "405 GET is not allowed on /.well-known/jwks.json; use GET."); a 405 names the methods the
 * path is served for, never the method used; every answer carries x-request-id (the id the OpenAI SDKs
 * surface as requestID / _request_id) equal to x-gatehouse-request-id.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

let authOff: TestGateway;
let authOn: TestGateway;
let metricsOff: TestGateway;

beforeAll(async () => {
  authOff = await startTestGateway({ ...MOCK_CONFIG, telemetry: { metrics: { enabled: true } } });
  authOn = await startTestGateway(
    {
      ...MOCK_CONFIG,
      auth: { secretPepper: 'env:PEPPER' },
      identities: { 'billing-bot': { owner: 'billing@example.com', environment: 'sandbox', models: ['*'] } },
    },
    { env: { PEPPER } },
  );
  metricsOff = await startTestGateway({ ...MOCK_CONFIG, telemetry: { metrics: { enabled: false } } });
});
afterAll(async () => {
  await Promise.all([authOff?.close(), authOn?.close(), metricsOff?.close()]);
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; message: string } };
}

async function call(gw: TestGateway, method: string, path: string): Promise<Answer> {
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const res = await request(gw.url + path, {
    method: method as 'GET',
    headers: withBody ? { 'content-type': 'application/json' } : {},
    body: withBody ? '{}' : undefined,
  });
  const text = await res.body.text();
  const json = String(res.headers['content-type']).startsWith('application/json') && text !== '';
  return { status: res.statusCode, headers: res.headers, body: json ? JSON.parse(text) : {} };
}

describe('an endpoint the configuration leaves off', () => {
  it.each([
    ['GET', '/.well-known/jwks.json'],
    ['POST', '/oauth/token'],
    ['GET', '/oauth/token'],
    ['GET', '/admin/v1/models'],
    ['POST', '/admin/v1/identities'],
    ['GET', '/admin/v1'],
    ['GET', '/.well-known/jwks.json/'],
  ])('auth off: %s %s -> 404 endpoint_not_enabled naming the auth section, recorded', async (method, path) => {
    const answer = await call(authOff, method, path);
    expect(answer.status).toBe(404);
    expect(answer.headers['x-gatehouse-reason']).toBe('endpoint_not_enabled');
    expect(answer.headers.allow).toBeUndefined();
    expect(answer.body.error?.code).toBe('endpoint_not_enabled');
    expect(answer.body.error?.message).toContain('`auth` section');
    const record = await authOff.recordOf(answer.headers['x-gatehouse-request-id'] as string);
    expect(record).toMatchObject({ status: 404, reason: 'endpoint_not_enabled', method });
  });

  it('metrics off: the metrics path -> 404 endpoint_not_enabled naming telemetry.metrics.enabled; on: served', async () => {
    const off = await call(metricsOff, 'GET', '/metrics');
    expect(off.status).toBe(404);
    expect(off.body.error).toMatchObject({ code: 'endpoint_not_enabled', message: expect.stringContaining('telemetry.metrics.enabled') });
    expect((await call(authOff, 'GET', '/metrics')).status).toBe(200);
  });

  it('auth on: the same endpoints are served, and a wrong method is a 405 naming the right one', async () => {
    expect((await call(authOn, 'GET', '/.well-known/jwks.json')).status).toBe(200);
    const wrong = await call(authOn, 'GET', '/oauth/token');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.body.error).toMatchObject({ code: 'method_not_allowed', message: 'GET is not allowed on /oauth/token; use POST.' });
  });

  it('an unknown path is still route_not_found, on either gateway', async () => {
    for (const gw of [authOff, authOn]) expect((await call(gw, 'GET', '/oauth/tokens')).headers['x-gatehouse-reason']).toBe('route_not_found');
  });
});

describe('405 method_not_allowed', () => {
  const paths = ['/v1/chat/completions', '/v1/embeddings', '/v1/guard/scan', '/v1/models', '/v1/models/mock-echo', '/healthz', '/readyz', '/metrics'];
  const authPaths = ['/oauth/token', '/.well-known/jwks.json', '/admin/v1/identities', '/admin/v1/models'];

  it('never names the method that was used as the allowed one, on any route and method', async () => {
    let refused = 0;
    for (const [gw, list] of [
      [authOff, paths],
      [authOn, [...paths, ...authPaths]],
    ] as const) {
      for (const path of list) {
        for (const method of METHODS) {
          const answer = await call(gw, method, path);
          if (answer.status !== 405) continue;
          refused++;
          const allow = String(answer.headers.allow).split(', ');
          expect(allow.length).toBeGreaterThan(0);
          expect(allow).not.toContain(method);
          expect(answer.headers['x-gatehouse-reason']).toBe('method_not_allowed');
          // A HEAD answer has no body to read the message from.
          if (method !== 'HEAD') expect(answer.body.error?.message).toBe(`${method} is not allowed on ${path}; use ${allow.join(' or ')}.`);
        }
      }
    }
    expect(refused).toBeGreaterThan(40);
  });
});

describe('x-request-id', () => {
  const sameIds = (headers: { get(name: string): string | null }) => {
    const ours = headers.get('x-gatehouse-request-id');
    expect(ours).toMatch(UUID);
    expect(headers.get('x-request-id')).toBe(ours);
    return ours;
  };

  it('the official SDK sees it as _request_id, request_id and APIError.requestID: answers, streams and refusals', async () => {
    const reply = await authOff.openai.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply._request_id).toMatch(UUID);
    expect(reply.id).toBe(`chatcmpl-${reply._request_id}`);

    const streamed = await authOff.openai.chat.completions
      .create({ model: 'mock-echo', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(streamed.request_id).toBe(sameIds(streamed.response.headers));
    for await (const _chunk of streamed.data);

    const embedded = await authOff.openai.embeddings.create({ model: 'mock-embed', input: 'hi' });
    expect(embedded._request_id).toMatch(UUID);

    const err = await authOff.openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(UUID);
    const record = await authOff.recordOf((err as InstanceType<typeof OpenAI.APIError>).requestID as string);
    expect(record).toMatchObject({ reason: 'model_not_found' });

    const anonymousOnAuth = await authOn.openai.models.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((anonymousOnAuth as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(UUID);
  });

  it.each([
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
    ['GET', '/nope'],
    ['GET', '/v1/chat/completions'],
    ['GET', '/.well-known/jwks.json'],
    ['POST', '/oauth/token'],
  ])('%s %s: the same id in both headers', async (method, path) => {
    const gw = path.includes('oauth') || path.includes('jwks') ? authOn : authOff;
    const res = await fetch(gw.url + path, { method, ...(method === 'POST' ? { body: 'grant_type=client_credentials' } : {}) });
    await res.text();
    sameIds(res.headers);
  });

  it('an answer written on the socket (malformed HTTP) carries both too', async () => {
    const result = await rawExchange(Number(new URL(authOff.url).port), 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n', { then: 'close' });
    const raw = result.responses[0];
    expect(raw?.status).toBe(400);
    expect(raw?.headers['x-request-id']).toBe(raw?.headers['x-gatehouse-request-id']);
    expect(raw?.headers['x-request-id']).toMatch(UUID);
  });
});
