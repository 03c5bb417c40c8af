import type { Command } from 'commander';
import { GatewayError } from '../../core/errors.js';
import type { Identity, IdentityState } from '../../identity/types.js';
import { createIdentityBody, listIdentitiesQuery, parseInput } from '../../server/routes/admin/admin-input.js';
import { runAdminCommand, type AdminSession } from './admin-session.js';
import { registerApiKeyCommands } from './api-key-commands.js';

interface ConfigOption {
  config?: string;
}

interface CreateOptions extends ConfigOption {
  owner?: string;
  env?: string;
  displayName?: string;
  team?: string;
  purpose?: string;
  models: string[];
  tools: string[];
  datasets: string[];
  roles: string[];
  scope: string[];
  mayAssertEndUsers?: boolean;
  limitsProfile?: string;
  guardrailProfile?: string;
  json?: boolean;
}

const list = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse identity create|list|show|suspend|retire|reactivate|rotate-secret|create-api-key|api-keys|revoke-api-key`: manage identities in the
 * configured store directly, as the operator (who holds the configuration and its secrets). Each run is
 * recorded as an `admin` exchange by `cli:<os user>`.
 */
export function registerIdentityCommands(program: Command): void {
  const identity = program.command('identity').description('manage workload identities in the configured store');
  registerCreateCommand(identity);
  registerReadCommands(identity);
  registerApiKeyCommands(identity);
  registerStateCommand(identity, 'suspend', 'identity.suspend', 'suspended', 'suspend an identity: its credentials are refused until it is reactivated');
  registerStateCommand(identity, 'retire', 'identity.retire', 'retired', 'retire an identity for good (kept for the records, never reactivated)');
  registerStateCommand(identity, 'reactivate', 'identity.reactivate', 'active', 'reactivate a suspended identity');
  registerRotateSecretCommand(identity);
}

/** `identity create`: the identity, and its bootstrap client secret printed once. */
function registerCreateCommand(identity: Command): void {
  identity
    .command('create')
    .description('create an identity and print its bootstrap client secret (shown once)')
    .argument('<id>', 'identity id: letters, digits, . _ -')
    .requiredOption('--owner <contact>', 'the person or team responsible (required)')
    .requiredOption('--env <environment>', 'sandbox, pilot or production')
    .option('--display-name <name>')
    .option('--team <team>')
    .option('--purpose <text>')
    .option('--models <names>', 'models it may invoke, comma separated (* = all its environment may reach)', list, [])
    .option('--tools <names>', 'tools it may use, comma separated', list, [])
    .option('--datasets <names>', 'datasets it may read, comma separated', list, [])
    .option('--roles <roles>', 'admin roles: admin, security, approver, auditor', list, [])
    .option('--scope <scopes>', 'OAuth scopes its tokens may carry, comma separated or repeated', list, [])
    .option('--may-assert-end-users', 'may name the end user it acts for')
    .option('--limits-profile <name>')
    .option('--guardrail-profile <name>')
    .option('--json', 'print {identity, clientSecret, secretId} as JSON')
    .option(...configOption)
    .action(async function createIdentity(this: Command, id: string, options: CreateOptions) {
      await runAdminCommand(this, {
        action: 'identity.create',
        target: id,
        configFile: options.config,
        async run({ registry, tokens, out }) {
          const input = createInput(id, options);
          const created = await registry.create({
            ...input,
            displayName: input.displayName ?? input.id,
            team: input.team ?? null,
            purpose: input.purpose ?? null,
            limitsProfile: input.limitsProfile ?? null,
            guardrailProfile: input.guardrailProfile ?? null,
          });
          const { clientSecret, secretId } = await tokens.createClientSecret(created.id);
          if (options.json) {
            out(`${JSON.stringify({ identity: created, clientSecret, secretId })}\n`);
          } else {
            out(`created identity ${created.id} (${created.environment}, owner ${created.owner})\n`);
            out(`client secret (shown once, store it now): ${clientSecret}\nsecret id: ${secretId}\n`);
          }
        },
      });
    });
}

/** The admin API's create body from the command's options, validated by the same schema. */
function createInput(id: string, options: CreateOptions) {
  return parseInput(createIdentityBody, {
    id,
    owner: options.owner,
    environment: options.env,
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    ...(options.team === undefined ? {} : { team: options.team }),
    ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
    allowedModels: options.models,
    allowedTools: options.tools,
    allowedDatasets: options.datasets,
    roles: options.roles,
    allowedScopes: options.scope,
    mayAssertEndUsers: options.mayAssertEndUsers === true,
    ...(options.limitsProfile === undefined ? {} : { limitsProfile: options.limitsProfile }),
    ...(options.guardrailProfile === undefined ? {} : { guardrailProfile: options.guardrailProfile }),
  });
}

/** `identity list` and `identity show`: read only, never a secret. */
function registerReadCommands(identity: Command): void {
  identity
    .command('list')
    .description('list identities')
    .option('--state <state>', 'active, suspended or retired')
    .option('--env <environment>', 'sandbox, pilot or production')
    .option('--team <team>')
    .option('--json', 'print a JSON array')
    .option(...configOption)
    .action(async function listIdentities(this: Command, options: ConfigOption & { state?: string; env?: string; team?: string; json?: boolean }) {
      await runAdminCommand(this, {
        action: 'identity.read',
        target: '*',
        configFile: options.config,
        async run({ registry, out }) {
          const filter = parseInput(listIdentitiesQuery, { state: options.state, environment: options.env, team: options.team });
          const rows = registry
            .list()
            .filter(
              (i) =>
                (filter.state === undefined || i.state === filter.state) &&
                (filter.environment === undefined || i.environment === filter.environment) &&
                (filter.team === undefined || i.team === filter.team),
            );
          out(options.json ? `${JSON.stringify(rows)}\n` : table(rows));
        },
      });
    });

  identity
    .command('show')
    .description('show one identity (never a secret)')
    .argument('<id>')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action(async function showIdentity(this: Command, id: string, options: ConfigOption & { json?: boolean }) {
      await runAdminCommand(this, {
        action: 'identity.read',
        target: id,
        configFile: options.config,
        async run({ registry, out }) {
          const found = requireIdentity(registry, id);
          out(options.json ? `${JSON.stringify(found)}\n` : details(found));
        },
      });
    });
}

/** `identity rotate-secret`: a new client secret; the previous ones keep working for the overlap. */
function registerRotateSecretCommand(identity: Command): void {
  identity
    .command('rotate-secret')
    .description('issue a new client secret (shown once); the previous one keeps working for auth.secretRotationOverlapSeconds')
    .argument('<id>')
    .option(...configOption)
    .action(async function rotateSecret(this: Command, id: string, options: ConfigOption) {
      await runAdminCommand(this, {
        action: 'secret.rotate',
        target: id,
        configFile: options.config,
        async run({ registry, tokens, out }) {
          const found = requireIdentity(registry, id);
          if (found.state === 'retired') throw new GatewayError('invalid_request', `identity ${id} is retired; it gets no new credentials`);
          const rotated = await tokens.rotateClientSecret(id);
          out(`client secret (shown once, store it now): ${rotated.clientSecret}\nsecret id: ${rotated.secretId}\n`);
          out(`previous secrets stop working at ${new Date(rotated.previousValidUntil).toISOString()}\n`);
          return { detail: `secretId=${rotated.secretId}` };
        },
      });
    });
}

/** Same rules as the admin API: retirement is final, repeating a change is a no-op. */
function registerStateCommand(
  parent: Command,
  verb: string,
  action: 'identity.suspend' | 'identity.retire' | 'identity.reactivate',
  state: IdentityState,
  description: string,
): void {
  parent
    .command(verb)
    .description(description)
    .argument('<id>')
    .option(...configOption)
    .action(async function changeState(this: Command, id: string, options: ConfigOption) {
      await runAdminCommand(this, {
        action,
        target: id,
        configFile: options.config,
        async run({ registry, out }) {
          const found = requireIdentity(registry, id);
          if (found.state === state) {
            out(`identity ${id} is already ${state}\n`);
            return;
          }
          if (found.state === 'retired') throw new GatewayError('invalid_request', `identity ${id} is retired; retirement is final`);
          await registry.setState(id, state);
          out(`identity ${id}: ${found.state} -> ${state}\n`);
        },
      });
    });
}

function requireIdentity(registry: AdminSession['registry'], id: string): Identity {
  const found = registry.get(id);
  if (!found) throw new GatewayError('identity_not_found', `no identity "${id}"`);
  return found;
}

function table(rows: readonly Identity[]): string {
  if (rows.length === 0) return 'no identities\n';
  const header = ['ID', 'ENV', 'STATE', 'SOURCE', 'OWNER', 'TEAM', 'LAST USED'];
  const cells = rows.map((i) => [
    i.id,
    i.environment,
    i.state,
    i.source,
    i.owner,
    i.team ?? '-',
    i.lastUsedAt === null ? '-' : new Date(i.lastUsedAt).toISOString(),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)));
  return `${[header, ...cells]
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function details(identity: Identity): string {
  const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  const listOf = (values: readonly string[]) => (values.length === 0 ? '-' : values.join(', '));
  const lines: Array<[string, string]> = [
    ['id', identity.id],
    ['display name', identity.displayName],
    ['owner', identity.owner],
    ['team', identity.team ?? '-'],
    ['environment', identity.environment],
    ['state', identity.state],
    ['source', identity.source === 'config' ? 'config (edit gatehouse.yaml)' : 'api'],
    ['purpose', identity.purpose ?? '-'],
    ['models', listOf(identity.allowedModels)],
    ['tools', listOf(identity.allowedTools)],
    ['datasets', listOf(identity.allowedDatasets)],
    ['roles', listOf(identity.roles)],
    ['scopes', listOf(identity.allowedScopes)],
    ['may assert end users', identity.mayAssertEndUsers ? 'yes' : 'no'],
    ['limits profile', identity.limitsProfile ?? '-'],
    ['guardrail profile', identity.guardrailProfile ?? '-'],
    ['created', time(identity.createdAt)],
    ['last rotated', time(identity.lastRotatedAt)],
    ['last used', time(identity.lastUsedAt)],
  ];
  return lines.map(([k, v]) => `${`${k}:`.padEnd(22)}${v}\n`).join('');
}
