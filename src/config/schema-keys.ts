import { z } from 'zod';

/**
 * Which keys a strict object of the schema accepts, so that an unknown key can be reported with the keys that
 * would have been accepted ("did you mean port?"). zod's own `unrecognized_keys` issue names only the offender.
 */

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
    current = current.unwrap() as AnySchema;
  }
  return current;
}

function literalValues(schema: AnySchema): unknown[] {
  const inner = unwrap(schema);
  return inner instanceof z.ZodLiteral ? [...inner.values] : [];
}

/** Picks the branch of a discriminated union that the input's discriminator selects. */
function pickBranch(union: z.ZodDiscriminatedUnion, input: unknown): AnySchema | undefined {
  const discriminator = union.def.discriminator;
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : undefined;
  return union.options.find((option) => option instanceof z.ZodObject && literalValues(option.shape[discriminator] as AnySchema).includes(value)) as
    | AnySchema
    | undefined;
}

function childSchema(schema: AnySchema, segment: PropertyKey, input: unknown): AnySchema | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner.shape[String(segment)] as AnySchema | undefined;
  if (inner instanceof z.ZodRecord) return inner.valueType as AnySchema;
  if (inner instanceof z.ZodArray) return inner.element as AnySchema;
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const branch = pickBranch(inner, input);
    return branch ? childSchema(branch, segment, input) : undefined;
  }
  return undefined;
}

/** The schema that validates `path` of `input` (wrappers such as defaults kept), if the path is in the schema. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[], input: unknown): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  let value = input;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment, value);
    value = valueAt(value, [segment]);
  }
  return current;
}

/** The keys the schema accepts for the object at `path` of `input`; undefined when that is not a fixed-key object. */
export function allowedKeysAt(schema: AnySchema, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  const found = schemaAt(schema, path, input);
  if (!found) return undefined;
  let inner = unwrap(found);
  if (inner instanceof z.ZodDiscriminatedUnion) inner = unwrap(pickBranch(inner, valueAt(input, path)) ?? inner);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : undefined;
}

/** The `.describe()` text of the schema at `path`, looking through optional/default wrappers. */
export function descriptionAt(schema: AnySchema, path: readonly PropertyKey[], input: unknown): string | undefined {
  const found = schemaAt(schema, path, input);
  if (!found) return undefined;
  return (found as z.ZodType).description ?? (unwrap(found) as z.ZodType).description;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return value;
}

/** Levenshtein distance where swapping two neighbours counts as one edit (the commonest typo). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed key a misspelt key most likely meant (case slips, up to two edits), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.min(2, Math.floor(candidate.length / 3))) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
