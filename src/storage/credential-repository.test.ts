import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSecretResolver } from '../config/secrets.js';
import type { ApiKeyRecord, ClientSecretRecord, SigningKeyRecord } from '../identity/credentials.js';
import { openStore, type StorageConfig } from './open-store.js';
import type { Store } from './store.js';
import { freshPostgresStores, postgresAvailable } from './postgres-stores.fixtures.js';

const tempDir = mkdtempSync(join(tmpdir(), 'gatehouse-credentials-'));
const resolveSecret = createSecretResolver(process.env, tempDir);
const T0 = 1_750_000_000_000;

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function storageConfig(overrides: Partial<StorageConfig>): StorageConfig {
  return { driver: 'sqlite', sqlite: { path: ':memory:' }, batchSize: 256, flushIntervalMs: 20, ...overrides };
}

function secret(id: string, overrides: Partial<ClientSecretRecord> = {}): ClientSecretRecord {
  return { id, identityId: 'svc', hash: `hash-${id}`, prefix: 'ghs_Ab12', createdAt: T0, expiresAt: null, ...overrides };
}

function apiKey(id: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id,
    identityId: 'sandbox-svc',
    hash: `khash-${id}`,
    prefix: 'ghk_Zz99',
    createdAt: T0,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    ...overrides,
  };
}

function signingKey(kid: string, createdAt: number, overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  return {
    kid,
    alg: 'EdDSA',
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: `x-${kid}`, kid, alg: 'EdDSA', use: 'sig' },
    privateKeyCiphertext: `v1.iv.${kid}.tag`,
    createdAt,
    retiredAt: null,
    ...overrides,
  };
}

