import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir } from '../storage/private-file.js';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** An Ed25519 key for checkpoints, with its RFC 7638 thumbprint as key id and its public JWK. */
export interface AuditKey {
  keyId: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** The public JWK and thumbprint of a key. */
export async function describeKey(privateKey: KeyObject): Promise<AuditKey> {
  const exported = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const publicJwk: JWK = { kty: exported.kty as string, crv: exported.crv as string, x: exported.x as string };
  return { keyId: await calculateJwkThumbprint(publicJwk, 'sha256'), privateKey, publicJwk };
}

/** Parses a PKCS#8 PEM Ed25519 private key (from a secret reference). */
export function parseAuditKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('audit.checkpointKey must be an Ed25519 private key (PKCS#8 PEM)');
  return key;
}

/**
 * Loads the key kept in `path`, or creates it there (mode 0600) on first start. A key file next to the
 * database is the embedded default; production sets `audit.checkpointKey` to a secret reference so the
 * people who can write the database cannot also sign checkpoints.
 */
export function loadOrCreateKeyFile(path: string): { key: KeyObject; created: boolean } {
  if (existsSync(path)) return { key: parseAuditKey(readFileSync(path, 'utf8')), created: false };
  makePrivateDir(dirname(path));
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key: privateKey, created: true };
}

/** A public key from a JWK (verify's trusted keys). */
export function publicKeyFromJwk(jwk: JWK): KeyObject {
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}
