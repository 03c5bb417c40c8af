import { describe, expect, test } from 'vitest';
import { createAuthenticator } from './authenticator.js';
import { MapRegistry, T0, createTestTokenService, testIdentity } from './token-service.fixtures.js';

async function setup() {
  const registry = new MapRegistry([
    testIdentity('svc', { allowedScopes: ['chat'] }),
    testIdentity('agent', { mayAssertEndUsers: true }),
    testIdentity('sandbox-svc', { environment: 'sandbox' }),
    testIdentity('admin', { roles: ['admin'] }),
  ]);
  const made = await createTestTokenService({ registry });
  const authenticator = createAuthenticator({ tokens: made.tokens, registry, now: made.clock.now });
  const bearer = async (id: string, options = {}) => `Bearer ${(await made.tokens.mintAccessToken(registry.get(id)!, options)).access_token}`;
  return { ...made, authenticator, bearer };
}

describe('authenticator', () => {
  test('an access token becomes a principal, and the use is noted', async () => {
    const { authenticator, bearer, registry, tokens } = await setup();
    const authorization = await bearer('svc', { scopes: ['chat'] });
    const result = await authenticator.authenticate({ authorization });
    expect(result).toEqual({
      ok: true,
      principal: {
        identity: registry.get('svc'),
        credential: 'access_token',
        tokenId: expect.any(String),
        apiKeyId: null,
        scopes: ['chat'],
        endUser: null,
        actor: null,
      },
    });
    expect(registry.used.get('svc')).toBe(T0);
    // Scheme is case-insensitive (RFC 9110 §11.1).
    expect((await authenticator.authenticate({ authorization: authorization.replace('Bearer', 'bearer') })).ok).toBe(true);
    expect(tokens.isRevoked(result.ok ? (result.principal.tokenId as string) : '')).toBe(false);
  });

  test('x-api-key (as Anthropic SDKs send it) carries the same credential; Authorization wins when both are sent', async () => {
    const { authenticator, bearer } = await setup();
    const token = (await bearer('svc', { scopes: ['chat'] })).slice('Bearer '.length);
    expect(await authenticator.authenticate({ 'x-api-key': token })).toMatchObject({ ok: true, principal: { identity: { id: 'svc' } } });
    expect(await authenticator.authenticate({ 'x-api-key': 'sk-ant-provider-key' })).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await authenticator.authenticate({ 'x-api-key': token, authorization: 'Bearer garbage' })).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await authenticator.authenticate({ 'x-api-key': '' })).toMatchObject({ ok: false, reason: 'authentication_required' });
  });

  test('no credential is authentication_required; another scheme or garbage is invalid_token', async () => {
    const { authenticator } = await setup();
    expect(await authenticator.authenticate({})).toMatchObject({ ok: false, reason: 'authentication_required' });
    expect(await authenticator.authenticate({ authorization: '' })).toMatchObject({ ok: false, reason: 'authentication_required' });
    expect(await authenticator.authenticate({ authorization: 'Basic c3ZjOnNlY3JldA==' })).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await authenticator.authenticate({ authorization: 'Bearer' })).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await authenticator.authenticate({ authorization: 'Bearer a b' })).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await authenticator.authenticate({ authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' })).toMatchObject({ ok: false, reason: 'invalid_token' });
  });

  test("a sandbox API key becomes a principal; a production identity's key is static_key_not_allowed", async () => {
    const { authenticator, tokens, registry } = await setup();
    const { apiKey } = await tokens.createApiKey('sandbox-svc');
    expect(await authenticator.authenticate({ authorization: `Bearer ${apiKey}` })).toMatchObject({
      ok: true,
      principal: { credential: 'api_key', tokenId: null, apiKeyId: expect.stringMatching(/^ak_/), scopes: [], identity: { id: 'sandbox-svc' } },
    });
    await registry.update('sandbox-svc', { environment: 'production' });
    expect(await authenticator.authenticate({ authorization: `Bearer ${apiKey}` })).toMatchObject({
      ok: false,
      reason: 'static_key_not_allowed',
      identityId: 'sandbox-svc',
    });
  });

  test('end users: named by an allowed identity; refused without permission, never echoing the name', async () => {
    const { authenticator, bearer } = await setup();
    const agent = await bearer('agent');
    expect(await authenticator.authenticate({ authorization: agent, 'x-gatehouse-end-user': 'alice@example.com' })).toMatchObject({
      ok: true,
      principal: { endUser: 'alice@example.com' },
    });
    const denied = await authenticator.authenticate({ authorization: await bearer('svc'), 'x-gatehouse-end-user': 'victim@example.com' });
    expect(denied).toMatchObject({ ok: false, reason: 'end_user_assertion_denied', identityId: 'svc' });
    expect(JSON.stringify(denied)).not.toContain('victim');
    expect(await authenticator.authenticate({ authorization: agent, 'x-gatehouse-end-user': 'a\u0000b' })).toMatchObject({
      ok: false,
      reason: 'invalid_request',
    });
    expect(await authenticator.authenticate({ authorization: agent, 'x-gatehouse-end-user': 'x'.repeat(257) })).toMatchObject({
      ok: false,
      reason: 'invalid_request',
    });
    expect(await authenticator.authenticate({ authorization: agent, 'x-gatehouse-end-user': '' })).toMatchObject({ ok: true, principal: { endUser: null } });
  });

  test('a token issued for an end user: the claim sets it, a different header is refused, and a revoked permission refuses the token', async () => {
    const { authenticator, bearer, registry } = await setup();
    const forAlice = await bearer('agent', { actor: 'agent', endUser: 'alice' });
    expect(await authenticator.authenticate({ authorization: forAlice })).toMatchObject({ ok: true, principal: { endUser: 'alice', actor: 'agent' } });
    expect(await authenticator.authenticate({ authorization: forAlice, 'x-gatehouse-end-user': 'alice' })).toMatchObject({ ok: true });
    expect(await authenticator.authenticate({ authorization: forAlice, 'x-gatehouse-end-user': 'bob' })).toMatchObject({
      ok: false,
      reason: 'end_user_assertion_denied',
    });
    await registry.update('agent', { mayAssertEndUsers: false });
    expect(await authenticator.authenticate({ authorization: forAlice })).toMatchObject({ ok: false, reason: 'end_user_assertion_denied' });
  });

  test("suspended, retired, revoked, expired: the token service's reason passes through", async () => {
    const { authenticator, bearer, registry, tokens, clock } = await setup();
    const svc = await bearer('svc');
    const jti = ((await authenticator.authenticate({ authorization: svc })) as { principal: { tokenId: string } }).principal.tokenId;
    await registry.setState('svc', 'suspended');
    expect(await authenticator.authenticate({ authorization: svc })).toMatchObject({ ok: false, reason: 'identity_suspended' });
    await registry.setState('svc', 'retired');
    expect(await authenticator.authenticate({ authorization: svc })).toMatchObject({ ok: false, reason: 'identity_retired' });
    await registry.setState('svc', 'active');
    await tokens.revokeToken(jti, 'test');
    expect(await authenticator.authenticate({ authorization: svc })).toMatchObject({ ok: false, reason: 'token_revoked' });
    const admin = await bearer('admin');
    clock.advance(661);
    expect(await authenticator.authenticate({ authorization: admin })).toMatchObject({ ok: false, reason: 'token_expired' });
  });

  test('revalidate: a principal stands until its identity is suspended or retired, or its token revoked', async () => {
    const { authenticator, bearer, registry, tokens } = await setup();
    const authenticated = async (id: string) => {
      const result = await authenticator.authenticate({ authorization: await bearer(id) });
      if (!result.ok) throw new Error(`expected a principal for ${id}`);
      return result.principal;
    };
    const svc = await authenticated('svc');
    const agent = await authenticated('agent');
    const other = await authenticated('agent');
    expect(authenticator.revalidate?.(svc)).toBeUndefined();
    await registry.update('svc', { state: 'suspended' });
    expect(authenticator.revalidate?.(svc)).toMatchObject({ reason: 'identity_suspended', identityId: 'svc' });
    await registry.update('svc', { state: 'retired' });
    expect(authenticator.revalidate?.(svc)).toMatchObject({ reason: 'identity_retired', identityId: 'svc' });
    await tokens.revokeToken(agent.tokenId as string, 'leaked');
    expect(authenticator.revalidate?.(agent)).toMatchObject({ reason: 'token_revoked', identityId: 'agent' });
    // Another token of the same identity still stands.
    expect(authenticator.revalidate?.(other)).toBeUndefined();
  });
});
