import type { Command } from 'commander';
import { GatewayError } from '../../core/errors.js';
import { mintTokenBody, parseInput, revokeTokenBody } from '../../server/routes/admin/admin-input.js';
import { runAdminCommand } from './admin-session.js';

interface MintOptions {
  config?: string;
  ttl?: string;
  scope: string[];
  endUser?: string;
  actor?: string;
  json?: boolean;
}

const words = (value: string, previous: string[]): string[] => [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse token mint <id>`: signs an access token for an identity with the gateway's signing key, for
 * local testing and for bootstrapping the first admin. Prints only the token on stdout, so
 * `TOKEN=$(gatehouse token mint ...)` works. `gatehouse token revoke <jti>`: revokes one token.
 */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('mint and revoke access tokens');
  registerMintCommand(token);
  registerRevokeCommand(token);
}

function registerMintCommand(token: Command): void {
  token
    .command('mint')
    .description('mint an access token for an identity (printed on stdout; details on stderr)')
    .argument('<id>', 'identity id')
    .option('--ttl <seconds>', 'lifetime in seconds (default auth.tokenTtlSeconds, at most 3600)')
    .option('--scope <scope>', 'scope tokens, space or comma separated; repeatable', words, [])
    .option('--end-user <user>', 'the end user the token acts for (identities allowed to assert end users)')
    .option('--actor <identity>', 'the agent identity acting for the end user (RFC 8693 act)')
    .option('--json', 'print the whole token response as JSON')
    .option(...configOption)
    .action(async function mintToken(this: Command, id: string, options: MintOptions) {
      await runAdminCommand(this, {
        action: 'token.mint',
        target: id,
        configFile: options.config,
        async run({ registry, tokens, out, err }) {
          const ttlSeconds = options.ttl === undefined ? undefined : Number(options.ttl);
          const input = parseInput(mintTokenBody, {
            identity: id,
            ...(options.scope.length === 0 ? {} : { scopes: options.scope }),
            ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
            ...(options.endUser === undefined ? {} : { endUser: options.endUser }),
            ...(options.actor === undefined ? {} : { actor: options.actor }),
          });
          const identity = registry.get(input.identity);
          if (!identity) throw new GatewayError('identity_not_found', `no identity "${input.identity}"`);
          const minted = await tokens.mintAccessToken(identity, {
            ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
            ...(input.ttlSeconds === undefined ? {} : { ttlSeconds: input.ttlSeconds }),
            actor: input.actor ?? null,
            endUser: input.endUser ?? null,
          });
          if (options.json) {
            out(`${JSON.stringify(minted)}\n`);
          } else {
            out(`${minted.access_token}\n`);
            err(
              `token for ${identity.id} (${identity.environment}): jti ${minted.jti}, expires in ${minted.expires_in} s${minted.scope ? `, scope "${minted.scope}"` : ''}\n`,
            );
          }
          return { detail: `jti=${minted.jti}` };
        },
      });
    });
}

function registerRevokeCommand(token: Command): void {
  token
    .command('revoke')
    .description('revoke one access token by its jti')
    .argument('<jti>', 'the token id (jti claim)')
    .requiredOption('--reason <text>', 'why (kept with the revocation)')
    .option(...configOption)
    .action(async function revokeToken(this: Command, jti: string, options: { reason: string; config?: string }) {
      await runAdminCommand(this, {
        action: 'token.revoke',
        target: `jti=${jti.slice(0, 256)}`,
        configFile: options.config,
        async run({ tokens, out }) {
          const input = parseInput(revokeTokenBody, { jti, reason: options.reason });
          await tokens.revokeToken(input.jti, input.reason);
          out(`revoked ${input.jti}\n`);
        },
      });
    });
}
