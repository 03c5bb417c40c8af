import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startAdminTestApp, type AdminTestApp } from './admin-app.fixtures.js';

let t: AdminTestApp;
let admin: { authorization: string };
let security: { authorization: string };
let auditor: { authorization: string };

beforeEach(async () => {
  t = await startAdminTestApp();
  await t.addIdentity('root', { roles: ['admin'] });
  await t.addIdentity('sec', { roles: ['security'] });
  await t.addIdentity('audit', { roles: ['auditor'] });
  await t.addIdentity('payments-api');
  await t.addIdentity('playground', { environment: 'sandbox' });
  admin = await t.bearer('root');
  security = await t.bearer('sec');
  auditor = await t.bearer('audit');
});
afterEach(async () => {
  await t.close();
});

const adminNote = (trace: Array<{ stage: string; note?: string }>) => trace.find((e) => e.stage === 'admin')?.note;

describe('POST /admin/v1/identities/:id/secret/rotate', () => {
  test('returns the new secret once (no-store); the old one keeps working for the overlap', async () => {
    const { clientSecret: old } = await t.tokens.createClientSecret('payments-api');
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/secret/rotate', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { identityId: string; clientSecret: string; secretId: string; previousValidUntil: number };
    expect(body).toMatchObject({
      identityId: 'payments-api',
      clientSecret: expect.stringMatching(/^ghs_/) as unknown,
      secretId: expect.any(String) as unknown,
    });
    expect(body.previousValidUntil).toBeGreaterThan(Date.now());
    expect(await t.tokens.verifyClientSecret('payments-api', body.clientSecret)).toBe(true);
    expect(await t.tokens.verifyClientSecret('payments-api', old)).toBe(true);
    expect(t.registry.get('payments-api')?.lastRotatedAt).toBeGreaterThan(0);

    const shown = await t.app.inject({ method: 'GET', url: '/admin/v1/identities/payments-api', headers: admin });
    expect(shown.body).not.toContain(body.clientSecret);
    const [record] = (await t.records()).slice(-2);
    expect(adminNote(record!.trace)).toBe(`secret.rotate payments-api secretId=${body.secretId}`);
    expect(JSON.stringify(await t.records())).not.toContain(body.clientSecret.slice(4));
  });

  test('only admins rotate secrets; retired identities get no new secret; unknown is 404', async () => {
    for (const headers of [security, auditor]) {
      expect((await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/secret/rotate', headers })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'POST', url: '/admin/v1/identities/ghost/secret/rotate', headers: admin })).json().error.code).toBe(
      'identity_not_found',
    );
    await t.registry.setState('payments-api', 'retired');
    const retired = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/secret/rotate', headers: admin });
    expect(retired.statusCode).toBe(400);
    expect(retired.json().error.code).toBe('invalid_request');
  });
});

describe('PUT /admin/v1/identities/:id/client-jwks', () => {
  test('registers public keys for private_key_jwt; private keys and non-admins are refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const put = (headers: { authorization: string }, keys: unknown[]) =>
      t.app.inject({ method: 'PUT', url: '/admin/v1/identities/payments-api/client-jwks', headers, payload: { keys } });
    expect((await put(security, [await exportJWK(publicKey)])).statusCode).toBe(403);
    const leaked = await put(admin, [await exportJWK(privateKey)]);
    expect(leaked.statusCode).toBe(400);
    expect(leaked.json().error.code).toBe('invalid_request');

    const res = await put(admin, [{ ...(await exportJWK(publicKey)), kid: 'k1' }]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ identityId: 'payments-api', keys: 1 });
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('payments-api')
      .setSubject('payments-api')
      .setAudience('gatehouse')
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey);
    expect(await t.tokens.verifyClientAssertion(assertion, 'payments-api')).toEqual({ ok: true, identityId: 'payments-api' });
    expect(adminNote((await t.records()).at(-1)!.trace)).toBe('secret.rotate payments-api client-jwks keys=1');
  });
});

describe('POST /admin/v1/identities/:id/api-keys', () => {
  test('a sandbox identity gets a static key once (no-store), and it authenticates', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/playground/api-keys', headers: admin });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { apiKey, keyId } = res.json() as { apiKey: string; keyId: string };
    expect(apiKey).toMatch(/^ghk_/);
    expect(await t.authenticator.authenticate({ authorization: `Bearer ${apiKey}` })).toMatchObject({
      ok: true,
      principal: { credential: 'api_key', identity: { id: 'playground' } },
    });
    const records = await t.records();
    expect(adminNote(records.at(-1)!.trace)).toBe(`apikey.create playground keyId=${keyId}`);
    expect(JSON.stringify(records)).not.toContain(apiKey.slice(4));
  });

  test('a production identity is refused a static key: 403 static_key_not_allowed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/api-keys', headers: admin });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('static_key_not_allowed');
    expect((await t.records()).at(-1)).toMatchObject({ identityId: 'root', reason: 'static_key_not_allowed', outcome: 'refused' });
  });
});

