import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { runCli, type CliRun } from '../run-cli.fixtures.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../config/schema.js';
import { createSecretResolver } from '../../config/secrets.js';
import { createIdentityRegistry } from '../../identity/identity-registry.js';
import { createTokenService, type TokenService } from '../../identity/token-service.js';
import type { IdentityRegistry } from '../../identity/identity-storage.js';
import { silentLogger } from '../../log/logger.js';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/store.js';
import type { ExchangeRecord } from '../../core/record.js';
import { registerIdentityCommands } from './identity.js';
import { registerKeysCommands } from './keys.js';
import { registerTokenCommands } from './token.js';

/**
 * For the CLI tests: a temporary gatehouse.yaml over a SQLite file, a way to run `gatehouse ...` through
 * a fresh commander program (as main.ts wires it), and a way to look into the store afterwards.
 * Not a test file itself, so the identity and token suites can share it.
 */
export const CLI_TEST_PEPPER_ENV = 'GH_CLI_TEST_PEPPER';
export const CLI_TEST_PEPPER = 'cli-test-pepper-0123456789abcdefghijklmnopqrstuvwxyz';

export type { CliRun } from '../run-cli.fixtures.js';

const configDirs: string[] = [];

/** Removes every folder cliTestConfig made (call from afterAll). */
export function removeCliTestConfigs(): void {
  for (const dir of configDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a config with `auth` (unless `withAuth` is false) and a config-declared admin `ops-admin`. */
export function cliTestConfig(options: { withAuth?: boolean } = {}): { file: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gh-cli-identity-'));
  configDirs.push(dir);
  const dbPath = join(dir, 'gatehouse.db');
  const auth =
    options.withAuth === false
      ? ''
      : `auth:\n  secretPepper: env:${CLI_TEST_PEPPER_ENV}\n  secretRotationOverlapSeconds: 300\nidentities:\n  ops-admin:\n    owner: ops@example.com\n    environment: production\n    roles: [admin]\n    scopes: [admin, read]\n`;
  const file = join(dir, 'gatehouse.yaml');
  writeFileSync(file, `storage:\n  sqlite:\n    path: ${JSON.stringify(dbPath)}\n${auth}`);
  return { file, dbPath };
}

/** Runs `gatehouse <args>` with the identity, token and keys commands, capturing output and exit status. */
export async function gatehouse(...args: string[]): Promise<CliRun> {
  return runCli([registerIdentityCommands, registerTokenCommands, registerKeysCommands], args);
}

/** Opens the store the CLI wrote, with a registry and token service over it (as the gateway would). */
export async function openCliStore(
  dbPath: string,
): Promise<{ store: Store; registry: IdentityRegistry; tokens: TokenService; records(): Promise<ExchangeRecord[]>; close(): Promise<void> }> {
  const resolveSecret = createSecretResolver({ [CLI_TEST_PEPPER_ENV]: CLI_TEST_PEPPER });
  const store = await openStore({ driver: 'sqlite', sqlite: { path: dbPath }, batchSize: 256, flushIntervalMs: 20 }, resolveSecret);
  await store.migrate();
  const logger = silentLogger();
  const registry = await createIdentityRegistry({ repository: store.identities, logger });
  const auth = configSchema.parse({ auth: { secretPepper: `env:${CLI_TEST_PEPPER_ENV}` } }).auth!;
  const tokens = await createTokenService({ store, registry, auth, resolveSecret, logger });
  return {
    store,
    registry,
    tokens,
    async records() {
      return (await store.listExchanges({ limit: 1000 })).reverse();
    },
    async close() {
      await tokens.close();
      await registry.close();
      await store.close();
    },
  };
}
