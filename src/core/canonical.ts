import { createHash } from 'node:crypto';

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
      if (!lenient && !(value as Es2024String).isWellFormed()) throw new TypeError('lone surrogate in a string');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        if (lenient) return 'null';
        throw new TypeError(`${value} has no JSON representation`);
      }
      return JSON.stringify(value);
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
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(Object.keys(record));
      let out = '{';
      let first = true;
      for (const key of keys) {
        const encoded = write(record[key], depth + 1, lenient);
        if (encoded === undefined) continue;
        if (!lenient && !(key as Es2024String).isWellFormed()) throw new TypeError('lone surrogate in a key');
        out += `${first ? '' : ','}${JSON.stringify(key)}:${encoded}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'bigint':
      throw new TypeError('BigInt has no JSON representation');
    default:
      return undefined;
  }
}

/** Records of one kind share their key set: its sorted order is computed once. */
const SORTED = new Map<string, string[]>();

function sortedKeys(keys: string[]): string[] {
  if (keys.length < 4) return keys.sort();
  const shape = keys.join('\u0000');
  let sorted = SORTED.get(shape);
  if (!sorted) {
    sorted = [...keys].sort();
    if (SORTED.size > 1000) SORTED.clear();
    SORTED.set(shape, sorted);
  }
  return sorted;
}

/** Lower-case hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
