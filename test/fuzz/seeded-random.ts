/**
 * A small seeded PRNG (mulberry32) for the fuzz tests: the same seed gives the same cases on every
 * machine, so a failure found once can be replayed with `FUZZ_SEED=<seed>`.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** An independent generator for one case, so adding draws to one case does not shift the next. */
  fork(salt: number): SeededRandom {
    return new SeededRandom(Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35));
  }
}

/**
 * The seed of a fuzz run: `FUZZ_SEED` (decimal or 0x-hex) when set, else a fixed default so CI runs are
 * reproducible. Each test mixes in its own name, so two tests never walk the same sequence.
 */
export function fuzzSeed(testName: string, fallback = 0x6a7e_4005): number {
  const raw = process.env.FUZZ_SEED;
  const base = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(base)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
  let hash = base >>> 0;
  for (let i = 0; i < testName.length; i++) hash = Math.imul(hash ^ testName.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Strings that break naive handling: lone and paired surrogates, NUL, BOM, RTL, combining marks, emoji. */
export const TRICKY_TEXT: readonly string[] = [
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\u0000',
  '\ufeff',
  '\u202e',
  'e\u0301',
  '\u{1f469}\u200d\u{1f4bb}',
  '\u2028',
  '\u2029',
  '\\',
  '"',
  '\n',
  '\r\n',
  '\t',
  '</script>',
  '${x}',
  '%s%n',
  '\u00ff',
  '\u4e2d\u6587',
  '\u0600',
  '\uffff',
  '\u{10ffff}',
];

/** A random string of `length` UTF-16 code units mixing ASCII and `TRICKY_TEXT`. */
export function randomText(rng: SeededRandom, length: number): string {
  let out = '';
  while (out.length < length) {
    out += rng.chance(0.2) ? rng.pick(TRICKY_TEXT) : String.fromCharCode(rng.range(0x20, 0x7e));
  }
  return out;
}
