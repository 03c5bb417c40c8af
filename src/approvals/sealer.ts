import type { HeldSealer } from './desk.js';

/** The parts of the audit content cipher (src/audit/content-cipher.ts) a sealer needs. */
export interface ContentKeys {
  newSubjectKey(subject: string): { key: Buffer; wrapped: string };
  unwrapSubjectKey(subject: string, wrapped: string): Buffer;
  encrypt(subjectKey: Buffer, requestId: string, plaintext: string): string;
  decrypt(subjectKey: Buffer, requestId: string, sealed: string): string;
}

/**
 * Held content under the audit content policy's key hierarchy: a fresh key per approval, wrapped by the
 * content master key and stored beside the AES-256-GCM envelope, with the approval id as associated data
 * (an envelope copied onto another approval does not open).
 */
export function cipherSealer(cipher: ContentKeys): HeldSealer {
  return {
    seal(id, text) {
      const { key, wrapped } = cipher.newSubjectKey(subjectOf(id));
      return { wrappedKey: wrapped, sealed: cipher.encrypt(key, id, text) };
    },
    open(id, held) {
      return cipher.decrypt(cipher.unwrapSubjectKey(subjectOf(id), held.wrappedKey), id, held.sealed);
    },
  };
}

function subjectOf(id: string): string {
  return `approval:${id}`;
}
