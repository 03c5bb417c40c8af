import { hash } from 'node:crypto';

/** ES2024 string method, present in Node 20; the compiler's lib stops at ES2023. */
type Es2024String = string & { isWellFormed(): boolean };

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers exactly as ECMAScript's JSON.stringify writes them (which is what the
 * RFC specifies). The same record always hashes to the same bytes, whichever process re-encodes it.
 * Throws on what JSON cannot carry canonically: NaN, Infinity, lone surrogates, BigInt, cycles.
 *
 * Written by hand rather than with the `canonicalize` package (the RFC author's implementation, which the
 * tests use as the reference on random values) because it runs for every record on the gateway's write
 * path, and is about 4x faster by serialising strings and numbers with the engine's JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, 0, false);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

/**
 * canonicalJson, except that what JSON.stringify would write anyway is written as it does: a lone
 * surrogate as its `\udXXX` escape (well-formed text that parses back to the same string), NaN and
 * Infinity as null. So content is sealed as the client and the upstream saw it serialised, whatever
 * either sent. Used for stored content only: chain entries stay strict RFC 8785.
 */
export function canonicalContentJson(value: unknown): string {
  const out = write(value, 0, true);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

function write(value: unknown, depth: number, lenient: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value, lenient);
    case 'number':
      if (!Number.isFinite(value)) {
        if (lenient) return 'null';
        throw new TypeError(`${value} has no JSON representation`);
      }
      // Number::toString is what JSON.stringify writes for a finite number (-0 included: "0").
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth > 256) throw new TypeError('value nested too deeply (or cyclic)');
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON(), depth + 1, lenient);
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (write(value[i], depth + 1, lenient) ?? 'null');
        return `${out}]`;
      }
      return writeObject(value as Record<string, unknown>, depth, lenient);
    }
    case 'bigint':
      throw new TypeError('BigInt has no JSON representation');
    default:
      return undefined;
  }
}

function writeObject(record: Record<string, unknown>, depth: number, lenient: boolean): string {
  const shape = shapeOf(Object.keys(record));
  const { sorted, members, wellFormed } = shape;
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    const encoded = write(record[sorted[i]!], depth + 1, lenient);
    if (encoded === undefined) continue;
    if (!lenient && !wellFormed[i]) throw new TypeError('lone surrogate in a key');
    out += (out.length === 1 ? '' : ',') + members[i] + encoded;
  }
  return `${out}}`;
}

/** What JSON.stringify escapes in a well-formed string. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** The JSON string literal, as JSON.stringify writes it; quoting by hand when nothing needs escaping is ~3x cheaper. */
function quote(text: string, lenient: boolean): string {
  if (!(text as Es2024String).isWellFormed()) {
    if (!lenient) throw new TypeError('lone surrogate in a string');
    return JSON.stringify(text);
  }
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** An object's keys in canonical order, with what is written before each value, computed once per key set. */
interface Shape {
  keys: readonly string[];
  sorted: readonly string[];
  /** `"key":` as JSON.stringify writes the key (the lenient writer's escape of a lone surrogate; the strict one refuses it). */
  members: readonly string[];
  /** Whether each sorted key is well-formed (the strict writer refuses one that is not, when its value is written). */
  wellFormed: readonly boolean[];
}

/**
 * Records of one kind share their key set, in the same order: its shape is found by comparing the keys
 * one by one against the shapes seen with the same first key and count, without building a lookup string.
 */
const SHAPES = new Map<string, Shape[]>();
let shapeCount = 0;
/** Larger key sets (client content, not records) are sorted per call and not kept. */
const MAX_CACHED_KEYS = 64;

function shapeOf(keys: string[]): Shape {
  if (keys.length > MAX_CACHED_KEYS) return newShape(keys);
  const first = keys.length === 0 ? '' : keys[0]!;
  let bucket = SHAPES.get(first);
  if (bucket) {
    for (const shape of bucket) if (sameKeys(shape.keys, keys)) return shape;
  } else {
    if (shapeCount > 1000) {
      SHAPES.clear();
      shapeCount = 0;
    }
    bucket = [];
    SHAPES.set(first, bucket);
  }
  const shape = newShape(keys);
  if (bucket.length < 16) {
    bucket.push(shape);
    shapeCount++;
  }
  return shape;
}

function newShape(keys: string[]): Shape {
  const sorted = [...keys].sort();
  return { keys, sorted, members: sorted.map((k) => `${JSON.stringify(k)}:`), wellFormed: sorted.map((k) => (k as Es2024String).isWellFormed()) };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  // The one-shot hash: no Hash object per call (half the cost of createHash().update().digest() on a record).
  return hash('sha256', data, 'hex');
}
