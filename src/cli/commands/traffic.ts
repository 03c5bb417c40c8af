import type { Command } from 'commander';
import { checkStopTarget } from '../../control/model-catalog.js';
import { ALL_TARGET, type StopScope } from '../../control/state.js';
import { GatewayError } from '../../core/errors.js';
import { CONFIG_OPTION, requireReason, runControlCommand, when, type ControlSession } from './control-session.js';

interface StopOptions {
  identity?: string;
  model?: string;
  provider?: string;
  mcpServer?: string;
  tool?: string;
  all?: boolean;
  reason?: string;
  config?: string;
}

/**
 * `gatehouse traffic stop|resume|status` (kill switches) and `gatehouse incident on|off|status`. Each
 * change is written to the store and recorded in the audit trail; running gateways apply it within
 * controls.refreshMs, streams in flight included.
 */
export function registerTrafficCommands(program: Command): void {
  const traffic = program.command('traffic').description('kill switches: stop and resume traffic of an identity, a model, a provider or everything');
  registerStopAndResume(traffic);
  registerTrafficStatus(traffic);
  const incident = program.command('incident').description('incident mode: every guardrail enforces (monitor acts as block, fail-open as fail-closed)');
  registerIncidentSwitch(incident);
  registerIncidentStatus(incident);
}

/** `traffic stop` and `traffic resume`. */
function registerStopAndResume(traffic: Command): void {
  for (const verb of ['stop', 'resume'] as const) {
    traffic
      .command(verb)
      .description(
        verb === 'stop'
          ? 'stop traffic at once: --identity <id> | --model <name> | --provider <id> | --mcp-server <name> | --tool <name> | --all'
          : 'undo a stop: --identity <id> | --model <name> | --provider <id> | --mcp-server <name> | --tool <name> | --all',
      )
      .option('--identity <id>', 'one identity (`anonymous`: every caller while auth is off)')
      .option('--model <name>', 'one logical model')
      .option('--provider <id>', 'one provider: its deployments are skipped, and requests only it could serve are refused')
      .option('--mcp-server <name>', 'one upstream MCP server: every MCP request to /mcp/<name>')
      .option('--tool <name>', 'one MCP tool by its namespaced name, e.g. shop/refund')
      .option('--all', 'everything through the gateway')
      .option('--reason <text>', 'why: an incident number (required)')
      .option(...CONFIG_OPTION)
      .action(async function trafficCommand(this: Command, options: StopOptions) {
        await runControlCommand(this, options.config, async (s) => {
          const reason = requireReason(options.reason);
          const [scope, target] = await stopTarget(s, options);
          const label = scope === 'all' ? 'all traffic' : `${scope} ${target}`;
          if (verb === 'stop') {
            await s.controls.stop(scope, target, { actor: s.actor, reason });
            await s.record('traffic.stop', `${scope}:${target} reason=${reason}`);
            return s.out(`stopped ${label}\n`);
          }
          const resumed = await s.controls.resume(scope, target, { actor: s.actor, reason });
          if (resumed) await s.record('traffic.resume', `${scope}:${target} reason=${reason}`);
          s.out(resumed ? `resumed ${label}\n` : `${label} was not stopped\n`);
        });
      });
  }
}

function registerTrafficStatus(traffic: Command): void {
  traffic
    .command('status')
    .description('what is stopped, incident mode and promoted versions')
    .option('--json', 'print JSON')
    .option(...CONFIG_OPTION)
    .action(async function statusCommand(this: Command, options: { json?: boolean; config?: string }) {
      await runControlCommand(this, options.config, async (s) => {
        const status = s.controls.list();
        if (options.json) return s.out(`${JSON.stringify(status, null, 2)}\n`);
        const lines = [
          `control revision ${status.revision}`,
          `incident mode: ${status.incident ? `ON since ${when(status.incident.at)} by ${status.incident.actor}: ${status.incident.reason}` : 'off'}`,
        ];
        lines.push(status.stops.length === 0 ? 'nothing is stopped' : 'stopped:');
        for (const stop of status.stops)
          lines.push(`  ${stop.scope === 'all' ? 'ALL TRAFFIC' : `${stop.scope} ${stop.target}`}  since ${when(stop.at)} by ${stop.actor}: ${stop.reason}`);
        for (const p of status.promotions) lines.push(`promoted: ${p.model} ${p.version}  since ${when(p.at)} by ${p.actor}: ${p.reason}`);
        s.out(`${lines.join('\n')}\n`);
      });
    });
}

/** `incident on` and `incident off`. */
function registerIncidentSwitch(incident: Command): void {
  for (const verb of ['on', 'off'] as const) {
    incident
      .command(verb)
      .description(verb === 'on' ? 'turn incident mode on' : 'turn incident mode off: every guardrail is back to its configured behaviour')
      .option('--reason <text>', 'why: an incident number (required)')
      .option(...CONFIG_OPTION)
      .action(async function incidentCommand(this: Command, options: { reason?: string; config?: string }) {
        await runControlCommand(this, options.config, async (s) => {
          const reason = requireReason(options.reason);
          const changed = await s.controls.setIncident(verb === 'on', { actor: s.actor, reason });
          if (changed) await s.record('incident.set', `${verb} reason=${reason}`);
          s.out(changed ? `incident mode ${verb}\n` : 'incident mode was already off\n');
        });
      });
  }
}

function registerIncidentStatus(incident: Command): void {
  incident
    .command('status')
    .description('whether incident mode is on, since when, by whom and why')
    .option(...CONFIG_OPTION)
    .action(async function incidentStatus(this: Command, options: { config?: string }) {
      await runControlCommand(this, options.config, async (s) => {
        const on = s.controls.list().incident;
        s.out(on ? `incident mode ON since ${when(on.at)} by ${on.actor}: ${on.reason}\n` : 'incident mode off\n');
      });
    });
}

/** Exactly one of --identity, --model, --provider, --all; checked against the configuration and the identities. */
async function stopTarget(s: ControlSession, options: StopOptions): Promise<[StopScope, string]> {
  const flags = [
    ['identity', options.identity],
    ['model', options.model],
    ['provider', options.provider],
    ['mcp_server', options.mcpServer],
    ['tool', options.tool],
  ] as const;
  const given = flags.filter(([, value]) => value !== undefined).map(([scope, value]): [StopScope, string] => [scope, value as string]);
  if (options.all) given.push(['all', ALL_TARGET]);
  if (given.length !== 1)
    throw new GatewayError(
      'invalid_request',
      'name exactly one of --identity <id>, --model <name>, --provider <id>, --mcp-server <name>, --tool <name>, --all.',
      {
        param: 'scope',
      },
    );
  const [scope, target] = given[0] as [StopScope, string];
  await checkStopTarget(scope, target, {
    models: s.models,
    providers: new Set(Object.keys(s.config.providers)),
    identityExists: async (id) => id in s.config.identities || (await s.store.identities.get(id)) !== undefined,
    mcpServers: new Set(Object.keys(s.config.mcp.servers)),
    tools: new Set(Object.keys(s.config.tools)),
  });
  return [scope, target];
}
