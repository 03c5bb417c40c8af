import OpenAI from 'openai';
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { openSigningKey } from '../../src/identity/signing-keys.js';
import { derivePepperKeys } from '../../src/identity/pepper-keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';

let gw: TestGateway;
let id: IdentityServices;

const CONFIG = {
  auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
  providers: { mock: { type: 'mock' } },
  models: {
    'chat-general': { provider: 'mock' },
    'chat-prod-only': { provider: 'mock', environments: ['production'] },
  },
  tools: { lookup_order: {}, wire_money: { environments: ['production'] } },
  identities: {
    'support-bot': {
      owner: 'support-team@example.com',
      environment: 'pilot',
      models: ['chat-general', 'chat-prod-only'],
      tools: ['lookup_order', 'wire_money'],
    },
    'payments-api': { owner: 'payments@example.com', environment: 'production', models: ['*'], tools: ['lookup_order'] },
    'agent-runner': { owner: 'agents@example.com', environment: 'production', models: ['chat-general'], mayAssertEndUsers: true },
    'sandbox-dev': { owner: 'dev@example.com', environment: 'sandbox', models: ['chat-general'] },
  },
};

beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { env: { PEPPER } });
  id = gw.identity as IdentityServices;
});
afterAll(async () => {
  await gw.close();
});

async function tokenFor(identityId: string): Promise<string> {
  const identity = id.registry.get(identityId);
  if (!identity) throw new Error(`no identity ${identityId}`);
  return (await id.tokens.mintAccessToken(identity)).access_token;
}

function client(apiKey: string, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0, defaultHeaders: headers });
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; requestId: string }> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as InstanceType<typeof OpenAI.APIError> | undefined;
  if (!err) throw new Error('expected a refusal');
  return { status: err.status as number, code: String(err.code), requestId: err.headers?.get('x-gatehouse-request-id') ?? '' };
}

const ask = (c: OpenAI, model = 'chat-general', extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
  c.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], ...extra });

