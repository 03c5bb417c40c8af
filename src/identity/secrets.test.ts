import { describe, expect, test } from 'vitest';
import { derivePepperKeys, seal, unseal } from './pepper-keys.js';
import { API_KEY_PREFIX, CLIENT_SECRET_PREFIX, createCredentialHasher, displayPrefix, generateCredential, isWellFormed } from './secrets.js';
import { TEST_PEPPER } from './token-service.fixtures.js';

describe('credentials', () => {
  test('256 random bits behind a recognisable prefix', () => {
    const secret = generateCredential(CLIENT_SECRET_PREFIX);
    const key = generateCredential(API_KEY_PREFIX);
    expect(secret).toMatch(/^ghs_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatch(/^ghk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    expect(new Set(Array.from({ length: 100 }, () => generateCredential(CLIENT_SECRET_PREFIX))).size).toBe(100);
    expect(displayPrefix(secret)).toBe(secret.slice(0, 8));
    expect(isWellFormed(secret, CLIENT_SECRET_PREFIX)).toBe(true);
    expect(isWellFormed(secret, API_KEY_PREFIX)).toBe(false);
    expect(isWellFormed(`${secret}x`, CLIENT_SECRET_PREFIX)).toBe(false);
    expect(isWellFormed(`ghs_${'!'.repeat(43)}`, CLIENT_SECRET_PREFIX)).toBe(false);
  });

  test('hashes are keyed by the pepper: same input, other pepper, other hash; matches compares exactly', () => {
    const hasher = createCredentialHasher(derivePepperKeys(TEST_PEPPER).hashKey);
    const other = createCredentialHasher(derivePepperKeys(`${TEST_PEPPER}-other`).hashKey);
    const secret = generateCredential(CLIENT_SECRET_PREFIX);
    const hash = hasher.hash(secret);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(secret.slice(4, 12));
    expect(other.hash(secret)).not.toBe(hash);
    expect(hasher.matches(secret, hash)).toBe(true);
    const oneCharOff = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(hasher.matches(oneCharOff, hash)).toBe(false);
    expect(hasher.matches(secret, 'short')).toBe(false);
  });

  test('the hash key and the sealing key differ, and a short pepper is refused', () => {
    const keys = derivePepperKeys(TEST_PEPPER);
    expect(keys.hashKey).toHaveLength(32);
    expect(keys.sealKey).toHaveLength(32);
    expect(keys.hashKey.equals(keys.sealKey)).toBe(false);
    expect(() => derivePepperKeys('too-short')).toThrow(/at least 32/);
  });

  test('sealing: round trip; wrong key, wrong AAD or a flipped byte fail', () => {
    const { sealKey } = derivePepperKeys(TEST_PEPPER);
    const sealed = seal('{"d":"private"}', sealKey, 'kid-1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('private');
    expect(unseal(sealed, sealKey, 'kid-1')).toBe('{"d":"private"}');
    expect(seal('{"d":"private"}', sealKey, 'kid-1')).not.toBe(sealed);
    expect(() => unseal(sealed, derivePepperKeys(`${TEST_PEPPER}!`).sealKey, 'kid-1')).toThrow();
    expect(() => unseal(sealed, sealKey, 'kid-2')).toThrow();
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[2] as string, 'base64url');
    ciphertext[0] = (ciphertext[0] as number) ^ 1;
    expect(() => unseal([parts[0], parts[1], ciphertext.toString('base64url'), parts[3]].join('.'), sealKey, 'kid-1')).toThrow();
    expect(() => unseal('v2.a.b.c', sealKey, 'kid-1')).toThrow(/format/);
  });
});
