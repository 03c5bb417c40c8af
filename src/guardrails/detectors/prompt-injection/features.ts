/**
 * Feature hashing for the prompt-injection classifier: word 1-2 grams and character 3-5 grams of a bounded
 * window, hashed into a fixed space, sublinear tf, L2-normalised. The same code runs in training and in the
 * detector, so a model never sees features its trainer did not.
 *
 * Windows (not whole texts) are scored because label-1 training texts are much longer than label-0 ones:
 * a bounded window plus L2 normalisation keeps "long" from being a feature.
 */

export const HASH_BITS = 17;
export const HASH_SIZE = 1 << HASH_BITS;
const MASK = HASH_SIZE - 1;

/** Window length and stride in UTF-16 code units; any span up to WINDOW - STRIDE long lies inside one window. */
export const WINDOW = 256;
export const STRIDE = 128;

const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x9747b28c;
const SEED_BIGRAM = 0x5bd1e995;
const LINE_MARKER = mix(0x2f6c696e);
/** Sublinear tf 1 + ln(count), tabulated for the counts a window can reach. */
const SUBLINEAR = Float32Array.from({ length: 4 * WINDOW }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

/** Start offsets of the windows covering a text of `length` code units; the last window ends at `length`. */
export function windowStarts(length: number): number[] {
  if (length <= WINDOW) return [0];
  const starts: number[] = [];
  for (let s = 0; s + WINDOW < length; s += STRIDE) starts.push(s);
  starts.push(length - WINDOW);
  return starts;
}

/** Lines of a multi-line text worth scoring alone: [start, end) pairs, at most `max`. */
export function lineSpans(text: string, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (text.indexOf('\n') < 0) return out;
  let s = 0;
  while (s < text.length && out.length < max) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    if (e - s >= MIN_LINE && e - s <= WINDOW) out.push([s, e]);
    s = e + 1;
  }
  return out;
}

const MIN_LINE = 12;

/** Final avalanche (murmur3 fmix32) so FNV prefixes spread over the table. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 48 || c >= 128;
}

/**
 * Reusable sparse accumulator. `extract` fills it for one window; `indices`/`values` then hold the
 * normalised vector until the next `extract`. Not re-entrant: one per detector instance.
 */
export class HashedFeatures {
  private readonly counts = new Float32Array(HASH_SIZE);
  private readonly buf = new Uint16Array(WINDOW + 2);
  readonly indices = new Int32Array(8 * WINDOW);
  readonly values = new Float32Array(8 * WINDOW);
  size = 0;

  private add(index: number): void {
    if (this.counts[index] === 0) this.indices[this.size++] = index;
    this.counts[index]! += 1;
  }

  /**
   * Featurise text[start, end) (end - start <= WINDOW). `line` marks a single line cut from a multi-line
   * document (a separate unit kind with its own marker feature): an instruction on its own line inside a
   * table or an email is the shape of indirect injection.
   */
  extract(text: string, start: number, end: number, line = false): void {
    for (let i = 0; i < this.size; i++) this.counts[this.indices[i]!] = 0;
    this.size = 0;
    const buf = this.buf;
    let n = 0;
    buf[n++] = 32;
    let wordHash = SEED_WORD;
    let wordLen = 0;
    let prevWord = -1;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      else if (c >= 49 && c <= 57) c = 48;
      else if (c <= 32 || c === 0xa0) c = 32;
      if (c === 32 && buf[n - 1] === 32) continue;
      buf[n++] = c;
      if (isWordCode(c)) {
        wordHash = Math.imul(wordHash ^ c, 16777619);
        wordLen++;
      } else if (wordLen > 0) {
        this.add(mix(wordHash));
        if (prevWord !== -1) this.add(mix(Math.imul(prevWord, 31) ^ wordHash ^ SEED_BIGRAM));
        prevWord = wordHash;
        wordHash = SEED_WORD;
        wordLen = 0;
      }
    }
    if (wordLen > 0) {
      this.add(mix(wordHash));
      if (prevWord !== -1) this.add(mix(Math.imul(prevWord, 31) ^ wordHash ^ SEED_BIGRAM));
    }
    if (line) this.add(LINE_MARKER);
    if (buf[n - 1] !== 32) buf[n++] = 32;
    for (let i = 0; i + 3 <= n; i++) {
      let h = SEED_CHAR;
      h = Math.imul(h ^ buf[i]!, 16777619);
      h = Math.imul(h ^ buf[i + 1]!, 16777619);
      h = Math.imul(h ^ buf[i + 2]!, 16777619);
      this.add(mix(h));
      if (i + 4 > n) continue;
      h = Math.imul(h ^ buf[i + 3]!, 16777619);
      this.add(mix(h ^ 4));
      if (i + 5 > n) continue;
      h = Math.imul(h ^ buf[i + 4]!, 16777619);
      this.add(mix(h ^ 5));
    }
    let sq = 0;
    for (let i = 0; i < this.size; i++) {
      const v = SUBLINEAR[this.counts[this.indices[i]!]!]!;
      this.values[i] = v;
      sq += v * v;
    }
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let i = 0; i < this.size; i++) this.values[i]! *= inv;
  }

  /** Dot product of the current vector with dense weights. */
  dot(weights: Float32Array): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += weights[this.indices[i]!]! * this.values[i]!;
    return s;
  }
}
