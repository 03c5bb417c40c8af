import { describe, expect, it } from 'vitest';
import { sliceByAction } from './action-slices.js';
import { builtinPolicies } from './builtin-policies.js';

describe('sliceByAction', () => {
  const custom = [
    { id: 'all-actions', origin: 'x.cedar', text: 'forbid (principal, action, resource) when { principal.owner == "mallory" };' },
    {
      id: 'output-only',
      origin: 'x.cedar',
      text: 'forbid (principal, action == Gatehouse::Action::"use_tool", resource) when { context has direction && context.direction == "output" };',
    },
  ];
  const slice = sliceByAction([...builtinPolicies(), ...custom]);

  it('keeps the policies whose action scope can cover the action, and the attributes they read', () => {
    const invoke = slice('invoke_model');
    expect(invoke.policies.map((p) => p.id)).toEqual([
      'gatehouse:grant:invoke_model',
      'gatehouse:environment-isolation',
      'gatehouse:identity-not-active',
      'all-actions',
    ]);
    expect([...invoke.reads].sort()).toEqual(['environment', 'environments', 'models', 'name', 'owner', 'state']);
    expect([...slice('use_tool').reads]).toContain('direction');
    expect(slice('key.read').policies.map((p) => p.id)).toEqual([
      'gatehouse:identity-not-active',
      'gatehouse:role:admin',
      'gatehouse:role:security',
      'gatehouse:role:auditor',
      'all-actions',
    ]);
  });

  it('an action no policy names keeps only the all-action policies', () => {
    expect(slice('unknown').policies.map((p) => p.id)).toEqual(['gatehouse:identity-not-active', 'all-actions']);
  });
});
