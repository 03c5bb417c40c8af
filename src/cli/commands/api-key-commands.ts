import type { Command } from 'commander';
import { GatewayError } from '../../core/errors.js';
import type { ApiKeyInfo } from '../../identity/token-service.js';
import { operatorName, runAdminCommand } from './admin-session.js';

const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse identity create-api-key|api-keys|revoke-api-key`: one identity's static API keys. Revoking
 * is authorized as `token.revoke` in the admin API (revoking one credential), so it is recorded as that.
 */
export function registerApiKeyCommands(identity: Command): void {
  identity
    .command('create-api-key')
    .description('create a static API key (ghk_..., shown once); only for environments in auth.staticKeyEnvironments')
    .argument('<id>', 'identity id')
    .option(...configOption)
    .action(async function createApiKey(this: Command, id: string, options: { config?: string }) {
      await runAdminCommand(this, {
        action: 'apikey.create',
        target: id,
        configFile: options.config,
        async run({ registry, tokens, out }) {
          const found = registry.get(id);
          if (!found) throw new GatewayError('identity_not_found', `no identity "${id}"`);
          if (found.state === 'retired') throw new GatewayError('invalid_request', `identity ${id} is retired; it gets no new credentials`);
          const created = await tokens.createApiKey(id);
          out(`API key (shown once, store it now): ${created.apiKey}\nkey id: ${created.keyId}\n`);
          return { detail: `keyId=${created.keyId}` };
        },
      });
    });

  identity
    .command('api-keys')
    .description('list the static API keys of an identity: id, prefix, created, revoked (when, by whom, why)')
    .argument('<id>', 'identity id')
    .option('--json', 'print a JSON array')
    .option(...configOption)
    .action(async function listApiKeys(this: Command, id: string, options: { config?: string; json?: boolean }) {
      await runAdminCommand(this, {
        action: 'identity.read',
        target: id,
        configFile: options.config,
        async run({ registry, tokens, out }) {
          if (!registry.get(id)) throw new GatewayError('identity_not_found', `no identity "${id}"`);
          const keys = await tokens.listApiKeys(id);
          out(options.json ? `${JSON.stringify(keys)}\n` : keyTable(keys));
        },
      });
    });

  addRevokeCommand(identity, 'revoke-api-key', 'revoke one static API key of an identity (same as `gatehouse keys revoke`)');
}

/**
 * `revoke <key-id> --reason`: the next request with that key is refused (api_key_revoked), the
 * identity's other keys and tokens keep working. Registered under `identity` and under `keys`.
 */
export function addRevokeCommand(parent: Command, name: string, description: string): void {
  parent
    .command(name)
    .description(description)
    .argument('<key-id>', 'the key id (ak_...) shown at creation and by `gatehouse identity api-keys <id>`')
    .requiredOption('--reason <text>', 'why, kept with the key and shown in the listing')
    .option(...configOption)
    .action(async function revokeApiKey(this: Command, keyId: string, options: { config?: string; reason: string }) {
      await runAdminCommand(this, {
        action: 'token.revoke',
        target: `apikey=${keyId}`,
        configFile: options.config,
        async run({ tokens, out }) {
          const reason = options.reason.trim();
          if (reason === '') throw new GatewayError('invalid_request', '--reason must not be empty');
          if (!(await tokens.revokeApiKey(keyId, { actor: `cli:${operatorName()}`, reason }))) {
            throw new GatewayError('api_key_not_found', `no valid static API key "${keyId.slice(0, 128)}" (unknown, or already revoked)`);
          }
          out(`API key ${keyId} revoked; running gateways refuse it within 5 seconds\n`);
        },
      });
    });
}

function keyTable(keys: readonly ApiKeyInfo[]): string {
  if (keys.length === 0) return 'no API keys\n';
  const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  return keys
    .map(
      (k) =>
        `${k.keyId}  ${k.prefix}...  created ${time(k.createdAt)}${k.revokedAt === null ? '  valid' : `  revoked ${time(k.revokedAt)} by ${k.revokedBy ?? '-'}: ${k.revokeReason ?? '-'}`}\n`,
    )
    .join('');
}
