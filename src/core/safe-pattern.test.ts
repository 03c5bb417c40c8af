import { describe, expect, it } from 'vitest';
import { validateJson } from '../guardrails/detectors/json-schema/index.js';
import { contextualSchemaDetector } from '../guardrails/tool-schema.js';
import { MAX_PATTERN_LENGTH, UnsafePatternError, safePatternEngine } from './safe-pattern.js';

describe('safePatternEngine', () => {
  it.each(['^(a+)+$', '^(\\w+\\s?)*$', '(x+x+)+y', '^(\\d+)*$', `^${'(ab)?'.repeat(30)}$`])('refuses %s', (pattern) => {
    expect(() => safePatternEngine(pattern, 'u')).toThrow(UnsafePatternError);
  });

  it('refuses a pattern longer than the bound', () => {
    expect(() => safePatternEngine('a'.repeat(MAX_PATTERN_LENGTH + 1), 'u')).toThrow(UnsafePatternError);
  });

  it.each(['^[a-z0-9_-]{3,16}$', '^\\d{3}-\\d{4}$', '^https?://', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', '^\\p{L}+$', '(?<year>\\d{4})-\\d{2}'])(
    'compiles %s as a RegExp with the flags asked for',
    (pattern) => {
      const re = safePatternEngine(pattern, 'u');
      expect(re).toBeInstanceOf(RegExp);
      expect(re.flags).toBe('u');
    },
  );
});

describe('schemas with unsafe patterns never compile', () => {
  const evil = '^(\\w+\\s?)*$';

  it.each([
    ['pattern', { type: 'string', pattern: evil }],
    ['patternProperties', { type: 'object', patternProperties: { [evil]: { type: 'string' } } }],
    ['a nested pattern', { type: 'object', properties: { a: { type: 'array', items: { type: 'string', pattern: evil } } } }],
    ['a draft-07 pattern', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', pattern: evil }],
  ])('%s', (_, schema) => {
    expect(() => validateJson(schema, 'x')).toThrow(UnsafePatternError);
  });

  it('a safe pattern still validates both ways', () => {
    expect(validateJson({ type: 'string', pattern: '^[a-z]+$' }, 'abc').valid).toBe(true);
    expect(validateJson({ type: 'string', pattern: '^[a-z]+$' }, 'ab1').valid).toBe(false);
  });
});

describe('a response_format schema with an unsafe pattern', () => {
  it('is a schema_uncompilable finding on the answer, not a stalled check', () => {
    const detector = contextualSchemaDetector(undefined);
    const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^([a-zA-Z]+\\s?)*$' } } };
    const findings = detector.detect(JSON.stringify({ name: `${'Ada Lovelace '.repeat(30)}!` }), { direction: 'output', part: 'content', schema } as never);
    expect(findings).toMatchObject([{ detector: 'json_schema', type: 'schema_uncompilable' }]);
  });
});
