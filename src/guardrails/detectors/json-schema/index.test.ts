import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../../core/json-schema.js';
import { createJsonSchemaDetector, validateJson } from './index.js';

const ctx = { direction: 'output' } as const;
const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 0 },
    email: { type: 'string', format: 'email' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

describe('json_schema detector', () => {
  const detector = createJsonSchemaDetector({ schema });

  it('accepts a valid answer, also inside one ```json fence', () => {
    expect(detector.detect('{"name":"Ada","age":36,"tags":["x"]}', ctx)).toEqual([]);
    expect(detector.detect('```json\n{"name":"Ada","age":36}\n```', ctx)).toEqual([]);
  });

  it('reports a schema violation with its instance path, not the value', () => {
    const text = '{"name":"Ada","age":"thirty-six","tags":["x",7],"email":"ada@example.com"}';
    const findings = detector.detect(text, ctx);
    expect(findings).toEqual([
      { detector: 'json_schema', type: 'schema_violation', score: 1, start: 0, end: text.length, evidence: '/age: must be integer' },
      { detector: 'json_schema', type: 'schema_violation', score: 1, start: 0, end: text.length, evidence: '/tags/1: must be string' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('thirty');
    expect(detector.detect('{"age":1}', ctx)[0]?.evidence).toBe("/: must have required property 'name'");
    expect(detector.detect('{"name":"a","age":1,"email":"nope"}', ctx)[0]?.evidence).toBe('/email: must match format "email"');
  });

  it('reports invalid JSON without echoing the input', () => {
    const [f] = detector.detect('Sure! Here is the JSON: {"name": "Ada"', ctx);
    expect(f).toEqual({ detector: 'json_schema', type: 'invalid_json', score: 1, start: 0, end: 38, evidence: 'not valid JSON' });
  });

  it('validateJson checks tool-call arguments and compiles each schema once', () => {
    const tool = { type: 'object', properties: { city: { type: 'string', minLength: 1 } }, required: ['city'] };
    expect(validateJson(tool, { city: 'Paris' })).toEqual({ valid: true, errors: [] });
    expect(validateJson(tool, { city: '' })).toEqual({
      valid: false,
      errors: [{ path: '/city', keyword: 'minLength', message: 'must NOT have fewer than 1 characters' }],
    });
    expect(compileSchema(tool)).toBe(compileSchema(tool));
  });

  it('supports draft-07 and reused $id values; a bad schema fails at creation', () => {
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://example.com/s.json', type: 'array', items: [{ type: 'string' }] };
    expect(validateJson(draft7, [1]).errors[0]?.path).toBe('/0');
    expect(validateJson({ $id: 'https://example.com/s.json', type: 'number' }, 'a').valid).toBe(false);
    expect(() => createJsonSchemaDetector({ schema: { type: 'nonsense' } })).toThrow();
    expect(() => createJsonSchemaDetector({} as never)).toThrow(TypeError);
  });

  it('never throws on random, deep or huge input', () => {
    const inputs = ['['.repeat(100_000), '{"a":'.repeat(10_000), JSON.stringify({ name: 'x', age: 1, tags: Array(100_000).fill(1) })];
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      inputs.push(s);
    }
    for (const text of inputs) expect(() => detector.detect(text, ctx)).not.toThrow();
    expect(detector.detect(inputs[2] ?? '', ctx)).toHaveLength(20);
  });
});
