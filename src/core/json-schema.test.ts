import { describe, expect, it } from 'vitest';
import { compileSchema, SCHEMA_OPTIONS } from './json-schema.js';
import { UnsafePatternError, safePatternEngine } from './safe-pattern.js';

describe('the one JSON Schema compiler', () => {
  it('compiles a schema object once, and checks the known formats', () => {
    const schema = { type: 'object', properties: { to: { type: 'string', format: 'email' }, at: { type: 'string', format: 'date-time' } } };
    const validate = compileSchema(schema);
    expect(compileSchema(schema)).toBe(validate);
    expect(validate({ to: 'ada@example.com', at: '2026-12-07T03:00:00Z' })).toBe(true);
    expect(validate({ to: 'not an address' })).toBe(false);
    expect(validate({ at: 'yesterday' })).toBe(false);
    // An unknown format is ignored (strict: false), not a reason to refuse the schema.
    expect(compileSchema({ type: 'string', format: 'color' })('red')).toBe(true);
  });

  it('reports every error (allErrors), and picks draft-07 when the schema says so', () => {
    const validate = compileSchema({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } } });
    expect(validate({ a: 'x', b: 'y' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/a', '/b']);
    // Tuple `items` is draft-07; in 2020-12 it would be a schema error.
    const draft7 = compileSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }] });
    expect(draft7([1])).toBe(false);
    expect(draft7(['a'])).toBe(true);
  });

  it('refuses a schema whose pattern could backtrack catastrophically, every time it is asked', () => {
    expect(SCHEMA_OPTIONS.code.regExp).toBe(safePatternEngine);
    const evil = { type: 'string', pattern: '^(\\w+\\s?)*$' };
    expect(() => compileSchema(evil)).toThrow(UnsafePatternError);
    expect(() => compileSchema(evil)).toThrow(UnsafePatternError);
    expect(compileSchema({ type: 'string', pattern: '^\\w+$' })('abc')).toBe(true);
  });

  it('lets two schemas reuse an $id, and a freed schema be compiled again as a new object', () => {
    const a = compileSchema({ $id: 'https://example.com/t.json', type: 'number' });
    const b = compileSchema({ $id: 'https://example.com/t.json', type: 'string' });
    expect(a(1)).toBe(true);
    expect(b(1)).toBe(false);
    // A recursive schema still validates after Ajv forgets it (the compiled function holds its refs).
    const tree = compileSchema({ type: 'object', properties: { kids: { type: 'array', items: { $ref: '#' } } }, additionalProperties: false });
    expect(tree({ kids: [{ kids: [] }] })).toBe(true);
    expect(tree({ kids: [{ oops: 1 }] })).toBe(false);
  });
});

describe('isolation between schemas', () => {
  it('never resolves a $ref against another schema compiled earlier', () => {
    const inner = (type: string) => ({
      type: 'object',
      properties: { p: { $ref: 'https://example.com/inner.json' } },
      $defs: { x: { $id: 'https://example.com/inner.json', type } },
    });
    expect(compileSchema(inner('number'))({ p: 1 })).toBe(true);
    expect(compileSchema(inner('string'))({ p: 1 })).toBe(false);
    // Not defined here: must not find the earlier schemas' inner.json.
    expect(() => compileSchema({ properties: { p: { $ref: 'https://example.com/inner.json' } } })).toThrow();
  });
});
