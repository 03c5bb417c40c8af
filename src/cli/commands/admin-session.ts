import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { AdminAction } from '../../authz/types.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { createSecretResolver } from '../../config/secrets.js';
import { GatewayError } from '../../core/errors.js';
import { newRequestId } from '../../core/ids.js';
import { REASON_CODES, type ReasonCode } from '../../core/reason-codes.js';
import { createIdentityRegistry, syncConfigIdentities, type StoredIdentityRegistry } from '../../identity/identity-registry.js';
import { IdentityExistsError } from '../../identity/identity-storage.js';
import { createTokenService, type TokenService } from '../../identity/token-service.js';
import { silentLogger } from '../../log/logger.js';
import { actionEntry, adminRecord } from '../../core/admin-record.js';
import type { Store } from '../../storage/store.js';
import { displayPath, loadConfigForCli } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';

/** What an admin command works with: the configured store, its identities and the token service. */
export interface AdminSession {
  config: GatehouseConfig;
  store: Store;
  registry: StoredIdentityRegistry;
  tokens: TokenService;
  out(text: string): void;
  err(text: string): void;
}

/** What the command did, for its record: added to the trace note after the target; never a secret. */
export interface AdminOutcome {
  detail?: string;
}

export interface AdminCommandSpec {
  /** The admin action this command performs, as the admin API names it. */
  action: AdminAction;
  /** The identity, jti or `signing-keys` it acts on. */
  target: string;
  /** `--config` */
  configFile: string | undefined;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command's run may end without an outcome (a plain `return;`)
  run(session: AdminSession): Promise<AdminOutcome | void>;
}

/**
 * Runs one admin command against the configured store, as the operator: loads the configuration
 * (refusing when `auth` is not configured), opens and migrates the store, syncs the identities of
 * gatehouse.yaml (as the gateway does at start), builds the registry and token service, runs the
 * command and records it as an `admin` exchange by `cli:<os user>`, refused or not. Refusals print
 * their reason code and set exit status 1.
 */
export async function runAdminCommand(command: Command, spec: AdminCommandSpec): Promise<void> {
  const output = command.configureOutput();
  const out = (text: string) => (output.writeOut ? output.writeOut(text) : process.stdout.write(text));
  const err = (text: string) => (output.writeErr ? output.writeErr(text) : process.stderr.write(text));
  const loaded = await loadConfigForCli(spec.configFile);
  const { config, baseDir, source } = loaded;
  if (!config.auth) {
    err(`${source}: auth is not configured. Add an \`auth\` section (at least auth.secretPepper) to manage identities, tokens and keys.\n`);
    process.exitCode = 1;
    return;
  }
  const resolveSecret = createSecretResolver(process.env, baseDir);
  let store: Store;
  try {
    store = await openConfiguredStore(loaded, resolveSecret, err);
  } catch (error) {
    err(`cannot open the store: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const startedAt = Date.now();
  let registry: StoredIdentityRegistry | undefined;
  let tokens: TokenService | undefined;
  try {
    await store.migrate();
    const logger = silentLogger();
    registry = await createIdentityRegistry({ repository: store.identities, logger });
    const sync = await syncConfigIdentities(registry, config.identities);
    for (const [verb, ids] of [
      ['added', sync.added],
      ['updated', sync.changed],
      ['retired', sync.retired],
    ] as const) {
      if (ids.length > 0) err(`${displayPath(source)} identities ${verb}: ${ids.join(', ')}\n`);
    }
    for (const warning of sync.warnings) err(`warning: ${warning}\n`);
    tokens = await createTokenService({ store, registry, auth: config.auth, resolveSecret, logger });
    const session: AdminSession = { config, store, registry, tokens, out, err };
    const { reason, detail } = await outcomeOf(() => spec.run(session), err);
    if (reason !== 'ok') process.exitCode = 1;
    await recordCommand(store, spec, { reason, detail, startedAt, latencyMs: performance.now() - started, commandName: commandPath(command) });
  } catch (error) {
    err(`${spec.action} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await tokens?.close();
    await registry?.close();
    await store.close();
  }
}

/** Runs the command; a GatewayError (or a taken id) is a refusal with its reason code, printed. */
async function outcomeOf(
  // biome-ignore lint/suspicious/noConfusingVoidType: see AdminCommand.run
  run: () => Promise<AdminOutcome | void>,
  err: (text: string) => void,
): Promise<{ reason: ReasonCode; detail: string | undefined }> {
  try {
    const outcome = await run();
    return { reason: 'ok', detail: outcome?.detail };
  } catch (error) {
    if (error instanceof IdentityExistsError) {
      err(`identity_exists: an identity with id "${error.id}" already exists\n`);
      return { reason: 'identity_exists', detail: undefined };
    }
    if (!(error instanceof GatewayError)) throw error;
    err(`${error.reason}: ${error.message}\n`);
    return { reason: error.reason, detail: undefined };
  }
}

async function recordCommand(
  store: Store,
  spec: AdminCommandSpec,
  facts: { reason: ReasonCode; detail: string | undefined; startedAt: number; latencyMs: number; commandName: string },
): Promise<void> {
  const label = facts.detail ? `${spec.target} ${facts.detail}` : spec.target;
  const record = adminRecord({
    requestId: newRequestId(),
    startedAt: facts.startedAt,
    method: 'CLI',
    path: `gatehouse ${facts.commandName} ${spec.target}`,
    callerId: `cli:${operatorName()}`,
    status: facts.reason === 'ok' ? 200 : REASON_CODES[facts.reason].status,
    reason: facts.reason,
    latencyMs: facts.latencyMs,
    trace: [
      // The operator holds the configuration and the store: there is no credential or policy to check.
      { stage: 'authenticate', phase: 'request', verdict: 'continue', durationUs: 0, note: 'cli operator with store access' },
      actionEntry(spec.action, label, facts.reason, Math.round(facts.latencyMs * 1000)),
    ],
  });
  await store.insertExchanges([record]);
}

/** `identity suspend`: the command's path below the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The OS account running the command; records name it as `cli:<name>`. */
export function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
