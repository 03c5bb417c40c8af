import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../storage/sqlite-store.js';
import { derivePepperKeys, unseal } from './pepper-keys.js';
import { MapRegistry, TEST_PEPPER, T0, createTestTokenService, testIdentity } from './token-service.fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function registry() {
  return new MapRegistry([testIdentity('svc'), testIdentity('sandbox-svc', { environment: 'sandbox' })]);
}

/** Every byte the database holds on disk (main file and WAL). */
function databaseBytes(path: string): string {
  return readdirSync(dir)
    .filter((f) => join(dir, f).startsWith(path))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

describe('client secrets', () => {
  test('created once, verified in constant time, rotated with an overlap: the old one works within it and fails after', async () => {
    const { tokens, registry: reg, clock } = await createTestTokenService({ registry: registry(), auth: { secretRotationOverlapSeconds: 300 } });
    const { clientSecret: first, secretId } = await tokens.createClientSecret('svc');
    expect(first).toMatch(/^ghs_[A-Za-z0-9_-]{43}$/);
    expect(secretId).toMatch(/^cs_/);
    expect(reg.get('svc')?.lastRotatedAt).toBe(T0);
    expect(await tokens.verifyClientSecret('svc', first)).toBe(true);
    expect(await tokens.verifyClientSecret('svc', `ghs_${'A'.repeat(43)}`)).toBe(false);
    expect(await tokens.verifyClientSecret('sandbox-svc', first)).toBe(false);
    expect(await tokens.verifyClientSecret('nobody', first)).toBe(false);
    expect(await tokens.verifyClientSecret('svc', '')).toBe(false);
    await expect(tokens.createClientSecret('svc')).rejects.toMatchObject({ reason: 'invalid_request' });
    await expect(tokens.createClientSecret('nobody')).rejects.toMatchObject({ reason: 'identity_not_found' });

    clock.advance(100);
    const rotated = await tokens.rotateClientSecret('svc');
    expect(rotated.previousValidUntil).toBe(T0 + 400_000);
    expect(reg.get('svc')?.lastRotatedAt).toBe(T0 + 100_000);
    expect(await tokens.verifyClientSecret('svc', rotated.clientSecret)).toBe(true);
    clock.advance(299);
    expect(await tokens.verifyClientSecret('svc', first)).toBe(true);
    clock.advance(1);
    expect(await tokens.verifyClientSecret('svc', first)).toBe(false);
    expect(await tokens.verifyClientSecret('svc', rotated.clientSecret)).toBe(true);
    // A second rotation cuts the first overlap short, never extends it.
    const again = await tokens.rotateClientSecret('svc');
    expect(await tokens.verifyClientSecret('svc', rotated.clientSecret)).toBe(true);
    expect(await tokens.verifyClientSecret('svc', again.clientSecret)).toBe(true);
  });

  test('at rest: the secret and API key texts are nowhere in the database, only their keyed hashes', async () => {
    const path = join(dir, 'secrets.db');
    const store = openSqliteStore(path);
    await store.migrate();
    const { tokens } = await createTestTokenService({ store, registry: registry() });
    const { clientSecret } = await tokens.createClientSecret('svc');
    const rotated = await tokens.rotateClientSecret('svc');
    const { apiKey } = await tokens.createApiKey('sandbox-svc');
    await store.close();

    const db = new BetterSqlite3(path, { readonly: true });
    const secrets = db.prepare('select * from client_secrets').all() as Array<Record<string, unknown>>;
    const keys = db.prepare('select * from api_keys').all() as Array<Record<string, unknown>>;
    db.close();
    expect(secrets).toHaveLength(2);
    expect(keys).toHaveLength(1);
    const rows = JSON.stringify([secrets, keys]);
    for (const credential of [clientSecret, rotated.clientSecret, apiKey]) {
      expect(rows).not.toContain(credential.slice(4));
      expect(rows).not.toContain(credential.slice(8, 24));
    }
    expect(secrets.map((s) => s.prefix)).toEqual([clientSecret.slice(0, 8), rotated.clientSecret.slice(0, 8)]);
    expect(secrets.every((s) => /^[A-Za-z0-9_-]{43}$/.test(String(s.secret_hash)))).toBe(true);
    const bytes = databaseBytes(path);
    for (const credential of [clientSecret, rotated.clientSecret, apiKey]) expect(bytes).not.toContain(credential.slice(8, 24));
  });

  test('at rest: signing private keys are AES-GCM ciphertext; the private scalar is nowhere in the database', async () => {
    const path = join(dir, 'keys.db');
    const store = openSqliteStore(path);
    await store.migrate();
    const { tokens } = await createTestTokenService({ store, registry: registry(), auth: { signingAlgorithm: 'ES256' } });
    await tokens.rotateSigningKey();
    await store.close();

    const db = new BetterSqlite3(path, { readonly: true });
    const rows = db.prepare('select kid, public_jwk, private_key_ciphertext from signing_keys').all() as Array<{
      kid: string;
      public_jwk: string;
      private_key_ciphertext: string;
    }>;
    db.close();
    expect(rows).toHaveLength(2);
    const bytes = databaseBytes(path);
    for (const row of rows) {
      expect(row.private_key_ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
      // Only the pepper opens it; the private scalar d never appears in clear.
      const { d } = JSON.parse(unseal(row.private_key_ciphertext, derivePepperKeys(TEST_PEPPER).sealKey, row.kid)) as { d: string };
      expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(bytes).not.toContain(d);
      expect(bytes).not.toContain(Buffer.from(d, 'base64url').toString('latin1'));
    }
  });
});

describe('static API keys', () => {
  test('a sandbox identity gets one and uses it; a production identity is refused one', async () => {
    const { tokens } = await createTestTokenService({ registry: registry() });
    const { apiKey, keyId } = await tokens.createApiKey('sandbox-svc');
    expect(apiKey).toMatch(/^ghk_[A-Za-z0-9_-]{43}$/);
    expect(await tokens.verifyApiKey(apiKey)).toEqual({ ok: true, identityId: 'sandbox-svc', keyId });
    await expect(tokens.createApiKey('svc')).rejects.toMatchObject({ reason: 'static_key_not_allowed' });
    await expect(tokens.createApiKey('nobody')).rejects.toMatchObject({ reason: 'identity_not_found' });
    expect(await tokens.verifyApiKey(`ghk_${'A'.repeat(43)}`)).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await tokens.verifyApiKey('ghk_short')).toMatchObject({ ok: false, reason: 'invalid_token' });
  });

  test('an existing key of an identity moved to production is refused with static_key_not_allowed; suspended and revoked keys are refused too', async () => {
    const { tokens, registry: reg } = await createTestTokenService({ registry: registry() });
    const { apiKey, keyId } = await tokens.createApiKey('sandbox-svc');
    await reg.update('sandbox-svc', { environment: 'production' });
    expect(await tokens.verifyApiKey(apiKey)).toMatchObject({ ok: false, reason: 'static_key_not_allowed', identityId: 'sandbox-svc' });
    await reg.update('sandbox-svc', { environment: 'sandbox', state: 'suspended' });
    expect(await tokens.verifyApiKey(apiKey)).toMatchObject({ ok: false, reason: 'identity_suspended' });
    await reg.update('sandbox-svc', { state: 'active' });
    expect(await tokens.revokeApiKey(keyId)).toBe(true);
    expect(await tokens.verifyApiKey(apiKey)).toMatchObject({ ok: false, reason: 'api_key_revoked' });
    expect(tokens.isApiKeyRevoked(keyId)).toBe(true);
  });

  test('staticKeyEnvironments is configurable, and a key made on another replica works at once (store fallback)', async () => {
    const first = await createTestTokenService({
      registry: new MapRegistry([testIdentity('pilot-svc', { environment: 'pilot' })]),
      auth: { staticKeyEnvironments: ['sandbox', 'pilot'] },
    });
    const replica = await createTestTokenService({ store: first.store, registry: first.registry, auth: { staticKeyEnvironments: ['sandbox', 'pilot'] } });
    const { apiKey } = await replica.tokens.createApiKey('pilot-svc');
    expect(await first.tokens.verifyApiKey(apiKey)).toMatchObject({ ok: true, identityId: 'pilot-svc' });
  });
});

describe('client JWKS (private_key_jwt)', () => {
  test('public asymmetric keys only', async () => {
    const { tokens } = await createTestTokenService({ registry: registry() });
    await expect(tokens.setClientJwks('svc', { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', d: 'secret' }] })).rejects.toMatchObject({
      reason: 'invalid_request',
    });
    await expect(tokens.setClientJwks('svc', { keys: [{ kty: 'oct', k: 'abc' }] })).rejects.toMatchObject({ reason: 'invalid_request' });
    await expect(tokens.setClientJwks('svc', { keys: [] })).rejects.toMatchObject({ reason: 'invalid_request' });
    await expect(tokens.setClientJwks('nobody', { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc' }] })).rejects.toMatchObject({ reason: 'identity_not_found' });
    await tokens.setClientJwks('svc', { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc' }] });
  });
});
