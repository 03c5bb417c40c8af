import type { Finding } from '../../types.js';
import { createSecretsDetector } from './index.js';

/**
 * Test support for the secrets detector. Test secrets are generated here from a seed, never copied from a
 * data set or a vendor's docs: the tests then say what shape is found, not which string.
 */

export const ctx = { direction: 'input' as const, role: 'user' as const };
const detector = createSecretsDetector();

export function detect(text: string): Finding[] {
  return detector.detect(text, ctx);
}

/** The substrings the detector reports for `text` (at the default policy threshold of 0.5). */
export function found(text: string): string[] {
  return detect(text)
    .filter((f) => f.score >= 0.5)
    .map((f) => text.slice(f.start, f.end));
}

/**
 * The reported substring that covers `value` whole, or undefined. A credential's finding can be wider than its
 * secret (a user with its password), so tests of "is it found" ask this rather than for the exact span.
 */
export function covering(text: string, value: string): string | undefined {
  const at = text.indexOf(value);
  const hit = detect(text).find((f) => f.score >= 0.5 && at >= 0 && f.start <= at && f.end >= at + value.length);
  return hit === undefined ? undefined : text.slice(hit.start, hit.end);
}

export const DIGITS = '0123456789';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const HEX = `${DIGITS}abcdef`;
export const LOWER36 = `${DIGITS}${LOWER}`;
export const UPPER36 = `${DIGITS}${UPPER}`;
export const ALNUM = `${DIGITS}${LOWER}${UPPER}`;
export const B64URL = `${ALNUM}-_`;
export const B64 = `${ALNUM}+/`;

/**
 * A deterministic pseudo-random string over `alphabet` (a linear congruential generator): machine-made
 * like a real key, the same on every run. Every string of 12+ characters over a mixed alphabet is forced
 * to contain each class the alphabet has, so a rule's "has a digit" check never flakes on a seed.
 */
export function fake(alphabet: string, length: number, seed = 1): string {
  let state = (seed * 2654435761) % 2 ** 31;
  const chars: string[] = [];
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    chars.push(alphabet[Math.floor((state / 2 ** 31) * alphabet.length)] as string);
  }
  if (length >= 12) {
    const pools = [DIGITS, LOWER, UPPER].map((cls) => [...cls].filter((ch) => alphabet.includes(ch))).filter((pool) => pool.length > 0);
    pools.forEach((pool, k) => {
      if (!chars.some((ch) => pool.includes(ch))) chars[3 + k * 4] = pool[(seed + k) % pool.length] as string;
    });
  }
  return chars.join('');
}