/** The behaviour of CredentialRepository, registered against one backend. `makeStore` returns a fresh, unmigrated store. */
function runCredentialContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`CredentialRepository contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      const report = await store.migrate();
      expect(report.applied).toContain('0003_credentials');
    });
    afterEach(async () => {
      await store.close();
    });

    test('client secrets: listed while not expired, oldest first', async () => {
      const repo = store.credentials;
      await repo.addClientSecret(secret('cs-1'));
      await repo.addClientSecret(secret('cs-2', { createdAt: T0 + 5, expiresAt: T0 + 1000 }));
      await repo.addClientSecret(secret('cs-other', { identityId: 'other' }));
      expect(await repo.listClientSecrets('svc', T0)).toEqual([secret('cs-1'), secret('cs-2', { createdAt: T0 + 5, expiresAt: T0 + 1000 })]);
      expect((await repo.listClientSecrets('svc', T0 + 1000)).map((s) => s.id)).toEqual(['cs-1']);
      expect(await repo.listClientSecrets('nobody', T0)).toEqual([]);
    });

    test('client secrets: rotation expires the previous ones at the overlap end and adds the new one atomically', async () => {
      const repo = store.credentials;
      await repo.addClientSecret(secret('old'));
      await repo.addClientSecret(secret('older', { expiresAt: T0 + 100 }));
      await repo.rotateClientSecret(secret('new', { createdAt: T0 + 10 }), T0 + 300);
      const listed = await repo.listClientSecrets('svc', T0 + 10);
      expect(listed.map((s) => [s.id, s.expiresAt])).toEqual([
        ['old', T0 + 300],
        ['older', T0 + 100],
        ['new', null],
      ]);
      expect((await repo.listClientSecrets('svc', T0 + 300)).map((s) => s.id)).toEqual(['new']);
      // A hash that already exists makes the whole rotation fail: the old secret keeps no expiry.
      await expect(repo.rotateClientSecret(secret('dup', { hash: 'hash-new' }), T0 + 50)).rejects.toThrow();
      expect((await repo.listClientSecrets('svc', T0 + 200)).map((s) => [s.id, s.expiresAt])).toEqual([
        ['old', T0 + 300],
        ['new', null],
      ]);
      expect(await repo.purgeClientSecrets(T0 + 301)).toBe(2);
      expect((await repo.listClientSecrets('svc', 0)).map((s) => s.id)).toEqual(['new']);
    });

    test('API keys: found by hash, listed while active, revoked once', async () => {
      const repo = store.credentials;
      await repo.addApiKey(apiKey('ak-1'));
      await repo.addApiKey(apiKey('ak-2', { createdAt: T0 + 1 }));
      expect(await repo.findApiKeyByHash('khash-ak-1')).toEqual(apiKey('ak-1'));
      expect(await repo.findApiKeyByHash('nope')).toBeUndefined();
      expect(await repo.revokeApiKey('ak-1', T0 + 50, { actor: 'cli:ops', reason: 'leaked in a ticket' })).toBe(true);
      expect(await repo.revokeApiKey('ak-1', T0 + 60, { actor: 'someone-else', reason: 'again' })).toBe(false);
      expect(await repo.revokeApiKey('missing', T0)).toBe(false);
      const revoked = apiKey('ak-1', { revokedAt: T0 + 50, revokedBy: 'cli:ops', revokeReason: 'leaked in a ticket' });
      expect(await repo.findApiKeyByHash('khash-ak-1')).toEqual(revoked);
      expect((await repo.listActiveApiKeys()).map((k) => k.id)).toEqual(['ak-2']);
      await repo.addApiKey(apiKey('ak-3', { identityId: 'other' }));
      expect(await repo.listApiKeys('sandbox-svc')).toEqual([revoked, apiKey('ak-2', { createdAt: T0 + 1 })]);
    });

    test('client JWKS: insert, replace, read back', async () => {
      const repo = store.credentials;
      const first = { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', kid: 'k1' }] };
      const second = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'c', kid: 'k2' }] };
      await repo.setClientJwks({ identityId: 'svc', jwks: first, updatedAt: T0 });
      expect(await repo.getClientJwks('svc')).toEqual({ identityId: 'svc', jwks: first, updatedAt: T0 });
      await repo.setClientJwks({ identityId: 'svc', jwks: second, updatedAt: T0 + 1 });
      expect(await repo.getClientJwks('svc')).toEqual({ identityId: 'svc', jwks: second, updatedAt: T0 + 1 });
      expect(await repo.getClientJwks('other')).toBeUndefined();
    });

    test("signing keys: rotation retires every current key at the new key's creation; purge drops long-retired ones", async () => {
      const repo = store.credentials;
      await repo.addSigningKey(signingKey('k1', T0));
      await repo.rotateSigningKey(signingKey('k2', T0 + 100));
      await repo.rotateSigningKey(signingKey('k3', T0 + 200, { alg: 'ES256' }));
      expect(await repo.listSigningKeys()).toEqual([
        signingKey('k1', T0, { retiredAt: T0 + 100 }),
        signingKey('k2', T0 + 100, { retiredAt: T0 + 200 }),
        signingKey('k3', T0 + 200, { alg: 'ES256' }),
      ]);
      expect(await repo.purgeSigningKeys(T0 + 150)).toBe(1);
      expect((await repo.listSigningKeys()).map((k) => k.kid)).toEqual(['k2', 'k3']);
      await expect(repo.addSigningKey(signingKey('k3', T0 + 300))).rejects.toThrow();
    });

    test('revoked tokens: idempotent, listed until expiry, purged after', async () => {
      const repo = store.credentials;
      await repo.revokeToken({ jti: 'j1', reason: 'leaked', revokedAt: T0, expiresAt: T0 + 1000 });
      await repo.revokeToken({ jti: 'j1', reason: 'again', revokedAt: T0 + 5, expiresAt: T0 + 9999 });
      await repo.revokeToken({ jti: 'j2', reason: 'offboarded', revokedAt: T0 + 1, expiresAt: T0 + 2000 });
      expect(await repo.listRevokedTokens(T0)).toEqual([
        { jti: 'j1', reason: 'leaked', revokedAt: T0, expiresAt: T0 + 1000 },
        { jti: 'j2', reason: 'offboarded', revokedAt: T0 + 1, expiresAt: T0 + 2000 },
      ]);
      expect((await repo.listRevokedTokens(T0 + 1000)).map((r) => r.jti)).toEqual(['j2']);
      expect(await repo.purgeRevokedTokens(T0 + 1500)).toBe(1);
      expect((await repo.listRevokedTokens(0)).map((r) => r.jti)).toEqual(['j2']);
    });
  });
}

describe('SQLite', () => {
  runCredentialContract('sqlite file', () => openStore(storageConfig({ sqlite: { path: join(tempDir, `${randomUUID()}.db`) } }), resolveSecret));
  runCredentialContract('sqlite :memory:', () => openStore(storageConfig({}), resolveSecret));
});

describe.skipIf(!postgresAvailable('PostgreSQL credential repository contract'))('PostgreSQL', () => {
  runCredentialContract('postgres', freshPostgresStores());
});