describe('POST /admin/v1/tokens', () => {
  test('an admin mints a token for an identity; it authenticates as that identity', async () => {
    await t.registry.update('payments-api', { mayAssertEndUsers: true, allowedScopes: ['chat'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/tokens',
      headers: admin,
      payload: { identity: 'payments-api', scopes: ['chat'], ttlSeconds: 120, endUser: 'alice' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const minted = res.json() as { access_token: string; token_type: string; expires_in: number; jti: string; scope: string };
    expect(minted).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'chat' });
    const auth = await t.authenticator.authenticate({ authorization: `Bearer ${minted.access_token}` });
    expect(auth).toMatchObject({ ok: true, principal: { identity: { id: 'payments-api' }, tokenId: minted.jti, endUser: 'alice', scopes: ['chat'] } });
    const records = await t.records();
    expect(adminNote(records.at(-1)!.trace)).toBe(`token.mint payments-api jti=${minted.jti}`);
    expect(JSON.stringify(records)).not.toContain(minted.access_token.split('.')[2]);
  });

  test('only admins mint; unknown, suspended and malformed requests are refused with their codes', async () => {
    const mint = (headers: { authorization: string }, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/admin/v1/tokens', headers, payload: payload as object });
    expect((await mint(security, { identity: 'payments-api' })).json().error.code).toBe('forbidden_by_policy');
    expect((await mint(admin, { identity: 'ghost' })).json().error.code).toBe('identity_not_found');
    expect((await mint(admin, {})).json().error).toMatchObject({ code: 'invalid_request', param: 'identity' });
    expect((await mint(admin, { identity: 'payments-api', ttlSeconds: 'long' })).json().error).toMatchObject({ code: 'invalid_request', param: 'ttlSeconds' });
    expect((await mint(admin, { identity: 'payments-api', endUser: 'bob' })).json().error.code).toBe('end_user_assertion_denied');
    await t.registry.setState('payments-api', 'suspended');
    const suspended = await mint(admin, { identity: 'payments-api' });
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().error.code).toBe('identity_suspended');
  });
});

describe('POST /admin/v1/tokens/revoke', () => {
  test('security revokes a jti; the token is refused on its next request', async () => {
    const service = await t.tokens.mintAccessToken(t.registry.get('payments-api')!);
    const headers = { authorization: `Bearer ${service.access_token}` };
    expect(await t.authenticator.authenticate(headers)).toMatchObject({ ok: true });
    const denied = await t.app.inject({ method: 'POST', url: '/admin/v1/tokens/revoke', headers: auditor, payload: { jti: service.jti, reason: 'leaked' } });
    expect(denied.statusCode).toBe(403);
    expect(await t.authenticator.authenticate(headers)).toMatchObject({ ok: true });

    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/tokens/revoke',
      headers: security,
      payload: { jti: service.jti, reason: 'leaked in a CI log' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ jti: service.jti, revoked: true });
    expect(await t.authenticator.authenticate(headers)).toMatchObject({ ok: false, reason: 'token_revoked' });
    const record = (await t.records()).at(-1)!;
    expect(record).toMatchObject({ identityId: 'sec', status: 200 });
    expect(adminNote(record.trace)).toBe(`token.revoke jti=${service.jti}`);
  });

  test('jti and reason are required', async () => {
    for (const payload of [{ jti: 'x' }, { reason: 'r' }, { jti: '', reason: 'r' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/v1/tokens/revoke', headers: security, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});

describe('signing keys', () => {
  test('GET /keys lists public facts only; an auditor may read, an approver may not', async () => {
    await t.addIdentity('approve', { roles: ['approver'] });
    const res = await t.app.inject({ method: 'GET', url: '/admin/v1/keys', headers: auditor });
    expect(res.statusCode).toBe(200);
    const { data } = res.json() as { data: Array<Record<string, unknown>> };
    expect(data).toHaveLength(1);
    expect(Object.keys(data[0]!).sort()).toEqual(['alg', 'createdAt', 'current', 'kid', 'retiredAt']);
    expect(data[0]).toMatchObject({ current: true, retiredAt: null });
    expect((await t.app.inject({ method: 'GET', url: '/admin/v1/keys', headers: await t.bearer('approve') })).statusCode).toBe(403);
  });

  test('POST /keys/rotate: security rotates, tokens signed with the old key still verify', async () => {
    const before = await t.tokens.mintAccessToken(t.registry.get('payments-api')!);
    expect((await t.app.inject({ method: 'POST', url: '/admin/v1/keys/rotate', headers: auditor })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/keys/rotate', headers: security });
    expect(res.statusCode).toBe(200);
    const { kid, keys } = res.json() as { kid: string; keys: Array<{ kid: string; current: boolean; retiredAt: number | null }> };
    expect(keys).toHaveLength(2);
    expect(keys.find((k) => k.current)?.kid).toBe(kid);
    expect(keys.find((k) => !k.current)?.retiredAt).not.toBeNull();
    expect(await t.authenticator.authenticate({ authorization: `Bearer ${before.access_token}` })).toMatchObject({ ok: true });
    expect(adminNote((await t.records()).at(-1)!.trace)).toBe(`key.rotate signing-keys kid=${kid}`);
  });
});
