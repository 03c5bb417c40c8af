import { CompactSign, calculateJwkThumbprint, compactVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import { derivePepperKeys } from './pepper-keys.js';
import { SigningKeyRing, generateSigningKey, openSigningKey } from './signing-keys.js';
import { TEST_PEPPER, T0 } from './token-service.fixtures.js';

const { sealKey } = derivePepperKeys(TEST_PEPPER);

describe('signing keys', () => {
  test.each(['EdDSA', 'ES256'] as const)('%s: kid is the RFC 7638 thumbprint; the public JWK carries no private member', async (alg) => {
    const { key, record } = await generateSigningKey(alg, T0, sealKey);
    const { kid: _kid, alg: _alg, use, ...bare } = key.publicJwk as Record<string, string>;
    expect(key.kid).toBe(await calculateJwkThumbprint(bare, 'sha256'));
    expect(use).toBe('sig');
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.publicJwk.crv).toBe(alg === 'EdDSA' ? 'Ed25519' : 'P-256');
    expect(record.privateKeyCiphertext).toMatch(/^v1\./);
    expect(key.privateKey.extractable).toBe(false);
    const jws = await new CompactSign(new TextEncoder().encode('x')).setProtectedHeader({ alg }).sign(key.privateKey);
    await expect(compactVerify(jws, key.publicKey)).resolves.toBeTruthy();
  });

  test('a stored key reopens with the same pepper, not with another, and not when its row was altered', async () => {
    const { record } = await generateSigningKey('EdDSA', T0, sealKey);
    const reopened = await openSigningKey(record, sealKey);
    expect(reopened.kid).toBe(record.kid);
    await expect(openSigningKey(record, derivePepperKeys(`${TEST_PEPPER}-rotated`).sealKey)).rejects.toThrow(/cannot be decrypted/);
    const other = await generateSigningKey('EdDSA', T0, sealKey);
    // Another key's public half under this kid: the kid no longer matches the thumbprint.
    await expect(openSigningKey({ ...record, publicJwk: other.record.publicJwk }, sealKey)).rejects.toThrow(/does not match/);
    // Another key's ciphertext under this kid: the AAD (kid) check fails.
    await expect(openSigningKey({ ...record, privateKeyCiphertext: other.record.privateKeyCiphertext }, sealKey)).rejects.toThrow(/cannot be decrypted/);
  });

  test('ring: a retired key stays for verification until its retention has passed, then leaves the JWKS', async () => {
    const retentionMs = 3_660_000;
    const ring = new SigningKeyRing(retentionMs);
    const first = (await generateSigningKey('EdDSA', T0, sealKey)).key;
    ring.load([first], T0);
    expect(ring.current?.kid).toBe(first.kid);
    const second = (await generateSigningKey('EdDSA', T0 + 1000, sealKey)).key;
    ring.rotate(second, T0 + 1000);
    expect(ring.current?.kid).toBe(second.kid);
    expect(ring.jwks(T0 + 1000).keys.map((k) => k.kid)).toEqual([first.kid, second.kid]);
    expect(ring.find(first.kid)?.retiredAt).toBe(T0 + 1000);
    expect(ring.jwks(T0 + 1000 + retentionMs).keys).toHaveLength(2);
    expect(ring.jwks(T0 + 1001 + retentionMs).keys.map((k) => k.kid)).toEqual([second.kid]);
    expect(ring.find(first.kid)).toBeUndefined();
    expect(Object.isFrozen(ring.jwks(T0).keys)).toBe(true);
  });
});
