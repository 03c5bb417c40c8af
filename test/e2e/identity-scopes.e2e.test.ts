import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatehouseConfig } from '../../src/config/schema.js';
import type { IdentityServices } from '../../src/gateway.js';
import { CLIENT_ASSERTION_TYPE } from '../../src/identity/client-assertion.js';
import { GRANT_TOKEN_EXCHANGE, TOKEN_TYPE_ACCESS_TOKEN, TOKEN_TYPE_JWT } from '../../src/identity/token-endpoint.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 11, finding 6: a client chose its own scopes. Every way to get a token (client_secret_basic,
 * client_secret_post, private_key_jwt, both forms of token exchange, the admin mint) now grants only
 * scopes the identity may hold, and a token's scopes are cut to the identity's current ones at each use,
 * so a Cedar policy keyed on a scope cannot be satisfied by an identity without it.
 */

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const K8S = 'https://kubernetes.test';
const IDP = 'https://idp.test';

let gw: TestGateway;
let id: IdentityServices;
let dir: string;
let jwksServer: Server;
let external: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const secrets = new Map<string, string>();

// A custom policy keyed on a scope: the premium model needs the `premium` scope, whatever the grants say.
const POLICY = `@id("premium-needs-scope")
forbid (principal, action == Gatehouse::Action::"invoke_model", resource)
when { resource.name == "chat-premium" && !context.scopes.contains("premium") };
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-scopes-'));
  writeFileSync(join(dir, 'premium.cedar'), POLICY);
  const pair = await generateKeyPair('ES256');
  external = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'ext', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  gw = await startTestGateway(
    {
      auth: {
        secretPepper: 'env:PEPPER',
        externalIssuers: {
          k8s: {
            issuer: K8S,
            jwksUrl,
            audiences: ['gatehouse'],
            algorithms: ['ES256'],
            rules: [{ claims: { sub: 'system:serviceaccount:ns:reporter' }, identity: 'k8s-reporter' }],
          },
          idp: { issuer: IDP, jwksUrl, audiences: ['gatehouse'], algorithms: ['ES256'] },
        },
      },
      providers: { mock: { type: 'mock' } },
      models: { 'chat-general': { provider: 'mock' }, 'chat-premium': { provider: 'mock' } },
      policies: { files: [join(dir, 'premium.cedar')] },
      identities: {
        'reporting-svc': { owner: 'reports@example.com', environment: 'production', models: ['*'], scopes: ['chat', 'premium'] },
        'basic-svc': { owner: 'basic@example.com', environment: 'production', models: ['*'], scopes: ['chat'] },
        'no-scopes': { owner: 'none@example.com', environment: 'production', models: ['*'] },
        'k8s-reporter': { owner: 'reports@example.com', environment: 'production', models: ['*'], scopes: ['chat'] },
        agent: { owner: 'agents@example.com', environment: 'production', models: ['*'], scopes: ['chat', 'premium'], mayAssertEndUsers: true },
        'ops-admin': { owner: 'ops@example.com', environment: 'production', roles: ['admin'] },
      },
    },
    { env: { PEPPER } },
  );
  id = gw.identity as IdentityServices;
  for (const name of ['reporting-svc', 'basic-svc', 'no-scopes', 'agent']) secrets.set(name, (await id.tokens.createClientSecret(name)).clientSecret);
});
afterAll(async () => {
  await gw.close();
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

interface TokenAnswer {
  status: number;
  reason: string | null;
  body: { access_token?: string; scope?: string; error?: string; error_description?: string };
  requestId: string;
}

async function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}): Promise<TokenAnswer> {
  const res = await fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return {
    status: res.status,
    reason: res.headers.get('x-gatehouse-reason'),
    body: (await res.json()) as TokenAnswer['body'],
    requestId: res.headers.get('x-gatehouse-request-id') ?? '',
  };
}

const basic = (client: string) => ({ authorization: `Basic ${Buffer.from(`${client}:${secrets.get(client)}`).toString('base64')}` });
const viaBasic = (client: string, scope?: string) =>
  tokenRequest({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }, basic(client));
const viaPost = (client: string, scope?: string) =>
  tokenRequest({
    grant_type: 'client_credentials',
    client_id: client,
    client_secret: secrets.get(client) as string,
    ...(scope === undefined ? {} : { scope }),
  });

/** The refusal of a scope request: RFC 6749 §5.2 shape, our reason, one record naming the identity. */
async function expectInvalidScope(answer: TokenAnswer, identityId: string | null, scope: string): Promise<void> {
  expect(answer).toMatchObject({ status: 400, reason: 'invalid_scope', body: { error: 'invalid_scope' } });
  expect(answer.body.access_token).toBeUndefined();
  expect(answer.body.error_description).toContain(scope);
  const record = await gw.recordOf(answer.requestId);
  expect(record).toMatchObject({ operation: 'token', status: 400, reason: 'invalid_scope', outcome: 'refused' });
  if (identityId !== null) expect(record?.identityId).toBe(identityId);
}

function client(token: string): OpenAI {
  return new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: token, maxRetries: 0 });
}

async function chat(token: string, model: string): Promise<{ status: number; code: string | null; requestId: string }> {
  try {
    const { response } = await client(token)
      .chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] })
      .withResponse();
    return { status: response.status, code: null, requestId: response.headers.get('x-gatehouse-request-id') ?? '' };
  } catch (err) {
    const e = err as InstanceType<typeof OpenAI.APIError>;
    return { status: e.status as number, code: String(e.code), requestId: e.headers?.get('x-gatehouse-request-id') ?? '' };
  }
}

function externalToken(issuer: string, sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ azp: 'portal' })
    .setProtectedHeader({ alg: 'ES256', kid: 'ext' })
    .setIssuer(issuer)
    .setSubject(sub)
    .setAudience('gatehouse')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(external);
}

describe('scopes an identity may hold (issue 11, finding 6)', () => {
  it("client_secret_basic and client_secret_post: a scope outside the identity's list is refused, never narrowed", async () => {
    await expectInvalidScope(await viaBasic('basic-svc', 'premium'), 'basic-svc', 'premium');
    await expectInvalidScope(await viaPost('basic-svc', 'chat premium'), 'basic-svc', 'premium');
    await expectInvalidScope(await viaBasic('basic-svc', 'chat admin'), 'basic-svc', 'admin');
    // A wildcard or a near-miss spelling is just another scope it does not hold.
    await expectInvalidScope(await viaPost('basic-svc', '*'), 'basic-svc', '*');
    await expectInvalidScope(await viaPost('basic-svc', 'Premium'), 'basic-svc', 'Premium');
    await expectInvalidScope(await viaBasic('no-scopes', 'chat'), 'no-scopes', 'chat');
    // A malformed scope is invalid_scope too (RFC 6749 §5.2).
    expect(await viaPost('basic-svc', 'chat "quoted"')).toMatchObject({ status: 400, reason: 'invalid_scope' });
  });

  it('grants exactly what was asked when it is allowed; no scope asked grants none', async () => {
    const asked = await viaBasic('reporting-svc', 'premium chat premium');
    expect(asked).toMatchObject({ status: 200, body: { scope: 'premium chat' } });
    expect(decodeJwt(asked.body.access_token as string).scope).toBe('premium chat');
    const none = await viaPost('reporting-svc');
    expect(none).toMatchObject({ status: 200, body: { scope: '' } });
    expect(await gw.recordOf(none.requestId)).toMatchObject({ operation: 'token', reason: 'ok', identityId: 'reporting-svc' });
  });

  it('private_key_jwt: the same rule for a client that signs an assertion', async () => {
    const pair = await generateKeyPair('ES256');
    await id.tokens.setClientJwks('basic-svc', { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'c1' }] });
    const assertion = () => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'c1' })
        .setIssuer('basic-svc')
        .setSubject('basic-svc')
        .setAudience('gatehouse')
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(pair.privateKey);
    };
    const grant = async (scope: string) =>
      tokenRequest({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await assertion(), scope });
    await expectInvalidScope(await grant('premium'), 'basic-svc', 'premium');
    await expectInvalidScope(await grant('chat premium'), 'basic-svc', 'premium');
    expect(await grant('chat')).toMatchObject({ status: 200, body: { scope: 'chat' } });
  });

  it("token exchange for a workload: the mapped identity's scopes bound the new token", async () => {
    const exchange = async (scope: string) =>
      tokenRequest({
        grant_type: GRANT_TOKEN_EXCHANGE,
        subject_token_type: TOKEN_TYPE_JWT,
        subject_token: await externalToken(K8S, 'system:serviceaccount:ns:reporter'),
        scope,
      });
    await expectInvalidScope(await exchange('premium'), 'k8s-reporter', 'premium');
    await expectInvalidScope(await exchange('chat premium'), 'k8s-reporter', 'premium');
    expect(await exchange('chat')).toMatchObject({ status: 200, body: { scope: 'chat' } });
  });

  it("token exchange for an end user: the delegated token never carries more than the agent's own token", async () => {
    const agentChat = (await viaBasic('agent', 'chat')).body.access_token as string;
    const exchange = async (actorToken: string, scope: string) =>
      tokenRequest({
        grant_type: GRANT_TOKEN_EXCHANGE,
        subject_token_type: TOKEN_TYPE_JWT,
        subject_token: await externalToken(IDP, 'alice@example.com'),
        actor_token_type: TOKEN_TYPE_ACCESS_TOKEN,
        actor_token: actorToken,
        scope,
      });
    // The agent may hold `premium`, but the token it exchanges does not carry it.
    await expectInvalidScope(await exchange(agentChat, 'premium'), 'agent', 'premium');
    await expectInvalidScope(await exchange(agentChat, 'chat premium'), 'agent', 'premium');
    await expectInvalidScope(await exchange(agentChat, 'admin'), 'agent', 'admin');
    const delegated = await exchange(agentChat, 'chat');
    expect(delegated).toMatchObject({ status: 200, body: { scope: 'chat' } });
    expect(await chat(delegated.body.access_token as string, 'chat-premium')).toMatchObject({ status: 404, code: 'model_not_found' });
    const agentPremium = (await viaBasic('agent', 'chat premium')).body.access_token as string;
    const premium = await exchange(agentPremium, 'premium');
    expect(premium).toMatchObject({ status: 200, body: { scope: 'premium' } });
    expect(await chat(premium.body.access_token as string, 'chat-premium')).toMatchObject({ status: 200 });
  });

  it('a Cedar policy keyed on a scope is satisfied only by an identity allowed to hold it', async () => {
    const withScope = (await viaBasic('reporting-svc', 'premium')).body.access_token as string;
    expect(await chat(withScope, 'chat-premium')).toMatchObject({ status: 200 });
    const withoutScope = (await viaBasic('reporting-svc', 'chat')).body.access_token as string;
    const refused = await chat(withoutScope, 'chat-premium');
    expect(refused).toMatchObject({ status: 404, code: 'model_not_found' });
    const record = await gw.recordOf(refused.requestId);
    // The client is told the model does not exist for it; the record keeps the real cause and the policy.
    expect(record).toMatchObject({ status: 404, reason: 'model_not_found', identityId: 'reporting-svc' });
    expect(record?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ reason: 'forbidden_by_policy' });
    expect(record?.trace.find((t) => t.stage === 'authorize')?.policyId).toContain('premium-needs-scope');
    expect(await chat((await viaBasic('basic-svc', 'chat')).body.access_token as string, 'chat-premium')).toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    // Nor can an operator mint one: the admin mint follows the same rule.
    await expect(id.tokens.mintAccessToken(id.registry.get('basic-svc')!, { scopes: ['premium'] })).rejects.toMatchObject({ reason: 'invalid_scope' });
    const adminToken = (await id.tokens.mintAccessToken(id.registry.get('ops-admin')!)).access_token;
    const admin = await fetch(`${gw.url}/admin/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ identity: 'basic-svc', scopes: ['premium'] }),
    });
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { error: { code: string } }).error.code).toBe('invalid_scope');
    expect(await gw.recordOf(admin.headers.get('x-gatehouse-request-id') as string)).toMatchObject({
      operation: 'admin',
      reason: 'invalid_scope',
      identityId: 'ops-admin',
    });
  });

  it('admin API: an identity created with allowedScopes gets only those; PATCH shrinks them for held tokens too', async () => {
    const adminToken = (await id.tokens.mintAccessToken(id.registry.get('ops-admin')!)).access_token;
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${gw.url}/admin/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    for (const bad of [['*'], ['has space'], Array.from({ length: 33 }, (_, i) => `s${i}`)]) {
      const refused = await call('POST', '/identities', {
        id: `bad-scopes-${bad.length}`,
        owner: 'x@example.com',
        environment: 'production',
        allowedScopes: bad,
      });
      expect({ bad: bad.slice(0, 2), status: refused.status, code: refused.body.error?.code }).toEqual({
        bad: bad.slice(0, 2),
        status: 400,
        code: 'invalid_request',
      });
    }
    const created = await call('POST', '/identities', {
      id: 'api-reporter',
      owner: 'r@example.com',
      environment: 'production',
      allowedModels: ['*'],
      allowedScopes: ['chat', 'premium'],
    });
    expect(created).toMatchObject({ status: 201, body: { identity: { allowedScopes: ['chat', 'premium'] } } });
    secrets.set('api-reporter', created.body.clientSecret);
    await expectInvalidScope(await viaBasic('api-reporter', 'admin'), 'api-reporter', 'admin');
    const token = (await viaBasic('api-reporter', 'premium')).body.access_token as string;
    expect(await chat(token, 'chat-premium')).toMatchObject({ status: 200 });
    expect(await call('PATCH', '/identities/api-reporter', { allowedScopes: ['chat'] })).toMatchObject({ status: 200, body: { allowedScopes: ['chat'] } });
    expect(await chat(token, 'chat-premium')).toMatchObject({ status: 404, code: 'model_not_found' });
    await expectInvalidScope(await viaBasic('api-reporter', 'premium'), 'api-reporter', 'premium');
    // A config identity's scopes are the file's.
    expect(await call('PATCH', '/identities/basic-svc', { allowedScopes: ['premium'] })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
  });

  it("shrinking an identity's scopes applies to tokens it already holds, on their next use", async () => {
    const token = (await viaPost('reporting-svc', 'chat premium')).body.access_token as string;
    expect(await chat(token, 'chat-premium')).toMatchObject({ status: 200 });
    const running = gw.holder.current.config;
    const shrunk: GatehouseConfig = {
      ...running,
      identities: { ...running.identities, 'reporting-svc': { ...running.identities['reporting-svc']!, scopes: ['chat'] } },
    };
    await gw.reload(shrunk, 'scopes-shrunk');
    try {
      const refused = await chat(token, 'chat-premium');
      expect(refused).toMatchObject({ status: 404, code: 'model_not_found' });
      const record = await gw.recordOf(refused.requestId);
      expect(record).toMatchObject({ reason: 'model_not_found', identityId: 'reporting-svc' });
      expect(record?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ reason: 'forbidden_by_policy' });
      // What it still may hold keeps working with the same token.
      expect(await chat(token, 'chat-general')).toMatchObject({ status: 200 });
      await expectInvalidScope(await viaPost('reporting-svc', 'premium'), 'reporting-svc', 'premium');
    } finally {
      await gw.reload(running, 'scopes-restored');
    }
    expect(await chat(token, 'chat-premium')).toMatchObject({ status: 200 });
  });
});
