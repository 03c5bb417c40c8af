import { describe, expect, it } from 'vitest';
import type { ApprovalCall, ApprovalDecision, ApprovalGate } from '../../core/approval-gate.js';
import { Pipeline } from '../../core/pipeline.js';
import type { LocalTerminal } from '../../core/stage.js';
import { exchangeOf, recordingRouter } from '../../guardrails/guardrails.fixtures.js';
import { createCallApprovalStage } from './index.js';

/** A gate that answers as scripted and remembers what it was asked. */
function gate(decide: (call: ApprovalCall) => ApprovalDecision | Promise<ApprovalDecision>): ApprovalGate & { asked: ApprovalCall[] } {
  const asked: ApprovalCall[] = [];
  return {
    asked,
    async check(call) {
      asked.push(call);
      return decide(call);
    },
  };
}

/** The upstream call, counted: a held or refused call must never reach it. */
function upstream(): LocalTerminal & { calls: number } {
  const terminal = {
    name: 'mcp-upstream',
    calls: 0,
    answer() {
      terminal.calls++;
      return { content: [{ type: 'text', text: 'refunded' }] };
    },
  };
  return terminal;
}

async function run(tool: string, approvals: Parameters<typeof createCallApprovalStage>[0]) {
  const terminal = upstream();
  const pipeline = new Pipeline([createCallApprovalStage(approvals)], recordingRouter(), { 'mcp.tools/call': terminal });
  const exchange = exchangeOf({ operation: 'mcp.tools/call', body: { server: 'shop', tool, arguments: { amount: 500 } } });
  const outcome = await pipeline.run(exchange);
  return { outcome, terminal, exchange };
}

const needsApproval = (tool: string) => tool === 'shop/refund';

describe('call-approval stage', () => {
  it('lets a tool without an approval rule through without asking anyone', async () => {
    const g = gate(() => ({ kind: 'refused', reason: 'never' }));
    const { outcome, terminal } = await run('echo', { requiresApproval: needsApproval, gate: g });
    expect(outcome.kind).toBe('result');
    expect(terminal.calls).toBe(1);
    expect(g.asked).toEqual([]);
  });

  it('refuses a call needing approval when no approval service is wired (fail closed)', async () => {
    const { outcome, terminal } = await run('refund', { requiresApproval: needsApproval, gate: null });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'approval_required' });
    expect(terminal.calls).toBe(0);
  });

  it('holds a call, naming the approval and its status URL, without calling the tool', async () => {
    const g = gate(() => ({ kind: 'held', id: 'apr_1', statusUrl: '/v1/approvals/apr_1' }));
    const { outcome, terminal } = await run('refund', { requiresApproval: needsApproval, gate: g });
    expect(outcome).toMatchObject({
      kind: 'refused',
      reason: 'approval_required',
      headers: { 'x-gatehouse-approval-id': 'apr_1', 'x-gatehouse-approval-status-url': '/v1/approvals/apr_1' },
    });
    expect(g.asked[0]).toMatchObject({ tool: 'shop/refund', args: { amount: 500 }, exchangeId: 'req-1' });
    expect(terminal.calls).toBe(0);
  });

  it('lets an approved call through once the service says so', async () => {
    const { outcome, terminal, exchange } = await run('refund', {
      requiresApproval: needsApproval,
      gate: gate(() => ({ kind: 'allow', approvalId: 'apr_2' })),
    });
    expect(outcome.kind).toBe('result');
    expect(terminal.calls).toBe(1);
    expect(exchange.trace.find((t) => t.stage === 'call-approval')).toMatchObject({ verdict: 'continue', policyId: 'approval/apr_2' });
  });

  it('refuses a call the service refuses, and one whose check throws', async () => {
    const refused = await run('refund', { requiresApproval: needsApproval, gate: gate(() => ({ kind: 'refused', reason: 'expired' })) });
    expect(refused.outcome).toMatchObject({ kind: 'refused', reason: 'approval_required' });
    const broken = await run('refund', {
      requiresApproval: needsApproval,
      gate: gate(() => {
        throw new Error('store down');
      }),
    });
    expect(broken.outcome).toMatchObject({ kind: 'refused', reason: 'stage_failed' });
    expect(broken.terminal.calls).toBe(0);
  });
});
