import type { Command } from 'commander';
import {
  checkPromotion,
  checkRollback,
  listModels,
  requireModel,
  rollbackModel,
  servedVersion,
  type DeploymentListing,
  type ModelListing,
} from '../../control/model-catalog.js';
import { GatewayError } from '../../core/errors.js';
import type { ControlEvent } from '../../storage/control-repository.js';
import { CONFIG_OPTION, requireReason, runControlCommand, when } from './control-session.js';

/**
 * `gatehouse models list|promote|rollback|history`: the model registry with its active versions, and
 * changing which version serves (`promote` and `rollback` both name a version with `--to`). A change is
 * written to the store and recorded in the audit trail; running gateways serve the new version within
 * controls.refreshMs.
 */
export function registerModelsCommands(program: Command): void {
  const models = program.command('models').description('the model registry: versions, deployments, promotion and rollback');
  registerList(models);
  registerPromote(models);
  registerRollback(models);
  registerHistory(models);
}

function registerList(models: Command): void {
  models
    .command('list')
    .description(
      'every model: versions, deployments (provider, upstream, region, residency, price, context window, status, selection record), the active version and how it got there',
    )
    .option('--json', 'print JSON')
    .option(...CONFIG_OPTION)
    .action(async function listCommand(this: Command, options: { json?: boolean; config?: string }) {
      await runControlCommand(this, options.config, async (s) => {
        const listing = await listModels(s.models, s.controls);
        s.out(options.json ? `${JSON.stringify(listing, null, 2)}\n` : listing.map(describeModel).join('\n'));
      });
    });
}

/**
 * The version `promote` makes active: `--to`, as `rollback` takes it, or the positional [version], the
 * original spelling kept as an alias. Both given must agree; neither is a refusal.
 */
export function promotionTarget(positional: string | undefined, to: string | undefined): string {
  if (positional !== undefined && to !== undefined && positional !== to)
    throw new GatewayError('invalid_request', `two versions given: ${positional} and --to ${to}; name one (--to <version>)`, { param: 'to' });
  const version = to ?? positional;
  if (version === undefined || version.trim() === '') throw new GatewayError('invalid_request', 'name the version to serve: --to <version>', { param: 'to' });
  return version;
}

function registerPromote(models: Command): void {
  models
    .command('promote <model> [version]')
    .description('make a version the one <model> serves: --to <version> (or the version as a second argument); recorded, reverted with `models rollback`')
    .option('--to <version>', 'the version to serve (same flag as `models rollback --to`)')
    .option('--reason <text>', 'why: a change or incident number (required)')
    .option(...CONFIG_OPTION)
    .action(async function promoteCommand(
      this: Command,
      model: string,
      positional: string | undefined,
      options: { to?: string; reason?: string; config?: string },
    ) {
      await runControlCommand(this, options.config, async (s) => {
        const version = promotionTarget(positional, options.to);
        const reason = requireReason(options.reason);
        const entry = checkPromotion(s.models, s.controls, model, version);
        const before = servedVersion(entry, s.controls);
        await s.controls.promote(model, version, { actor: s.actor, reason });
        await s.record('model.promote', `${model} ${before}->${version} reason=${reason}`);
        s.out(`promoted ${model}: ${before} -> ${version}\n`);
      });
    });
}

function registerRollback(models: Command): void {
  models
    .command('rollback <model>')
    .description('serve the version active before the current one (or --to <version>); recorded')
    .option('--to <version>', 'the version to go back to')
    .option('--reason <text>', 'why: a change or incident number (required)')
    .option(...CONFIG_OPTION)
    .action(async function rollbackCommand(this: Command, model: string, options: { to?: string; reason?: string; config?: string }) {
      await runControlCommand(this, options.config, async (s) => {
        const reason = requireReason(options.reason);
        const entry = checkRollback(s.models, model, options.to);
        const before = servedVersion(entry, s.controls);
        await rollbackModel(s.controls, model, { actor: s.actor, reason, to: options.to });
        const after = servedVersion(entry, s.controls);
        await s.record('model.rollback', `${model} ${before}->${after} reason=${reason}`);
        s.out(`rolled back ${model}: ${before} -> ${after}\n`);
      });
    });
}

function registerHistory(models: Command): void {
  models
    .command('history <model>')
    .description("the model's promotions and rollbacks, newest first")
    .option('--json', 'print JSON')
    .option(...CONFIG_OPTION)
    .action(async function historyCommand(this: Command, model: string, options: { json?: boolean; config?: string }) {
      await runControlCommand(this, options.config, async (s) => {
        const entry = requireModel(s.models, model);
        const events = await s.controls.history(model, 1000);
        if (options.json) return s.out(`${JSON.stringify(events, null, 2)}\n`);
        if (events.length === 0) return s.out(`${model} was never promoted: it serves its default version ${entry.defaultVersion}\n`);
        s.out(events.map((e) => `${describeChange(e, entry.defaultVersion)}\n`).join(''));
      });
    });
}

function describeChange(e: ControlEvent, defaultVersion: string): string {
  const label = (v: string | null) => v ?? `${defaultVersion} (default)`;
  return `${when(e.at)}  #${e.revision}  ${e.kind.padEnd(8)}  ${label(e.previous)} -> ${label(e.version)}  by ${e.actor}: ${e.reason}`;
}

function describeModel(m: ModelListing): string {
  const how =
    m.activeBy.how === 'default'
      ? 'configured default'
      : `${m.activeBy.how === 'promote' ? 'promoted' : 'rolled back'} by ${m.activeBy.actor} at ${when(m.activeBy.at)}: ${m.activeBy.reason}`;
  const lines = [`${m.name} (${m.kind})  active ${m.activeVersion} (${how})  default ${m.defaultVersion}${m.stopped ? '  TRAFFIC STOPPED' : ''}`];
  if (m.fallbacks.length > 0) lines.push(`  fallbacks: ${m.fallbacks.join(', ')}`);
  for (const v of m.versions) {
    lines.push(`  version ${v.version}${v.active ? '  [active]' : ''}${v.default ? '  [default]' : ''}`);
    for (const d of v.deployments) lines.push(...describeDeployment(d));
  }
  for (const e of m.lastChanges) lines.push(`  ${describeChange(e, m.defaultVersion)}`);
  return `${lines.join('\n')}\n`;
}

function describeDeployment(d: DeploymentListing): string[] {
  const price = d.pricing ? `$${d.pricing.inputPerMillionUsd}/$${d.pricing.outputPerMillionUsd} per 1M in/out` : 'no price';
  const status = d.status
    ? Object.entries(d.status)
        .map(([env, s]) => `${env}=${s}`)
        .join(',')
    : 'approved everywhere';
  const lines = [
    `    ${d.id}  provider ${d.providerId} (${d.providerType})  upstream ${d.upstreamModel}  region ${d.region ?? '-'}  residency ${d.residency.join(',') || '-'}`,
    `      ${price}  context ${d.contextWindow ?? '-'}  status ${status}  weight ${d.weight}`,
  ];
  if (d.selection)
    lines.push(
      `      selected: ${d.selection.reason} (approved by ${d.selection.approver} on ${d.selection.date}${d.selection.evaluation ? `; evaluation: ${d.selection.evaluation}` : ''})`,
    );
  return lines;
}
