import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The two keys derived from auth.secretPepper. Each use gets its own key (HKDF info), never the pepper itself. */
export interface PepperKeys {
  /** HMAC-SHA256 key for client-secret and API-key hashes. */
  readonly hashKey: Buffer;
  /** AES-256-GCM key for signing private keys at rest. */
  readonly sealKey: Buffer;
}

/** A pepper shorter than this is refused at start: the hashes are only as strong as their key. */
export const MIN_PEPPER_LENGTH = 32;

const SALT = Buffer.from('gatehouse/auth.secretPepper');

/** Derives the credential-hash and key-sealing keys (HKDF-SHA256, RFC 5869). */
export function derivePepperKeys(pepper: string): PepperKeys {
  if (pepper.length < MIN_PEPPER_LENGTH) {
    throw new Error(`auth.secretPepper must be at least ${MIN_PEPPER_LENGTH} characters (generate one with: openssl rand -base64 48)`);
  }
  return {
    hashKey: Buffer.from(hkdfSync('sha256', pepper, SALT, 'gatehouse credential hash v1', 32)),
    sealKey: Buffer.from(hkdfSync('sha256', pepper, SALT, 'gatehouse signing key seal v1', 32)),
  };
}

const VERSION = 'v1';

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh 96-bit IV. `aad` (the key id) is authenticated,
 * so a sealed key copied onto another row fails to open. Output: `v1.<iv>.<ciphertext>.<tag>`, base64url.
 */
export function seal(plaintext: string, key: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Reverses `seal`. Throws when the key, the AAD or any byte of the sealed text is wrong. */
export function unseal(sealed: string, key: Buffer, aad: string): string {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined) throw new Error('sealed value: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
