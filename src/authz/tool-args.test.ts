import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import { useTempDirs } from '../core/temp-dirs.fixtures.js';
import type { Identity, Principal } from '../identity/types.js';
import { checkPolicies, createAuthorizer } from './authorizer.js';
import { cedarArgValue, parseToolArgs, toolArgsType } from './tool-args.js';
import type { ArgValue } from './tool-args.js';

const temp = useTempDirs('gh-tool-args-');

const REFUND_SCHEMA = { type: 'object', properties: { amount: { type: 'integer' }, order: { type: 'string' }, note: { type: 'object' } } };

/** The policy of issue 16's worked example: refunds only under 100, and only from pilot. */
const REFUND_POLICY = `@id("refund-limits")
forbid (principal, action == Gatehouse::Action::"use_tool", resource == Gatehouse::Tool::"refund")
when { context.direction == "output" }
unless { context.args has amount && context.args.amount < 100 && principal.environment == "pilot" };
`;

function setup(policy: string) {
  const baseDir = temp.make();
  writeFileSync(join(baseDir, 'refund.cedar'), policy);
  const config = configSchema.parse({
    providers: { mock: { type: 'mock' } },
    models: { m: { provider: 'mock' } },
    tools: { refund: { schema: REFUND_SCHEMA }, lookup: { schema: { type: 'object', properties: { amount: { type: 'string' } } } } },
    policies: { files: ['refund.cedar'] },
  });
  return { config, baseDir };
}

function caller(environment: Identity['environment']): Principal {
  const identity = { id: 'refund-bot', owner: 'a@example.com', team: null, environment, state: 'active', roles: [], allowedTools: ['refund'] };
  return {
    identity: { ...identity, allowedModels: [], allowedDatasets: [], mayAssertEndUsers: false } as unknown as Identity,
    credential: 'access_token',
    tokenId: 't',
    scopes: [],
    endUser: null,
    actor: null,
  };
}

const useRefund = (environment: Identity['environment'], direction: 'input' | 'output', args: Record<string, ArgValue>) => ({
  principal: caller(environment),
  action: 'use_tool' as const,
  resource: { type: 'Tool' as const, id: 'refund' },
  context: { direction, args },
});

describe('context.args of use_tool', () => {
  it('is typed from the tools’ schemas: optional, Cedar-typed, a name two tools type differently left out', () => {
    expect(toolArgsType({ refund: { schema: REFUND_SCHEMA } })).toBe('{ "amount"?: Long, "order"?: String }');
    expect(toolArgsType({ refund: { schema: REFUND_SCHEMA }, lookup: { schema: { properties: { amount: { type: 'string' } } } } })).toBe(
      '{ "order"?: String }',
    );
    expect(toolArgsType({})).toBe('{  }');
  });

  it('lets a policy decide on the arguments: under 100 in pilot passes, 150 or production is refused', () => {
    // `amount` is typed String by lookup and Long by refund: left out of the record. The guarded read still
    // validates, and the call is judged on the value it carries; a string there errors, which refuses.
    const conflicted = createAuthorizer(setup(REFUND_POLICY));
    expect(conflicted.authorize(useRefund('pilot', 'output', { amount: 40 })).decision).toBe('allow');
    expect(conflicted.authorize(useRefund('pilot', 'output', { amount: '40' })).decision).toBe('deny');
    const fixed = setup(REFUND_POLICY);
    fixed.config.tools.lookup = { risk: 'low', schema: { type: 'object', properties: { id: { type: 'string' } } } };
    const authorizer = createAuthorizer(fixed);
    expect(authorizer.readsToolArgs).toBe(true);
    expect(authorizer.authorize(useRefund('pilot', 'output', { amount: 40, order: 'o-1' })).decision).toBe('allow');
    const over = authorizer.authorize(useRefund('pilot', 'output', { amount: 150 }));
    expect([over.decision, over.policyIds]).toEqual(['deny', ['refund-limits']]);
    expect(authorizer.authorize(useRefund('production', 'output', { amount: 40 })).decision).toBe('deny');
    // A call without the argument, or with one Cedar cannot carry (fractional), is refused too.
    expect(authorizer.authorize(useRefund('pilot', 'output', cedarArgValue({ amount: 9.5 }) as Record<string, ArgValue>)).decision).toBe('deny');
    // The declaration in the request carries no arguments and is not what this policy judges.
    expect(authorizer.authorize(useRefund('production', 'input', {})).decision).toBe('allow');
  });

  it('refuses at load a policy that reads an argument unguarded or with the wrong type', () => {
    const unguarded = setup(REFUND_POLICY.replace('context.args has amount && ', ''));
    unguarded.config.tools.lookup = { risk: 'low' };
    expect(checkPolicies(unguarded.config, unguarded.baseDir).ok).toBe(false);
    const typo = setup(REFUND_POLICY.replace('context.args.amount < 100', 'context.args.amount == "100"'));
    typo.config.tools.lookup = { risk: 'low' };
    expect(checkPolicies(typo.config, typo.baseDir).ok).toBe(false);
  });

  it('parses only a JSON object as arguments', () => {
    expect(parseToolArgs('{"amount": 5}')).toEqual({ amount: 5 });
    expect(parseToolArgs('')).toEqual({});
    for (const bad of ['[1]', '"x"', '{"amount":', 'null', '5']) expect(parseToolArgs(bad)).toBeUndefined();
  });
});
