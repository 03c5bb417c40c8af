import { SignJWT, decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair, importJWK } from 'jose';
import { afterEach, describe, expect, test } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { silentLogger } from '../log/logger.js';
import { createIdentityRegistry } from './identity-registry.js';
import type { Store } from '../storage/store.js';
import { MAX_TOKEN_TTL_SECONDS } from './access-token.js';
import { derivePepperKeys } from './pepper-keys.js';
import { openSigningKey } from './signing-keys.js';
import type { AuthFailure, TokenService, VerifiedToken } from './token-service.js';
import { MapRegistry, TEST_PEPPER, T0, TestClock, createTestTokenService, openTestStore, testIdentity } from './token-service.fixtures.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** A token service with one active production identity `svc` (and a shared store for "replicas"). */
async function setup(options: { auth?: Record<string, unknown>; store?: Store; registry?: MapRegistry; clock?: TestClock; cache?: number } = {}) {
  const store = options.store ?? (await openTestStore());
  if (!options.store) stores.push(store);
  const registry =
    options.registry ?? new MapRegistry([testIdentity('svc', { allowedScopes: ['chat', 'embeddings'] }), testIdentity('agent', { mayAssertEndUsers: true })]);
  const made = await createTestTokenService({
    store,
    registry,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.cache === undefined ? {} : { verifiedTokenCacheSize: options.cache }),
  });
  return made;
}

async function mint(tokens: TokenService, registry: MapRegistry, id = 'svc', options: Parameters<TokenService['mintAccessToken']>[1] = {}) {
  return tokens.mintAccessToken(registry.get(id)!, options);
}

function refusal(result: VerifiedToken | AuthFailure): string {
  return result.ok ? 'ok' : result.reason;
}