describe('workload identity through the gateway', () => {
  it('client credentials at /oauth/token give a token the OpenAI SDK uses as its API key', async () => {
    const { clientSecret } = await id.tokens.createClientSecret('payments-api');
    const res = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`payments-api:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(600);
    expect(decodeProtectedHeader(body.access_token).kid).toBeTruthy();
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: 'payments-api', env: 'production', owner: 'payments@example.com', aud: 'gatehouse' });

    const { data, response } = await ask(client(body.access_token)).withResponse();
    expect(data.choices[0]?.message.content).toBe('hello');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record?.identityId).toBe('payments-api');
    expect(record?.trace.map((t) => `${t.stage}:${t.phase}`)).toEqual([
      'validate-request:request',
      'authenticate:request',
      'resolve-model:request',
      'traffic-control:request',
      'authorize:request',
      'route:route',
      'authorize:response',
    ]);
    expect(record?.trace.find((t) => t.stage === 'authorize')?.policyId).toBeTruthy();
  });

  it('no credential: 401 authentication_required, recorded', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat-general', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('authentication_required');
    expect(await gw.recordOf(res.headers.get('x-gatehouse-request-id') as string)).toMatchObject({ status: 401, reason: 'authentication_required' });
  });

  it('forged tokens are refused: alg none, tampered payload', async () => {
    const good = await tokenFor('payments-api');
    const [header, payload] = good.split('.');
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    expect(await refusal(ask(client(none)))).toMatchObject({ status: 401, code: 'invalid_token' });
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, sub: 'support-bot' }))}.${good.split('.')[2]}`;
    expect(await refusal(ask(client(tampered)))).toMatchObject({ status: 401, code: 'invalid_token' });
    const hs = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', kid: decodeProtectedHeader(good).kid as string })
      .sign(new TextEncoder().encode('guess'));
    expect(await refusal(ask(client(hs)))).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('a revoked token is refused on the very next request', async () => {
    const minted = await id.tokens.mintAccessToken(id.registry.get('payments-api') as NonNullable<ReturnType<typeof id.registry.get>>);
    await ask(client(minted.access_token));
    await id.tokens.revokeToken(minted.jti, 'test');
    const refused = await refusal(ask(client(minted.access_token)));
    expect(refused).toMatchObject({ status: 401, code: 'token_revoked' });
    expect(await gw.recordOf(refused.requestId)).toMatchObject({ reason: 'token_revoked' });
  });

  it('a suspended identity is locked out on the next request, and back after reactivation', async () => {
    const token = await tokenFor('sandbox-dev');
    await ask(client(token));
    await id.registry.setState('sandbox-dev', 'suspended');
    expect(await refusal(ask(client(token)))).toMatchObject({ status: 403, code: 'identity_suspended' });
    await id.registry.setState('sandbox-dev', 'active');
    expect((await ask(client(token))).choices).toHaveLength(1);
  });

  it('environment isolation: a pilot identity never reaches a production-only model or tool, whatever its grants', async () => {
    const token = await tokenFor('support-bot');
    // The model is hidden as if it did not exist; the record keeps the real cause.
    const model = await refusal(ask(client(token), 'chat-prod-only'));
    expect(model).toMatchObject({ status: 404, code: 'model_not_found' });
    const record = await gw.recordOf(model.requestId);
    expect(record?.reason).toBe('model_not_found');
    expect(record?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ verdict: 'respond', reason: 'environment_isolation' });
    expect(record?.trace.find((t) => t.stage === 'authorize')?.policyId).toContain('environment-isolation');
    const tool = await refusal(
      ask(client(token), 'chat-general', { tools: [{ type: 'function', function: { name: 'wire_money', parameters: { type: 'object' } } }] }),
    );
    expect(tool).toMatchObject({ status: 403, code: 'environment_isolation' });
  });

  it('grants: a tool outside the grants is refused; a granted one passes', async () => {
    const token = await tokenFor('payments-api');
    const tools = (name: string): OpenAI.ChatCompletionTool[] => [{ type: 'function', function: { name, parameters: { type: 'object' } } }];
    expect((await ask(client(token), 'chat-general', { tools: tools('lookup_order') })).choices).toHaveLength(1);
    expect(await refusal(ask(client(token), 'chat-general', { tools: tools('wire_money') }))).toMatchObject({ status: 403, code: 'forbidden_by_policy' });
  });

  it('end users: asserted by an allowed identity and recorded; refused for one without permission', async () => {
    const agent = await tokenFor('agent-runner');
    const { response } = await ask(client(agent, { 'x-gatehouse-end-user': 'user-42' })).withResponse();
    expect((await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string))?.endUser).toBe('user-42');
    const other = await tokenFor('payments-api');
    const refused = await refusal(ask(client(other, { 'x-gatehouse-end-user': 'user-42' })));
    expect(refused).toMatchObject({ status: 403, code: 'end_user_assertion_denied' });
    expect(await gw.recordOf(refused.requestId)).toMatchObject({ reason: 'end_user_assertion_denied', identityId: 'payments-api' });
  });

  it('static API keys work for sandbox identities only', async () => {
    const { apiKey } = await id.tokens.createApiKey('sandbox-dev');
    expect((await ask(client(apiKey))).choices).toHaveLength(1);
    await expect(id.tokens.createApiKey('payments-api')).rejects.toMatchObject({ reason: 'static_key_not_allowed' });
    await id.registry.update('sandbox-dev', { environment: 'production' });
    expect(await refusal(ask(client(apiKey)))).toMatchObject({ status: 403, code: 'static_key_not_allowed' });
    await id.registry.update('sandbox-dev', { environment: 'sandbox' });
  });

  it('/v1/models needs a credential and lists only what the caller may invoke', async () => {
    expect((await fetch(`${gw.url}/v1/models`)).status).toBe(401);
    const ids = async (identityId: string) => {
      const out: string[] = [];
      for await (const model of client(await tokenFor(identityId)).models.list()) out.push(model.id);
      return out.sort();
    };
    expect(await ids('payments-api')).toEqual(['chat-general', 'chat-prod-only']);
    expect(await ids('support-bot')).toEqual(['chat-general']);
    expect(await refusal(client(await tokenFor('support-bot')).models.retrieve('chat-prod-only'))).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('each forged or stale token is refused with 401, its reason code and a record', async () => {
    // Sign with the gateway's own current key (opened from the store with the pepper) so only the claim under test is wrong.
    const records = await gw.store.credentials.listSigningKeys();
    const current = records.filter((r) => r.retiredAt === null).sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!current) throw new Error('no signing key');
    const key = await openSigningKey(current, derivePepperKeys(PEPPER).sealKey);
    const now = Math.floor(Date.now() / 1000);
    const base = {
      sub: 'payments-api',
      aud: 'gatehouse',
      iss: 'gatehouse',
      env: 'production',
      owner: 'payments@example.com',
      scope: '',
      iat: now,
      nbf: now,
      exp: now + 300,
    };
    const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
      new SignJWT({ jti: crypto.randomUUID(), ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header }).sign(key.privateKey);
    const publicAsSecret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const foreign = await generateKeyPair('EdDSA', { extractable: true });
    const foreignKid = (await exportJWK(foreign.publicKey)).x as string;
    const cases: Array<[string, Promise<string> | string, string]> = [
      ['expired', sign({ ...base, iat: now - 900, nbf: now - 900, exp: now - 120 }), 'token_expired'],
      ['not yet valid', sign({ ...base, iat: now + 300, nbf: now + 300, exp: now + 600 }), 'token_expired'],
      ['wrong audience', sign({ ...base, aud: 'someone-else' }), 'invalid_token'],
      ['wrong issuer', sign({ ...base, iss: 'https://evil.example' }), 'invalid_token'],
      [
        'HS256 keyed with the public key',
        new SignJWT({ ...base, jti: 'x' }).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' }).sign(publicAsSecret),
        'invalid_token',
      ],
      [
        'unknown kid',
        new SignJWT({ ...base, jti: 'y' }).setProtectedHeader({ alg: 'EdDSA', kid: foreignKid, typ: 'at+jwt' }).sign(foreign.privateKey),
        'invalid_token',
      ],
    ];
    for (const [name, token, code] of cases) {
      const refused = await refusal(ask(client(await token)));
      expect({ name, ...refused, requestId: undefined }).toEqual({ name, status: 401, code, requestId: undefined });
      expect(await gw.recordOf(refused.requestId), name).toMatchObject({ status: 401, reason: code });
    }
    // Within the allowed clock skew (60 s) a token is still accepted.
    const skewed = await sign({ ...base, iat: now + 45, nbf: now + 45, exp: now + 400 });
    expect((await ask(client(skewed))).choices).toHaveLength(1);
    const justExpired = await sign({ ...base, iat: now - 700, nbf: now - 700, exp: now - 45 });
    expect((await ask(client(justExpired))).choices).toHaveLength(1);
  });

  it('publishes the signing keys at /.well-known/jwks.json', async () => {
    const res = await fetch(`${gw.url}/.well-known/jwks.json`);
    const jwks = (await res.json()) as { keys: Array<{ kid: string; d?: string }> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });
});
