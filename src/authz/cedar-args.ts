import type { CedarValueJson } from '@cedar-policy/cedar-wasm/nodejs';

const MAX_DEPTH = 16;

/**
 * A tool call's JSON arguments as a Cedar value, for `context.args`. Cedar has no floating point and no
 * null: an integer stays a Long, a number with a fraction becomes a `decimal` when Cedar can hold it
 * exactly (four fraction digits) and a string otherwise, null and deeper nesting than policies should read
 * are left out. Arrays become sets. A policy comparing `context.args.amount` sees the number the agent sent.
 */
export function cedarArgs(value: unknown, depth = 0): CedarValueJson | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return cedarNumber(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => cedarArgs(v, depth + 1)).filter((v): v is CedarValueJson => v !== undefined);
  const record: Record<string, CedarValueJson> = {};
  for (const [key, v] of Object.entries(value)) {
    const converted = cedarArgs(v, depth + 1);
    if (converted !== undefined) record[key] = converted;
  }
  return record;
}

function cedarNumber(n: number): CedarValueJson | undefined {
  if (Number.isSafeInteger(n)) return n;
  if (!Number.isFinite(n)) return undefined;
  const text = String(n);
  return /^-?\d{1,15}(\.\d{1,4})?$/.test(text) ? { __extn: { fn: 'decimal', arg: text } } : text;
}
