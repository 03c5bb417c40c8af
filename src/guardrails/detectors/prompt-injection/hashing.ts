/**
 * Hash primitives shared by feature extraction and scoring: FNV-1a over normalised code units, finalised
 * into the HASH_SIZE weight table. Changing any constant here changes every feature: retrain after.
 */

export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const MASK = HASH_SIZE - 1;

/** FNV-1a offset basis and prime. */
export const SEED_CHAR = 0x811c9dc5;
export const SEED_WORD = 0x9747b28c;
export const FNV_PRIME = 16777619;
/** 2^32 / golden ratio: Fibonacci hashing takes the top HASH_BITS of h * FIB_MULTIPLIER. */
export const FIB_MULTIPLIER = 0x9e3779b1;

/** Cheap finaliser for the hot loops (char and word grams). */
export function fib(h: number): number {
  return Math.imul(h, FIB_MULTIPLIER) >>> (32 - HASH_BITS);
}

/** Full avalanche (murmur3 fmix32), for the few fixed tokens (markers, word classes). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

/** FNV-1a hash of a lower-case ASCII word, exactly as `TextGrams` hashes words while scanning. */
export function wordHash(word: string): number {
  let h = SEED_WORD;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}
