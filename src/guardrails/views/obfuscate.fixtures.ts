/**
 * Test support: the obfuscations an attacker (or a coached model) applies to a secret, and fake secrets of
 * valid shapes generated from a seed (never copied from a data set or vendor docs).
 */

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const UPPER36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function pseudo(alphabet: string, length: number, seed: number): string {
  let state = (seed * 2654435761) % 2 ** 31;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[Math.floor((state / 2 ** 31) * alphabet.length)];
  }
  // Every class present, so "has a digit" checks never flake on a seed.
  return `${out.slice(0, -3)}7qK`;
}

/** Fake provider tokens of valid shapes, one per seed. */
export function fakeTokens(seed: number): Record<string, string> {
  return {
    github: `ghp_${pseudo(ALNUM, 36, seed)}`,
    aws: `AKIA${pseudo(UPPER36, 16, seed + 1).toUpperCase()}`,
    openai: `sk-proj-${pseudo(ALNUM, 40, seed + 2)}`,
    slack: `xoxb-${1000 + seed}${seed}0451-${2000 + seed}77-${pseudo(ALNUM, 24, seed + 3)}`,
    gitlab: `glpat-${pseudo(ALNUM, 20, seed + 4)}`,
  };
}

export const OBFUSCATIONS: Record<string, (s: string) => string> = {
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  hex: (s) => Buffer.from(s).toString('hex'),
  percent: (s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  unicode_escapes: (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  hex_escapes: (s) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  html_entities: (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  rot13: (s) => s.replace(/[A-Za-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= 'Z' ? 65 : 97) + 13) % 26) + (c <= 'Z' ? 65 : 97))),
  reversed: (s) => [...s].reverse().join(''),
  spaced: (s) => [...s].join(' '),
  dotted: (s) => [...s].join('.'),
  comma_spaced: (s) => [...s].join(', '),
  soft_hyphens: (s) => [...s].join('\u00ad'),
  zero_width: (s) => [...s].join('\u200b'),
  full_width: (s) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
  char_code_list: (s) => `[${[...s].map((c) => c.charCodeAt(0)).join(', ')}]`,
  python_chr: (s) => [...s].map((c) => `chr(${c.charCodeAt(0)})`).join(' + '),
  hex_bytes: (s) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' '),
  from_char_code: (s) => `String.fromCharCode(${[...s].map((c) => c.charCodeAt(0)).join(',')})`,
  // Groups of four joined by a separator the value does not hold (its own `-` would make the groups unequal).
  grouped: (s) => (s.match(/.{1,4}/g) ?? []).join(s.includes('-') ? '|' : '-'),
};
