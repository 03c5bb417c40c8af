import { describe, expect, test } from 'vitest';
import { conditionProblem, evaluateArgsCondition } from '../authz/conditions.js';
import { approverRefusal, describeWhen, needsApproval } from './rules.js';
import type { HeldRule, Requester } from './types.js';

const requester: Requester = { identityId: 'refund-bot', endUser: 'customer-9', owner: 'alice@example.com', conversationId: null };
const rule: HeldRule = {
  subject: 'refund',
  risk: 'high',
  when: 'always',
  approvers: { roles: ['approver'], identities: ['erin'], teams: ['finance'] },
  quorum: 1,
  ttlSeconds: 900,
  separationOfDuties: true,
};

describe('needsApproval', () => {
  test('always, and by risk level at or above', () => {
    expect(needsApproval('always', 'low', {}, evaluateArgsCondition)).toBe(true);
    expect(needsApproval({ riskAtLeast: 'high' }, 'critical', {}, evaluateArgsCondition)).toBe(true);
    expect(needsApproval({ riskAtLeast: 'high' }, 'high', {}, evaluateArgsCondition)).toBe(true);
    expect(needsApproval({ riskAtLeast: 'high' }, 'medium', {}, evaluateArgsCondition)).toBe(false);
  });

  test('a Cedar condition over the arguments', () => {
    const when = { condition: 'context.args.amount > 1000' };
    expect(needsApproval(when, 'low', { amount: 1500 }, evaluateArgsCondition)).toBe(true);
    expect(needsApproval(when, 'low', { amount: 20 }, evaluateArgsCondition)).toBe(false);
    expect(
      needsApproval({ condition: 'context.args.currency == "EUR" && context.args.amount >= 5' }, 'low', { currency: 'EUR', amount: 5 }, evaluateArgsCondition),
    ).toBe(true);
  });

  test('a condition that cannot be evaluated holds the call (fail closed)', () => {
    const when = { condition: 'context.args.amount > 1000' };
    expect(needsApproval(when, 'low', {}, evaluateArgsCondition)).toBe(true);
    expect(needsApproval(when, 'low', { amount: 'lots' }, evaluateArgsCondition)).toBe(true);
    // Fractions are not Cedar integers: the argument is left out, so the condition errors and holds.
    expect(needsApproval(when, 'low', { amount: 10.5 }, evaluateArgsCondition)).toBe(true);
  });

  test('a condition that does not parse is reported', () => {
    expect(conditionProblem('context.args.amount >')).toBeTruthy();
    expect(conditionProblem('context.args.amount > 1')).toBeUndefined();
    expect(describeWhen({ riskAtLeast: 'high' })).toBe('risk>=high');
  });
});

describe('approverRefusal (separation of duties)', () => {
  test('an eligible approver by role, name or team may decide', () => {
    expect(approverRefusal({ id: 'bob', roles: ['approver'], team: null, owner: 'bob@x' }, { requester, rule })).toBeUndefined();
    expect(approverRefusal({ id: 'erin', roles: [], team: null, owner: null }, { requester, rule })).toBeUndefined();
    expect(approverRefusal({ id: 'fay', roles: [], team: 'finance', owner: null }, { requester, rule })).toBeUndefined();
    expect(approverRefusal({ id: 'gus', roles: ['auditor'], team: 'sales', owner: null }, { requester, rule })).toBe('approval_not_eligible');
  });

  test('the requester, its end user and its owner (through any identity they own) never decide their own request', () => {
    const approver = { roles: ['approver'], team: null };
    expect(approverRefusal({ ...approver, id: 'refund-bot', owner: null }, { requester, rule })).toBe('approval_self');
    expect(approverRefusal({ ...approver, id: 'customer-9', owner: null }, { requester, rule })).toBe('approval_self');
    expect(approverRefusal({ ...approver, id: 'alice@example.com', owner: null }, { requester, rule })).toBe('approval_self');
    expect(approverRefusal({ ...approver, id: 'alice-admin', owner: 'alice@example.com' }, { requester, rule })).toBe('approval_self');
  });

  test('with separation of duties off, only the requesting identity itself is excluded', () => {
    const off = { ...rule, separationOfDuties: false };
    const approver = { roles: ['approver'], team: null };
    expect(approverRefusal({ ...approver, id: 'alice-admin', owner: 'alice@example.com' }, { requester, rule: off })).toBeUndefined();
    expect(approverRefusal({ ...approver, id: 'refund-bot', owner: null }, { requester, rule: off })).toBe('approval_self');
  });
});
