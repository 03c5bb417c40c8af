import { describe, expect, it } from 'vitest';
import type { PolicyDecision, PolicyFinding } from '../../guardrails/policy.js';
import { releaseApproval } from './release.js';

const finding = (action: PolicyFinding['action']): PolicyFinding =>
  ({ detector: 'keywords', type: 'merger', path: 'messages[0].content', target: 0, start: 0, end: 4, score: 1, action }) as PolicyFinding;
const decision = (...actions: Array<PolicyFinding['action']>): PolicyDecision => ({
  action: actions.includes('block') ? 'block' : actions.includes('require_approval') ? 'require_approval' : actions.includes('redact') ? 'redact' : 'allow',
  findings: actions.map(finding),
  omitted: [],
  unavailable: [],
  failedOpen: [],
  overBudget: [],
});

describe('releaseApproval', () => {
  it('lets a released request pass its require_approval findings, keeping the rest of the decision', () => {
    const only = decision('require_approval');
    releaseApproval(only);
    expect(only.action).toBe('allow');
    const withRedact = decision('require_approval', 'redact');
    releaseApproval(withRedact);
    expect(withRedact.action).toBe('redact');
    expect(withRedact.findings).toHaveLength(2);
  });

  it('never softens a block', () => {
    const blocked = decision('require_approval', 'block');
    releaseApproval(blocked);
    expect(blocked.action).toBe('block');
  });
});
