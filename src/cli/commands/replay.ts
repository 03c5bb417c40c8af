import type { Command } from 'commander';
import { openContentReader } from '../../audit/content-setup.js';
import { ReplayError, replayExchange, type ReplayReport, type SideDecision } from '../../audit/replay.js';
import { createSecretResolver } from '../../config/secrets.js';
import { buildReplayStages } from '../../server/replay-stages.js';
import { loadConfigForCli } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';

/**
 * `gatehouse replay <request-id> [--policy recorded|current]`: re-runs the guardrail policies on an
 * exchange's stored input and answer and prints the decision path and what differs from what was
 * decided then. Exit 0 when the decision is the same, 1 when it would differ, 2 when it cannot replay.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay <request-id>')
    .description('re-run the guardrail policies on a stored exchange and show what would be decided now (or then)')
    .option('--policy <which>', 'recorded: the configuration it ran under; current: the one in the config file', 'current')
    .option('--json', 'print the report as JSON')
    .option('-c, --config <file>', 'configuration file')
    .action(async (requestId: string, options: { policy: string; json?: boolean; config?: string }) => {
      if (options.policy !== 'recorded' && options.policy !== 'current') {
        process.stderr.write(`--policy must be recorded or current (got ${options.policy})\n`);
        process.exitCode = 2;
        return;
      }
      const loaded = await loadConfigForCli(options.config);
      const { config, baseDir, hash } = loaded;
      const resolveSecret = createSecretResolver(process.env, baseDir);
      const store = await openConfiguredStore(loaded, resolveSecret, (text) => process.stderr.write(text));
      try {
        await store.migrate();
        const content = openContentReader(config.audit, resolveSecret, store, process.cwd());
        const report = await replayExchange(requestId, options.policy, {
          store,
          buildStages: buildReplayStages,
          content,
          current: config,
          currentHash: hash,
          resolveSecret,
          baseDir,
        });
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describe(report));
        process.exitCode = report.differences.length === 0 ? 0 : 1;
      } catch (err) {
        process.stderr.write(`replay: ${err instanceof ReplayError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
      } finally {
        await store.close();
      }
    });
}

function describe(r: ReplayReport): string {
  const findings = (list: SideDecision['findings']) =>
    list.length === 0 ? 'none' : list.map((f) => `${f.detector}:${f.type}@${f.path} ${Math.round(f.score * 100) / 100} ${f.action}`).join('; ');
  const lines = [
    `request ${r.requestId} replayed under the ${r.policy} configuration (${r.policyVersion.slice(0, 12)}…)`,
    `recorded: ${r.recorded.status} ${r.recorded.reason} (${r.recorded.outcome}); findings: ${findings(r.recorded.findings)}`,
    `input:    ${r.input.verdict}${r.input.policyId ? `  ${r.input.policyId}` : ''}; findings: ${findings(r.input.findings)}`,
    r.output
      ? `output:   ${r.output.verdict}${r.output.policyId ? `  ${r.output.policyId}` : ''}; findings: ${findings(r.output.findings)}`
      : 'output:   not checked (refused at input, or no stored answer)',
    `would be: ${r.wouldBe}`,
    r.differences.length === 0 ? 'differences: none' : `differences:\n${r.differences.map((d) => `  - ${d}`).join('\n')}`,
  ];
  return `${lines.join('\n')}\n`;
}
