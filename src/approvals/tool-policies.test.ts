import { describe, expect, it } from 'vitest';
import { compileSchema } from '../core/json-schema.js';
import { UnsafePatternError } from '../core/safe-pattern.js';
import { compileToolPolicies } from './tool-policies.js';

describe('compileToolPolicies', () => {
  it('compiles a tool schema with the shared compiler, so the hold and validate-tool-args judge alike', () => {
    const schema = { type: 'object', properties: { to: { type: 'string', format: 'email' } }, required: ['to'] };
    const policy = compileToolPolicies({ 'mail/send': { risk: 'high', schema } }).get('mail/send');
    expect(policy?.validate).toBe(compileSchema(schema));
    expect(policy?.validate?.({ to: 'ada@example.com' })).toBe(true);
    // A format the hold's own Ajv used not to check: now refused here as in validate-tool-args.
    expect(policy?.validate?.({ to: 'not an address' })).toBe(false);
  });

  it('fails closed on a schema with a catastrophic pattern, and skips tools with nothing to check', () => {
    expect(() => compileToolPolicies({ 'x/y': { risk: 'low', schema: { type: 'string', pattern: '^(a+)+$' } } })).toThrow(UnsafePatternError);
    expect(compileToolPolicies({ 'x/y': { risk: 'low' } }).size).toBe(0);
  });
});
