import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { newRequestId } from '../../core/ids.js';
import { CLIENT_ASSERTION_TYPE } from '../../identity/client-assertion.js';
import { GRANT_TOKEN_EXCHANGE, TOKEN_TYPE_ACCESS_TOKEN, TOKEN_TYPE_JWT } from '../../identity/token-endpoint.js';
import { MapRegistry, T0, TestClock, createTestTokenService, testIdentity } from '../../identity/token-service.fixtures.js';
import type { TokenService } from '../../identity/token-service.js';
import { silentLogger } from '../../log/logger.js';
import type { Store } from '../../storage/store.js';
import type { ExchangeRecord } from '../../core/record.js';
import { registerErrorHandlers } from '../error-handlers.js';
import { registerJsonBodyParser } from '../json-body.js';
import { registerOAuthRoutes } from './oauth.js';

const K8S_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const IDP_ISSUER = 'https://idp.example.com';
const TOKEN_ENDPOINT_AUD = 'https://gatehouse.test/oauth/token';

/** A loopback JWKS server standing in for the Kubernetes API server and an OIDC provider. */
let jwksServer: Server;
let jwksBase: string;
let externalKey: { privateKey: CryptoKey; kid: string };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'ext-1', alg: 'RS256', use: 'sig' };
  externalKey = { privateKey: pair.privateKey, kid: 'ext-1' };
  jwksServer = createServer((req, res) => {
    res.writeHead(req.url?.endsWith('/jwks') ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksBase = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

/** A token from one of the external issuers, signed with the loopback server's key. */
function externalToken(claims: Record<string, unknown>, options: { issuer?: string; audience?: string; iat?: number; ttl?: number } = {}): Promise<string> {
  const iat = options.iat ?? T0 / 1000;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: externalKey.kid })
    .setIssuer(options.issuer ?? K8S_ISSUER)
    .setAudience(options.audience ?? 'gatehouse')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttl ?? 600))
    .sign(externalKey.privateKey);
}

interface Harness {
  app: FastifyInstance;
  store: Store;
  url: string;
  tokens: TokenService;
  registry: MapRegistry;
  clock: TestClock;
  records: ExchangeRecord[];
}

/** The real routes in a small Fastify app shaped like the gateway's (JSON-only root parser, root error handlers). */
async function startHarness(): Promise<Harness> {
  const registry = new MapRegistry([
    testIdentity('svc', { allowedScopes: ['chat', 'embeddings'] }),
    testIdentity('payments-api', { allowedScopes: ['chat'] }),
    testIdentity('support-agent', { mayAssertEndUsers: true, allowedScopes: ['chat'] }),
    testIdentity('plain-agent'),
  ]);
  const clock = new TestClock();
  const { tokens, store } = await createTestTokenService({
    registry,
    clock,
    auth: {
      externalIssuers: {
        k8s: {
          issuer: K8S_ISSUER,
          jwksUrl: `${jwksBase}/openid/v1/jwks`,
          audiences: ['gatehouse'],
          rules: [{ claims: { sub: 'system:serviceaccount:payments:api' }, identity: 'payments-api' }],
        },
        idp: {
          issuer: IDP_ISSUER,
          jwksUrl: `${jwksBase}/idp/jwks`,
          audiences: ['gatehouse-agents'],
          rules: [{ claims: { sub: 'svc-robot', azp: 'ci' }, identity: 'svc' }],
        },
      },
    },
  });
  const records: ExchangeRecord[] = [];
  const deps = {
    sink: { record: (r: ExchangeRecord) => records.push(r), recordDurable: async (r: ExchangeRecord) => records.push(r) > 0 },
    logger: silentLogger(),
    logExchanges: false,
  };
  const app = Fastify({ logger: false, genReqId: newRequestId, requestIdHeader: false });
  registerJsonBodyParser(app);
  registerErrorHandlers(app, deps);
  registerOAuthRoutes(app, { ...deps, tokens, registry, now: clock.now });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, store, tokens, registry, clock, records };
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  return async () => {
    await h.app.close();
    await h.store.close();
  };
});

