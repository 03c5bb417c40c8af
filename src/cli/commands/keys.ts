import type { Command } from 'commander';
import type { TokenService } from '../../identity/token-service.js';
import { runAdminCommand } from './admin-session.js';
import { addRevokeCommand } from './api-key-commands.js';

const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse keys rotate|list`: the gateway's token signing keys. A rotation makes a new key current;
 * the previous one keeps verifying until every token it signed has expired. `keys revoke` revokes one
 * static API key (signing keys are rotated, never revoked), as `identity revoke-api-key` does.
 */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('manage the access-token signing keys; revoke one static API key');
  addRevokeCommand(keys, 'revoke', 'revoke one static API key (ak_...); also `gatehouse identity revoke-api-key`');

  keys
    .command('rotate')
    .description('create a new signing key and make it current (old tokens keep verifying)')
    .option(...configOption)
    .action(async function rotateKeys(this: Command, options: { config?: string }) {
      await runAdminCommand(this, {
        action: 'key.rotate',
        target: 'signing-keys',
        configFile: options.config,
        async run({ tokens, out }) {
          const { kid } = await tokens.rotateSigningKey();
          out(`new signing key ${kid} is current\n`);
          out(table(await tokens.listSigningKeys()));
          return { detail: `kid=${kid}` };
        },
      });
    });

  keys
    .command('list')
    .description('list the signing keys still in use (public facts only)')
    .option('--json', 'print a JSON array')
    .option(...configOption)
    .action(async function listKeys(this: Command, options: { config?: string; json?: boolean }) {
      await runAdminCommand(this, {
        action: 'key.read',
        target: 'signing-keys',
        configFile: options.config,
        async run({ tokens, out }) {
          const list = await tokens.listSigningKeys();
          out(options.json ? `${JSON.stringify(list)}\n` : table(list));
        },
      });
    });
}

function table(keys: Awaited<ReturnType<TokenService['listSigningKeys']>>): string {
  return keys
    .map(
      (k) =>
        `${k.current ? '*' : ' '} ${k.kid}  ${k.alg.padEnd(5)}  created ${new Date(k.createdAt).toISOString()}${k.retiredAt === null ? '' : `  retired ${new Date(k.retiredAt).toISOString()}`}\n`,
    )
    .join('');
}