describe('access tokens: minting', () => {
  test('an RFC 9068 JWT with the documented claims, signed by the current key; lifetime defaults to auth.tokenTtlSeconds', async () => {
    const { tokens, registry, auth } = await setup();
    const minted = await mint(tokens, registry, 'svc', { scopes: ['chat', 'embeddings'] });
    expect(minted).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'chat embeddings' });
    const header = decodeProtectedHeader(minted.access_token);
    const [current] = (await tokens.listSigningKeys()).filter((k) => k.current);
    expect(header).toEqual({ alg: 'EdDSA', kid: current!.kid, typ: 'at+jwt' });
    const claims = decodeJwt(minted.access_token);
    expect(claims).toEqual({
      iss: auth.issuer,
      sub: 'svc',
      aud: 'gatehouse',
      client_id: 'svc',
      env: 'production',
      owner: 'team-payments@example.com',
      jti: minted.jti,
      scope: 'chat embeddings',
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + 600,
    });
    expect(minted.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('an agent acting for a user: sub stays the agent, act.sub names it, end_user names the user', async () => {
    const { tokens, registry } = await setup();
    const minted = await mint(tokens, registry, 'agent', { actor: 'agent', endUser: 'alice@example.com' });
    expect(decodeJwt(minted.access_token)).toMatchObject({ sub: 'agent', act: { sub: 'agent' }, end_user: 'alice@example.com' });
    expect(await tokens.verifyAccessToken(minted.access_token)).toMatchObject({ ok: true, identityId: 'agent', actor: 'agent', endUser: 'alice@example.com' });
  });

  test('lifetime is capped at one hour; refusals are GatewayErrors with reason codes', async () => {
    const { tokens, registry } = await setup();
    expect((await mint(tokens, registry, 'svc', { ttlSeconds: 7200 })).expires_in).toBe(MAX_TOKEN_TTL_SECONDS);
    await expect(mint(tokens, registry, 'svc', { ttlSeconds: 0 })).rejects.toMatchObject({ reason: 'invalid_request' });
    await expect(mint(tokens, registry, 'svc', { scopes: ['bad"scope'] })).rejects.toMatchObject({ reason: 'invalid_scope' });
    await expect(mint(tokens, registry, 'svc', { scopes: ['chat', 'admin'] })).rejects.toMatchObject({
      reason: 'invalid_scope',
      message: expect.stringContaining('admin'),
    });
    await expect(mint(tokens, registry, 'svc', { endUser: 'alice' })).rejects.toMatchObject({ reason: 'end_user_assertion_denied' });
    await expect(mint(tokens, registry, 'agent', { endUser: 'bad\nname' })).rejects.toMatchObject({ reason: 'invalid_request' });
    await registry.setState('svc', 'suspended');
    await expect(mint(tokens, registry)).rejects.toBeInstanceOf(GatewayError);
    await expect(mint(tokens, registry)).rejects.toMatchObject({ reason: 'identity_suspended' });
  });
});

describe('access tokens: verification', () => {
  test('a valid token verifies to its identity, jti, scopes and expiry', async () => {
    const { tokens, registry } = await setup();
    const minted = await mint(tokens, registry, 'svc', { scopes: ['chat'] });
    expect(await tokens.verifyAccessToken(minted.access_token)).toEqual({
      ok: true,
      identityId: 'svc',
      jti: minted.jti,
      scopes: ['chat'],
      actor: null,
      endUser: null,
      expiresAt: T0 + 600_000,
    });
  });

  test.each([0, 10_000])('expiry with clock skew (cache size %i): 50 s past exp passes, 61 s past exp is token_expired', async (cache) => {
    const { tokens, registry, clock } = await setup({ cache });
    const { access_token } = await mint(tokens, registry);
    clock.advance(600 + 50);
    expect(refusal(await tokens.verifyAccessToken(access_token))).toBe('ok');
    clock.advance(11);
    expect(await tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'token_expired' });
  });

  test('not yet valid: issued 50 s in the future passes (skew), 120 s in the future is token_expired', async () => {
    const { tokens, registry, clock } = await setup();
    clock.advance(50);
    const near = await mint(tokens, registry);
    clock.advance(70);
    const far = await mint(tokens, registry);
    clock.ms = T0;
    expect(refusal(await tokens.verifyAccessToken(near.access_token))).toBe('ok');
    expect(await tokens.verifyAccessToken(far.access_token)).toMatchObject({
      ok: false,
      reason: 'token_expired',
      message: 'The access token is not valid yet.',
    });
  });

  test('wrong audience and wrong issuer are invalid_token, even signed with the gateway key', async () => {
    const { tokens, registry, store, clock } = await setup();
    const otherAudience = await setup({ store, registry, clock, auth: { audience: 'another-api' } });
    const otherIssuer = await setup({ store, registry, clock, auth: { issuer: 'https://evil.example' } });
    const a = await mint(otherAudience.tokens, registry);
    const i = await mint(otherIssuer.tokens, registry);
    expect(decodeProtectedHeader(a.access_token).kid).toBe(decodeProtectedHeader((await mint(tokens, registry)).access_token).kid);
    expect(await tokens.verifyAccessToken(a.access_token)).toMatchObject({ ok: false, reason: 'invalid_token', message: expect.stringMatching(/audience/) });
    expect(await tokens.verifyAccessToken(i.access_token)).toMatchObject({ ok: false, reason: 'invalid_token', message: expect.stringMatching(/issuer/) });
  });

  test('alg none, HS256 keyed with the public key, unknown kid, tampered payload, malformed: invalid_token', async () => {
    const { tokens, registry, store } = await setup();
    const { access_token } = await mint(tokens, registry);
    const [header, payload, signature] = access_token.split('.') as [string, string, string];
    const { kid } = decodeProtectedHeader(access_token);
    const claims = decodeJwt(access_token);
    const publicJwk = tokens.jwks().keys[0]!;

    const none = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`;
    const hsJwk = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    const spki = await exportSPKI((await importJWK(publicJwk as never, 'EdDSA', { extractable: true })) as never);
    const hsPem = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(new TextEncoder().encode(spki));
    const stranger = await generateKeyPair('EdDSA');
    const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'not-a-gateway-key' }).sign(stranger.privateKey);
    const forgedUnderOurKid = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(stranger.privateKey);
    const tampered = `${header}.${b64({ ...claims, scope: 'admin', sub: 'agent' })}.${signature}`;
    // Signed with the gateway's own private key, but not typed as an access token (token confusion).
    const [record] = await store.credentials.listSigningKeys();
    const gatewayKey = await openSigningKey(record!, derivePepperKeys(TEST_PEPPER).sealKey);
    const wrongTyp = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(gatewayKey.privateKey);
    const noTyp = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).sign(gatewayKey.privateKey);
    const noJti = await new SignJWT({ ...claims, jti: undefined }).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' }).sign(gatewayKey.privateKey);
    // Control: the same construction with the right typ passes, so the refusals above are about typ and jti.
    const control = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' }).sign(gatewayKey.privateKey);
    expect(refusal(await tokens.verifyAccessToken(control))).toBe('ok');

    for (const token of [none, hsJwk, hsPem, unknownKid, forgedUnderOurKid, tampered, wrongTyp, noTyp, noJti, 'not-a-jwt', `${header}.${payload}`, '']) {
      expect(await tokens.verifyAccessToken(token), token.slice(0, 40)).toMatchObject({ ok: false, reason: 'invalid_token' });
    }
    // The genuine token still passes: nothing above poisoned a cache.
    expect(refusal(await tokens.verifyAccessToken(access_token))).toBe('ok');
  });

  test('a revoked jti is token_revoked at once, and after a restart (the revocation is stored)', async () => {
    const { tokens, registry, store, clock } = await setup();
    const { access_token, jti } = await mint(tokens, registry);
    expect(refusal(await tokens.verifyAccessToken(access_token))).toBe('ok');
    expect(tokens.isRevoked(jti)).toBe(false);
    await tokens.revokeToken(jti, 'leaked in a log');
    expect(tokens.isRevoked(jti)).toBe(true);
    expect(await tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'token_revoked', identityId: 'svc' });
    const restarted = await setup({ store, registry, clock });
    expect(restarted.tokens.isRevoked(jti)).toBe(true);
    expect(await restarted.tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'token_revoked' });
  });

  test('suspended, retired and unknown identities are refused on the very next verification, cache or not', async () => {
    const { tokens, registry } = await setup();
    const { access_token } = await mint(tokens, registry);
    expect(refusal(await tokens.verifyAccessToken(access_token))).toBe('ok');
    await registry.setState('svc', 'suspended');
    expect(await tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'identity_suspended', identityId: 'svc' });
    await registry.setState('svc', 'retired');
    expect(await tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'identity_retired', identityId: 'svc' });
    registry.identities.delete('svc');
    expect(await tokens.verifyAccessToken(access_token)).toMatchObject({ ok: false, reason: 'invalid_token' });
  });
});

describe('signing keys', () => {
  test('rotation: new tokens use the new kid, old tokens stay valid, both keys are in the JWKS until the old one is no longer needed', async () => {
    const { tokens, registry, clock } = await setup();
    const before = await mint(tokens, registry, 'svc', { ttlSeconds: 3600 });
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    clock.advance(10);
    const { kid: newKid } = await tokens.rotateSigningKey();
    const after = await mint(tokens, registry);
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    expect(newKid).not.toBe(oldKid);
    expect(tokens.jwks().keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    expect(refusal(await tokens.verifyAccessToken(before.access_token))).toBe('ok');
    expect(refusal(await tokens.verifyAccessToken(after.access_token))).toBe('ok');
    expect((await tokens.listSigningKeys()).map((k) => [k.kid, k.current, k.retiredAt])).toEqual([
      [oldKid, false, T0 + 10_000],
      [newKid, true, null],
    ]);
    // The oldest token the old key signed lives 3600 s (+60 s skew): until then the key stays.
    clock.advance(3600 + 60 - 10 - 1);
    expect(refusal(await tokens.verifyAccessToken(before.access_token))).toBe('ok');
    expect(tokens.jwks().keys).toHaveLength(2);
    clock.advance(12);
    expect(tokens.jwks().keys.map((k) => k.kid)).toEqual([newKid]);
  });

  test('start: creates the first key, reuses it on restart, rotates it after keyRotationDays or when the algorithm changes', async () => {
    const clock = new TestClock();
    const first = await setup({ clock });
    const [k1] = await first.tokens.listSigningKeys();
    expect(k1).toMatchObject({ alg: 'EdDSA', current: true, createdAt: T0 });
    const restart = await setup({ store: first.store, registry: first.registry, clock });
    expect((await restart.tokens.listSigningKeys()).map((k) => k.kid)).toEqual([k1!.kid]);

    const edToken = await mint(restart.tokens, restart.registry);
    const es = await setup({ store: first.store, registry: first.registry, clock, auth: { signingAlgorithm: 'ES256' } });
    const esToken = await mint(es.tokens, es.registry);
    expect(decodeProtectedHeader(esToken.access_token).alg).toBe('ES256');
    // The EdDSA key was retired, not dropped: its tokens still verify, each only with its own algorithm.
    expect(refusal(await es.tokens.verifyAccessToken(edToken.access_token))).toBe('ok');

    clock.advance(30 * 86_400);
    const aged = await setup({ store: first.store, registry: first.registry, clock, auth: { signingAlgorithm: 'ES256' } });
    const keys = await aged.tokens.listSigningKeys();
    expect(keys.filter((k) => k.current)).toHaveLength(1);
    expect(keys.find((k) => k.current)?.createdAt).toBe(clock.ms);
  });

  test('a token naming an identity another process created is accepted at once: the identities are reloaded on the miss', async () => {
    const store = await openTestStore();
    stores.push(store);
    const silent = silentLogger();
    // Two registries over one store, as two workers (or replicas) hold; neither refreshes on a timer here.
    const [here, there] = [
      await createIdentityRegistry({ repository: store.identities, logger: silent }),
      await createIdentityRegistry({ repository: store.identities, logger: silent }),
    ];
    const clock = new TestClock();
    const { tokens } = await setup({ store, registry: here as unknown as MapRegistry, clock });
    const other = await setup({ store, registry: there as unknown as MapRegistry, clock });
    const { source, createdAt, lastRotatedAt, lastUsedAt, ...fields } = testIdentity('late');
    const created = await there.create(fields);
    const minted = await other.tokens.mintAccessToken(created, {});
    expect(here.get('late')).toBeUndefined();
    expect(refusal(await tokens.verifyAccessToken(minted.access_token))).toBe('ok');
    expect(here.get('late')?.id).toBe('late');
    // A signed token for an identity that exists nowhere is still refused.
    const ghost = await other.tokens.mintAccessToken({ ...created, id: 'ghost' }, {});
    expect(await tokens.verifyAccessToken(ghost.access_token)).toMatchObject({ ok: false, reason: 'invalid_token' });
    await here.close();
    await there.close();
  });

  test('a refresh picks up a rotation made by another replica', async () => {
    const { tokens, registry, store, clock } = await setup();
    const replica = await setup({ store, registry, clock });
    const { kid } = await replica.tokens.rotateSigningKey();
    const fromReplica = await mint(replica.tokens, registry);
    expect(await tokens.verifyAccessToken(fromReplica.access_token)).toMatchObject({ ok: false, reason: 'invalid_token' });
    await tokens.refresh();
    expect(refusal(await tokens.verifyAccessToken(fromReplica.access_token))).toBe('ok');
    expect(decodeProtectedHeader((await mint(tokens, registry)).access_token).kid).toBe(kid);
  });
});
