// Reused counting table for ASCII strings (the usual case): no Map or Set per call on the hot path.
const COUNTS = new Int32Array(128);

function countAscii(value: string): boolean {
  COUNTS.fill(0);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return false;
    COUNTS[c] = (COUNTS[c] as number) + 1;
  }
  return true;
}

/** Shannon entropy in bits per character: random keys sit near log2(alphabet), words and placeholders lower. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  let bits = 0;
  if (countAscii(value)) {
    for (let c = 0; c < 128; c++) {
      const n = COUNTS[c] as number;
      if (n === 0) continue;
      const p = n / value.length;
      bits -= p * Math.log2(p);
    }
    return bits;
  }
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Distinct characters: `aaaaaaaa` and `00000000` have 1, a real key dozens. */
export function distinctChars(value: string): number {
  if (!countAscii(value)) return new Set(value).size;
  let distinct = 0;
  for (let c = 0; c < 128; c++) if (COUNTS[c] !== 0) distinct++;
  return distinct;
}

export interface CharClasses {
  lower: number;
  upper: number;
  digit: number;
  other: number;
}

/** Counts of lower-case letters, upper-case letters, digits and anything else. */
export function charClasses(value: string): CharClasses {
  const c: CharClasses = { lower: 0, upper: 0, digit: 0, other: 0 };
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 97 && code <= 122) c.lower++;
    else if (code >= 65 && code <= 90) c.upper++;
    else if (code >= 48 && code <= 57) c.digit++;
    else c.other++;
  }
  return c;
}

/**
 * Mean length of the runs of one class (lower, upper, digit): machine-made base62 switches class every
 * ~2 characters, while identifiers (`ReactDomServer2Renderer`) are made of words and run 4+.
 */
export function meanRunLength(value: string): number {
  let runs = 0;
  let prev = -1;
  let counted = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const cls = code >= 97 && code <= 122 ? 0 : code >= 65 && code <= 90 ? 1 : code >= 48 && code <= 57 ? 2 : 3;
    if (cls === 3) {
      prev = -1;
      continue;
    }
    counted++;
    // `Renderer`: one capital starting a lower-case word does not end the word.
    if (cls !== prev && !(prev === 1 && cls === 0)) runs++;
    prev = cls;
  }
  return runs === 0 ? 0 : counted / runs;
}

const HEX = /^(?:[0-9a-f]+|[0-9A-F]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for canonical UUIDs: identifiers far more often than credentials, so they need a keyword. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Whether a token with no keyword of its own looks machine-made, judged against its own alphabet:
 * hex needs 32+ characters (a hash or a key), single-case base36 20+ characters at 3.5 bits, mixed-case
 * base62 20+ characters at 3.7 bits and short class runs. Letters-only and digits-only tokens never count:
 * without a keyword they are words, names and numbers.
 */
export function looksMachineRandom(value: string): boolean {
  if (/^0x/i.test(value) || isUuid(value)) return false;
  const core = value.replace(/[-_]/g, '');
  const c = charClasses(core);
  if (c.other > 0 || c.digit === 0 || c.lower + c.upper === 0) return false;
  const entropy = shannonEntropy(core);
  if (core.length !== value.length) return separatedToken(value, core, entropy, c);
  if (HEX.test(core)) return core.length >= 32 && entropy >= 3;
  if (core.length < 20) return false;
  const digitShare = c.digit / core.length;
  if (c.lower === 0 || c.upper === 0) return entropy >= 3.5 && digitShare >= 0.1 && digitShare <= 0.8;
  // Very long and very varied is random even when a run or two is long; identifiers stay near 4.1 bits.
  if (core.length >= 40 && entropy >= 4.5) return true;
  return entropy >= 3.7 && meanRunLength(core) <= 3.5;
}

/**
 * Dashes and underscores inside a token: long all-class tokens (`KEYUAao...-D3fH..._lZg...`) or grouped
 * keys whose every group is 4+ characters (`ABCD-1234-123456-abcdef`), not slugs (`claude-3-5-sonnet`)
 * or dates (`2024-01-15`).
 */
function separatedToken(value: string, core: string, entropy: number, c: CharClasses): boolean {
  if (c.lower > 0 && c.upper > 0 && core.length >= 32 && entropy >= 4.2) return meanRunLength(core) <= 3.5 || (core.length >= 40 && entropy >= 4.5);
  const groups = value.split(/[-_]/);
  return groups.length >= 4 && core.length >= 24 && entropy >= 3.5 && groups.every((g) => g.length >= 4);
}
