import type { Command } from 'commander';
import type { ApprovalDesk } from '../../approvals/desk.js';
import type { Approver } from '../../approvals/rules.js';
import { APPROVAL_STATES, type Approval, type ApprovalState } from '../../approvals/types.js';
import { approvalView } from '../../approvals/views.js';
import { createSecretResolver } from '../../config/secrets.js';
import { GatewayError } from '../../core/errors.js';
import { openApprovalDesk } from '../../gateway-approvals.js';
import { silentLogger } from '../../log/logger.js';
import { CONFIG_OPTION, requireReason, runControlCommand, when, type ControlSession } from './control-session.js';

/**
 * `gatehouse approvals list | show | approve | deny` (docs/agents.md). The operator works on the store
 * directly, as `cli:<os user>` with the admin role: the tool's rule must name `admin` (or that cli
 * identity) for the operator to decide, and separation of duties still applies. Every decision is a
 * transition sealed into the audit chain; a refused one is recorded as the operator's admin action.
 */
export function registerApprovalsCommands(program: Command): void {
  const approvals = program.command('approvals').description('human approval of held tool calls: list, show, approve, deny');
  approvals
    .command('list')
    .description('approvals, newest first (default: pending only)')
    .option('--state <state>', `one of ${APPROVAL_STATES.join(', ')}, or all`, 'pending')
    .option('--identity <id>', 'only those this identity asked for')
    .option('--json', 'print JSON')
    .option(...CONFIG_OPTION)
    .action(async function listCommand(this: Command, options: { state: string; identity?: string; json?: boolean; config?: string }) {
      await withDesk(this, options.config, async (s, desk) => {
        if (options.state !== 'all' && !APPROVAL_STATES.includes(options.state as ApprovalState))
          throw new GatewayError('invalid_request', `--state must be one of ${APPROVAL_STATES.join(', ')}, or all.`, { param: 'state' });
        const state = options.state === 'all' ? undefined : (options.state as ApprovalState);
        const listed = await desk.list({ ...(state && { state }), ...(options.identity && { identityId: options.identity }) });
        if (options.json) return s.out(`${JSON.stringify(listed.map(approvalView), null, 2)}\n`);
        if (listed.length === 0) return s.out(`no ${state ?? ''} approvals\n`.replace('  ', ' '));
        for (const a of listed) s.out(`${line(a)}\n`);
      });
    });
  approvals
    .command('show <id>')
    .description('one approval: the held call, the rule, the approvals so far')
    .option(...CONFIG_OPTION)
    .action(async function showCommand(this: Command, id: string, options: { config?: string }) {
      await withDesk(this, options.config, async (s, desk) => {
        const approval = await desk.get(id);
        if (!approval) throw new GatewayError('approval_not_found', `No approval ${id}.`);
        s.out(`${JSON.stringify(approvalView(approval), null, 2)}\n`);
      });
    });
  for (const verdict of ['approve', 'deny'] as const) {
    approvals
      .command(`${verdict} <id>`)
      .description(verdict === 'approve' ? 'approve a held call (one vote toward its quorum)' : 'deny a held call: it is never released')
      .option('--reason <text>', 'why (required)')
      .option(...CONFIG_OPTION)
      .action(async function decideCommand(this: Command, id: string, options: { reason?: string; config?: string }) {
        await withDesk(this, options.config, async (s, desk) => {
          const reason = requireReason(options.reason);
          const operator: Approver = { id: s.actor, roles: ['admin'], team: null, owner: null };
          try {
            const approval = await desk.decide(id, operator, verdict, reason);
            s.out(`${approval.id} ${approval.state} (${approval.approvals.length}/${approval.rule.quorum} approvals)\n`);
          } catch (err) {
            if (err instanceof GatewayError) await s.record(`approval.${verdict}`, `${id} refused=${err.reason}`);
            throw err;
          }
        });
      });
  }
}

async function withDesk(command: Command, configFile: string | undefined, run: (s: ControlSession, desk: ApprovalDesk) => Promise<void>): Promise<void> {
  await runControlCommand(command, configFile, (s) => run(s, openApprovalDesk(s.config, s.store, createSecretResolver(process.env), silentLogger())));
}

function line(a: Approval): string {
  return `${a.id}  ${a.state.padEnd(8)}  ${a.rule.subject}  by ${a.requester.identityId}  ${a.approvals.length}/${a.rule.quorum}  expires ${when(a.expiresAt)}  ${a.summary.slice(0, 120)}`;
}
