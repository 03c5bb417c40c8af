import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { recordAction } from '../../audit/retention.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { createSecretResolver } from '../../config/secrets.js';
import { startControlPlane, type ControlPlane } from '../../control/control-plane.js';
import { redisControlSignal } from '../../control/redis-signal.js';
import type { Models } from '../../control/model-catalog.js';
import { GatewayError } from '../../core/errors.js';
import { silentLogger } from '../../log/logger.js';
import { buildModelRegistry } from '../../routing/model-registry.js';
import type { Store } from '../../storage/store.js';
import { ConfigLoadError, readCliConfig } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';
import { operatorName } from './admin-session.js';

/** What a `models`, `traffic` or `incident` command works with. */
export interface ControlSession {
  config: GatehouseConfig;
  store: Store;
  controls: ControlPlane;
  /** The configured model registry: changes are checked against it before they are written. */
  models: Models;
  /** `cli:<os user>`: the actor in the control history and the audit trail. */
  actor: string;
  out(text: string): void;
  /** Puts a change in the audit trail as an admin action by the operator. */
  record(action: string, target: string): Promise<void>;
}

export const CONFIG_OPTION = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * Runs one control command against the configured store: loads the configuration (for the model
 * registry), opens and migrates the store, loads the controls (without polling: the command acts once)
 * and runs. A GatewayError is a refusal: its reason code and message are printed and the exit status is
 * 1; nothing is written then. Running gateways pick a change up within their controls.refreshMs.
 */
export async function runControlCommand(command: Command, configFile: string | undefined, run: (session: ControlSession) => Promise<void>): Promise<void> {
  const output = command.configureOutput();
  const out = (text: string) => (output.writeOut ? output.writeOut(text) : process.stdout.write(text));
  const err = (text: string) => (output.writeErr ? output.writeErr(text) : process.stderr.write(text));
  let loaded: Awaited<ReturnType<typeof readCliConfig>>;
  try {
    loaded = await readCliConfig(configFile);
  } catch (error) {
    if (!(error instanceof ConfigLoadError)) throw error;
    err(`${error.report}\n`);
    process.exitCode = 1;
    return;
  }
  const { config, baseDir } = loaded;
  let store: Store;
  try {
    store = await openConfiguredStore(loaded, createSecretResolver(process.env, baseDir), err);
  } catch (error) {
    err(`cannot open the store: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  let controls: ControlPlane | undefined;
  try {
    await store.migrate();
    // With limits on Redis, running gateways are told of a change at once (they poll otherwise).
    controls = await startControlPlane({
      store,
      refreshMs: 0,
      logger: silentLogger(),
      signal: redisControlSignal(config.limits, createSecretResolver(process.env, baseDir), silentLogger()),
    });
    const actor = `cli:${operatorName()}`;
    const opened = store;
    const t0 = performance.now();
    await run({
      config,
      store,
      controls,
      models: buildModelRegistry(config),
      actor,
      out,
      record: (action, target) => recordAction(opened, actor, action, target, t0),
    });
  } catch (error) {
    if (!(error instanceof GatewayError)) {
      err(`${commandPath(command)} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    } else {
      err(`${error.reason}: ${error.message}\n`);
      process.exitCode = 1;
    }
  } finally {
    await controls?.close();
    await store.close();
  }
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** A --reason is required for every change: the history and the trail say why. */
export function requireReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length === 0) throw new GatewayError('invalid_request', '--reason is required: say why (an incident or change number).', { param: 'reason' });
  return text;
}

/** An instant for people: ISO 8601 in UTC, to the second. */
export function when(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
