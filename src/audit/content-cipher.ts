import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir } from '../storage/private-file.js';

/**
 * Encryption of stored content. One random 256-bit key per subject (the end user, else the calling
 * identity), kept only wrapped by the master key; each content row is AES-256-GCM under its subject's key
 * with the request id as associated data. Erasing a subject deletes its key (and its rows): whatever copy
 * of the ciphertext survives, in a backup say, can no longer be read. The digest sealed into the audit
 * chain is an HMAC under a key derived from the master key, so it proves content without revealing it.
 */
export class ContentCipher {
  readonly #wrapKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new TypeError('the content master key must be 32 bytes');
    this.#wrapKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse content wrap v1', 32));
    this.#macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse content mac v1', 32));
  }

  /** HMAC-SHA256 (hex) of a content text: what the chain seals. */
  digest(plaintext: string): string {
    return createHmac('sha256', this.#macKey).update(plaintext).digest('hex');
  }

  /** A fresh subject key and its wrapped form for storage. */
  newSubjectKey(subject: string): { key: Buffer; wrapped: string } {
    const key = randomBytes(32);
    return { key, wrapped: seal(this.#wrapKey, key, subject) };
  }

  unwrapSubjectKey(subject: string, wrapped: string): Buffer {
    return open(this.#wrapKey, wrapped, subject);
  }

  encrypt(subjectKey: Buffer, requestId: string, plaintext: string): string {
    return seal(subjectKey, Buffer.from(plaintext, 'utf8'), requestId);
  }

  decrypt(subjectKey: Buffer, requestId: string, sealed: string): string {
    return open(subjectKey, sealed, requestId).toString('utf8');
  }
}

/** `v1.<nonce>.<ciphertext+tag>`, base64url. */
function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [version, nonce, body] = sealed.split('.');
  if (version !== 'v1' || !nonce || !body) throw new Error('unknown content envelope');
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
}

/** Parses a base64 master key (from a secret reference). */
export function parseMasterKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new TypeError('audit.content.key must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  return key;
}

/** Loads the master key kept in `path`, or creates it (mode 0600) on first use. */
export function loadOrCreateMasterKey(path: string): { key: Buffer; created: boolean } {
  if (existsSync(path)) return { key: parseMasterKey(readFileSync(path, 'utf8')), created: false };
  makePrivateDir(dirname(path));
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, created: true };
}
