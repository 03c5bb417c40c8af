/**
 * A deterministic value that satisfies a JSON Schema: what the mock answers for structured output and
 * tool arguments. Covers the subset models are asked for (objects, arrays, scalars, enum, const,
 * anyOf/oneOf, $ref into $defs); anything else yields null.
 */
export function sampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (depth > 16 || typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (typeof s.$ref === 'string') return sampleFromSchema(resolveRef(root, s.$ref), root, depth + 1);
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], root, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props);
      for (const key of required) out[key] = sampleFromSchema(props[key] ?? {}, root, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: Math.min(min, 3) || 1 }, () => sampleFromSchema(s.items ?? {}, root, depth + 1));
    }
    case 'string':
      return typeof s.format === 'string' && s.format === 'date' ? '2026-01-01' : 'example';
    case 'integer':
      return typeof s.minimum === 'number' ? Math.ceil(s.minimum) : 1;
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? sampleFromSchema({ ...s, type: 'object' }, root, depth + 1) : null;
  }
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const key of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return {};
    node = (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node ?? {};
}