function form(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${h.url}/oauth/token`, { method: 'POST', body: new URLSearchParams(params), headers });
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** Status, reason header, RFC 6749 body, and the one record of the request. */
async function answer(res: Response) {
  const body = (await res.json()) as Record<string, unknown>;
  const requestId = res.headers.get('x-gatehouse-request-id');
  const record = h.records.find((r) => r.id === requestId);
  return { status: res.status, reason: res.headers.get('x-gatehouse-reason'), body, record, headers: res.headers };
}

describe('POST /oauth/token: client_credentials', () => {
  test('client_secret_basic: a short-lived token, no-store, recorded without the secret', async () => {
    const { clientSecret } = await h.tokens.createClientSecret('svc');
    const res = await form({ grant_type: 'client_credentials', scope: 'chat embeddings' }, { authorization: basic('svc', clientSecret) });
    const a = await answer(res);
    expect(a.status).toBe(200);
    expect(a.reason).toBeNull();
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(Number.isInteger(a.record?.createdAt)).toBe(true);
    expect(a.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600, scope: 'chat embeddings' });
    expect(await h.tokens.verifyAccessToken(a.body.access_token as string)).toMatchObject({ ok: true, identityId: 'svc', scopes: ['chat', 'embeddings'] });
    expect(a.record).toMatchObject({
      operation: 'token',
      method: 'POST',
      path: '/oauth/token',
      identityId: 'svc',
      status: 200,
      reason: 'ok',
      outcome: 'ok',
      trace: [{ stage: 'token', verdict: 'continue', note: 'client_secret_basic' }],
    });
    expect(JSON.stringify(h.records)).not.toContain(clientSecret.slice(4));
    expect(JSON.stringify(h.records)).not.toContain(a.body.access_token as string);
    expect(h.registry.used.get('svc')).toBe(T0);
  });

  test('client_secret_post, as a form and as JSON', async () => {
    const { clientSecret } = await h.tokens.createClientSecret('svc');
    expect((await form({ grant_type: 'client_credentials', client_id: 'svc', client_secret: clientSecret })).status).toBe(200);
    const json = await fetch(`${h.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'svc', client_secret: clientSecret }),
    });
    const a = await answer(json);
    expect(a.status).toBe(200);
    expect(a.record?.trace[0]?.note).toBe('client_secret_post');
  });

  test('a wrong secret or unknown client: 401 invalid_client in RFC 6749 shape, a Basic challenge, a record', async () => {
    await h.tokens.createClientSecret('svc');
    const wrong = await answer(await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', `ghs_${'x'.repeat(43)}`) }));
    expect(wrong).toMatchObject({
      status: 401,
      reason: 'invalid_client',
      body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
    });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrong.record).toMatchObject({ operation: 'token', identityId: 'anonymous', status: 401, reason: 'invalid_client', outcome: 'refused' });
    const unknown = await answer(await form({ grant_type: 'client_credentials', client_id: 'ghost', client_secret: `ghs_${'x'.repeat(43)}` }));
    expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } });
    expect(unknown.headers.get('www-authenticate')).toBeNull();
  });

  test('after a rotation the old secret works within the overlap, and is invalid_client past it', async () => {
    const { clientSecret: old } = await h.tokens.createClientSecret('svc');
    const { clientSecret: current } = await h.tokens.rotateClientSecret('svc');
    h.clock.advance(299);
    expect((await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', old) })).status).toBe(200);
    h.clock.advance(2);
    const past = await answer(await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', old) }));
    expect(past).toMatchObject({ status: 401, reason: 'invalid_client', record: { reason: 'invalid_client' } });
    expect((await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', current) })).status).toBe(200);
  });

  test('a suspended or retired identity gets no token: invalid_client, the record names it and the cause', async () => {
    const { clientSecret } = await h.tokens.createClientSecret('svc');
    await h.registry.setState('svc', 'suspended');
    const suspended = await answer(await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', clientSecret) }));
    expect(suspended).toMatchObject({
      status: 401,
      reason: 'invalid_client',
      body: { error: 'invalid_client', error_description: 'The client is suspended.' },
    });
    expect(suspended.record).toMatchObject({
      identityId: 'svc',
      reason: 'invalid_client',
      trace: [{ verdict: 'respond', reason: 'invalid_client', note: 'identity_suspended' }],
    });
    await h.registry.setState('svc', 'retired');
    expect((await answer(await form({ grant_type: 'client_credentials' }, { authorization: basic('svc', clientSecret) }))).record?.trace[0]?.note).toBe(
      'identity_retired',
    );
  });

  test('malformed requests: invalid_request / unsupported_grant_type / 415, each in RFC shape with a record', async () => {
    const { clientSecret } = await h.tokens.createClientSecret('svc');
    const cases: Array<[Promise<Response>, number, string, string]> = [
      [form({}), 400, 'invalid_request', 'invalid_request'],
      [form({ grant_type: 'password', username: 'u', password: 'p' }), 400, 'unsupported_grant_type', 'unsupported_grant_type'],
      [
        form({ grant_type: 'client_credentials', client_secret: clientSecret }, { authorization: basic('svc', clientSecret) }),
        400,
        'invalid_request',
        'invalid_request',
      ],
      [form({ grant_type: 'client_credentials' }), 401, 'invalid_client', 'invalid_client'],
      [form({ grant_type: 'client_credentials' }, { authorization: 'Bearer abc' }), 401, 'invalid_client', 'invalid_client'],
      [
        fetch(`${h.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&grant_type=x',
        }),
        400,
        'invalid_request',
        'invalid_request',
      ],
      [
        fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'grant_type=client_credentials' }),
        415,
        'invalid_request',
        'unsupported_media_type',
      ],
      [
        fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' }),
        400,
        'invalid_request',
        'invalid_json',
      ],
      [
        fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":["client_credentials"]}' }),
        400,
        'invalid_request',
        'invalid_request',
      ],
    ];
    for (const [pending, status, error, reason] of cases) {
      const a = await answer(await pending);
      expect([a.status, a.body.error, a.reason], JSON.stringify(a.body)).toEqual([status, error, reason]);
      expect(a.body.error_description).toEqual(expect.any(String));
      expect(a.record).toMatchObject({ operation: 'token', status, reason });
    }
  });

  test('a store failure fails closed: 500 server_error with a generic description, recorded as internal_error', async () => {
    await h.store.close();
    const a = await answer(await form({ grant_type: 'client_credentials', client_id: 'svc', client_secret: `ghs_${'x'.repeat(43)}` }));
    expect(a).toMatchObject({
      status: 500,
      reason: 'internal_error',
      body: { error: 'server_error', error_description: 'The token could not be issued; try again later.' },
    });
    expect(a.record).toMatchObject({ operation: 'token', status: 500, reason: 'internal_error', outcome: 'error' });
  });

  test('credentials in the query string never reach the record', async () => {
    const a = await answer(
      await fetch(`${h.url}/oauth/token?client_secret=ghs_leaked`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) }),
    );
    expect(a.record?.path).toBe('/oauth/token');
    expect(JSON.stringify(h.records)).not.toContain('leaked');
  });
});

describe('POST /oauth/token: private_key_jwt', () => {
  async function clientKey() {
    const pair = await generateKeyPair('ES256');
    await h.tokens.setClientJwks('svc', { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'c1' }] });
    return (claims: Record<string, unknown> = {}, options: { aud?: string; ttl?: number; jti?: string } = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'c1' })
        .setIssuer('svc')
        .setSubject('svc')
        .setAudience(options.aud ?? TOKEN_ENDPOINT_AUD)
        .setJti(options.jti ?? crypto.randomUUID())
        .setIssuedAt(T0 / 1000)
        .setExpirationTime(T0 / 1000 + (options.ttl ?? 60))
        .sign(pair.privateKey);
  }

  const grant = (assertion: string, extra: Record<string, string> = {}) =>
    form({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion, ...extra });

  test('a signed assertion gets a token; the same assertion again is refused (replay)', async () => {
    const sign = await clientKey();
    const assertion = await sign();
    const ok = await answer(await grant(assertion, { client_id: 'svc' }));
    expect(ok.status).toBe(200);
    expect(ok.record?.trace[0]?.note).toBe('private_key_jwt');
    expect(decodeJwt(ok.body.access_token as string).sub).toBe('svc');
    const replay = await answer(await grant(assertion));
    expect(replay).toMatchObject({
      status: 401,
      reason: 'invalid_client',
      body: { error: 'invalid_client', error_description: 'The client assertion was already used.' },
    });
    // The issuer itself is an accepted audience too.
    expect((await grant(await sign({}, { aud: 'https://gatehouse.test' }))).status).toBe(200);
  });

  test('wrong audience, long-lived, wrong client_id, unregistered client, HS256: invalid_client', async () => {
    const sign = await clientKey();
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('svc')
      .setSubject('svc')
      .setAudience(TOKEN_ENDPOINT_AUD)
      .setJti('j')
      .setExpirationTime(T0 / 1000 + 60)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const unregistered = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('payments-api')
      .setSubject('payments-api')
      .setAudience(TOKEN_ENDPOINT_AUD)
      .setJti('j')
      .setExpirationTime(T0 / 1000 + 60)
      .sign((await generateKeyPair('ES256')).privateKey);
    for (const [assertion, extra] of [
      [await sign({}, { aud: 'https://other.example/oauth/token' }), {}],
      [await sign({}, { ttl: 3600 }), {}],
      [await sign(), { client_id: 'payments-api' }],
      [unregistered, {}],
      [hs, {}],
      ['not.a.jwt', {}],
    ] as Array<[string, Record<string, string>]>) {
      expect(await answer(await grant(assertion, extra))).toMatchObject({ status: 401, reason: 'invalid_client', body: { error: 'invalid_client' } });
    }
    expect(
      (await answer(await form({ grant_type: 'client_credentials', client_assertion_type: 'urn:other', client_assertion: await sign() }))).body.error,
    ).toBe('invalid_request');
  });
});

describe('POST /oauth/token: token exchange (RFC 8693)', () => {
  const exchange = (subjectToken: string, extra: Record<string, string> = {}) =>
    form({ grant_type: GRANT_TOKEN_EXCHANGE, subject_token: subjectToken, subject_token_type: TOKEN_TYPE_JWT, ...extra });

  test("a Kubernetes service-account token maps to its identity by the issuer's rules", async () => {
    const sa = await externalToken({ sub: 'system:serviceaccount:payments:api', 'kubernetes.io': { namespace: 'payments', serviceaccount: { name: 'api' } } });
    const a = await answer(await exchange(sa, { scope: 'chat' }));
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'chat', issued_token_type: TOKEN_TYPE_ACCESS_TOKEN });
    expect(decodeJwt(a.body.access_token as string)).toMatchObject({ sub: 'payments-api', env: 'production' });
    expect(a.record).toMatchObject({ identityId: 'payments-api', reason: 'ok', trace: [{ note: 'token_exchange k8s' }] });
    expect(JSON.stringify(h.records)).not.toContain(sa);
  });

  test('wrong audience, unknown issuer, unmapped subject, expired, bad signature: invalid_grant (400)', async () => {
    const stranger = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sub: 'system:serviceaccount:payments:api' })
      .setProtectedHeader({ alg: 'RS256', kid: externalKey.kid })
      .setIssuer(K8S_ISSUER)
      .setAudience('gatehouse')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 600)
      .sign(stranger.privateKey);
    const cases: Array<[string, RegExp]> = [
      [await externalToken({ sub: 'system:serviceaccount:payments:api' }, { audience: 'vault' }), /audience/],
      [await externalToken({ sub: 'system:serviceaccount:payments:api' }, { issuer: 'https://rogue.example' }), /does not trust/],
      [await externalToken({ sub: 'system:serviceaccount:payments:other' }), /No rule of issuer k8s/],
      [await externalToken({ sub: 'system:serviceaccount:payments:api' }, { iat: T0 / 1000 - 3600 }), /expired/],
      [forged, /could not be verified/],
      ['garbage', /well-formed/],
    ];
    for (const [token, description] of cases) {
      const a = await answer(await exchange(token));
      expect(a).toMatchObject({
        status: 400,
        reason: 'invalid_grant',
        body: { error: 'invalid_grant' },
        record: { reason: 'invalid_grant', operation: 'token' },
      });
      expect(a.body.error_description).toMatch(description);
    }
    expect((await answer(await exchange('x', { subject_token_type: 'urn:other' }))).body.error).toBe('invalid_request');
    expect((await answer(await form({ grant_type: GRANT_TOKEN_EXCHANGE }))).body.error).toBe('invalid_request');
  });

  test('a rule matches only when every listed claim is equal', async () => {
    const partial = await externalToken({ sub: 'svc-robot', azp: 'other' }, { issuer: IDP_ISSUER, audience: 'gatehouse-agents' });
    const full = await externalToken({ sub: 'svc-robot', azp: 'ci' }, { issuer: IDP_ISSUER, audience: 'gatehouse-agents' });
    expect((await answer(await exchange(partial))).status).toBe(400);
    expect((await answer(await exchange(full))).status).toBe(200);
  });

  test('a mapped identity that is suspended gets invalid_grant, with the cause on the record', async () => {
    await h.registry.setState('payments-api', 'suspended');
    const a = await answer(await exchange(await externalToken({ sub: 'system:serviceaccount:payments:api' })));
    expect(a).toMatchObject({ status: 400, reason: 'invalid_grant', record: { identityId: 'payments-api', trace: [{ note: 'identity_suspended' }] } });
  });

  test('an agent acting for a user: sub = agent, act.sub = agent, end_user = the user, on the token and the record', async () => {
    const agentToken = (await h.tokens.mintAccessToken(h.registry.get('support-agent')!)).access_token;
    const userToken = await externalToken({ sub: 'alice' }, { issuer: IDP_ISSUER, audience: 'gatehouse-agents' });
    const a = await answer(await exchange(userToken, { actor_token: agentToken, actor_token_type: TOKEN_TYPE_ACCESS_TOKEN }));
    expect(a.status).toBe(200);
    const claims = decodeJwt(a.body.access_token as string);
    expect(claims).toMatchObject({ sub: 'support-agent', act: { sub: 'support-agent' }, end_user: 'alice' });
    expect(await h.tokens.verifyAccessToken(a.body.access_token as string)).toMatchObject({
      ok: true,
      identityId: 'support-agent',
      actor: 'support-agent',
      endUser: 'alice',
    });
    expect(a.record).toMatchObject({ identityId: 'support-agent', endUser: 'alice', trace: [{ note: 'token_exchange idp act' }] });

    // No chains: the exchanged token cannot itself be an actor token.
    const chained = await answer(await exchange(userToken, { actor_token: a.body.access_token as string, actor_token_type: TOKEN_TYPE_ACCESS_TOKEN }));
    expect(chained).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  test('an agent without mayAssertEndUsers, or an invalid actor token, gets invalid_grant', async () => {
    const userToken = await externalToken({ sub: 'alice' }, { issuer: IDP_ISSUER, audience: 'gatehouse-agents' });
    const plain = (await h.tokens.mintAccessToken(h.registry.get('plain-agent')!)).access_token;
    const denied = await answer(await exchange(userToken, { actor_token: plain, actor_token_type: TOKEN_TYPE_ACCESS_TOKEN }));
    expect(denied).toMatchObject({
      status: 400,
      reason: 'invalid_grant',
      record: { identityId: 'plain-agent', endUser: null, trace: [{ note: 'end_user_assertion_denied' }] },
    });
    expect(JSON.stringify(denied.record)).not.toContain('alice');
    const bad = await answer(await exchange(userToken, { actor_token: 'nope', actor_token_type: TOKEN_TYPE_ACCESS_TOKEN }));
    expect(bad).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The actor token is not valid.' },
      record: { trace: [{ note: 'invalid_token' }] },
    });
    expect((await answer(await exchange(userToken, { actor_token: plain }))).body.error).toBe('invalid_request');
  });
});

describe('GET /.well-known/jwks.json', () => {
  test('publishes the public signing keys, current and still-needed retired ones', async () => {
    const first = (await (await fetch(`${h.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
    expect(first.keys[0]).not.toHaveProperty('d');
    await h.tokens.rotateSigningKey();
    const res = await fetch(`${h.url}/.well-known/jwks.json`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(2);
  });
});
