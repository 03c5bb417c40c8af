import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthorizer } from '../../../authz/authorizer.js';
import { configSchema, type GatehouseConfig } from '../../../config/schema.js';
import { createSecretResolver } from '../../../config/secrets.js';
import { newRequestId } from '../../../core/ids.js';
import { createAuthenticator, type Authenticator } from '../../../identity/authenticator.js';
import { createIdentityRegistry, type StoredIdentityRegistry } from '../../../identity/identity-registry.js';
import type { IdentityRegistry } from '../../../identity/identity-storage.js';
import { createTokenService, type TokenService } from '../../../identity/token-service.js';
import type { AdminRole, Environment, Identity } from '../../../identity/types.js';
import { silentLogger } from '../../../log/logger.js';
import { openStore } from '../../../storage/open-store.js';
import { Recorder } from '../../../storage/recorder.js';
import type { Store } from '../../../storage/store.js';
import type { ExchangeRecord } from '../../../core/record.js';
import { registerErrorHandlers } from '../../error-handlers.js';
import { registerJsonBodyParser } from '../../json-body.js';
import { registerAdminRoutes } from './index.js';

/**
 * For the admin API tests: a Fastify app with the real body parser, error mapping and admin routes, over
 * real objects (SQLite store, identity registry, token service, authenticator, Cedar authorizer and the
 * recorder). Nothing of ours is mocked. Not a test file itself, so both route suites can share it.
 */
export interface AdminTestApp {
  app: FastifyInstance;
  store: Store;
  registry: StoredIdentityRegistry;
  tokens: TokenService;
  authenticator: Authenticator;
  /** Creates an identity through the registry (not the API) with the given roles. */
  addIdentity(id: string, overrides?: Partial<Parameters<IdentityRegistry['create']>[0]>): Promise<Identity>;
  /** `authorization` header of a fresh access token for `id`. */
  bearer(id: string): Promise<{ authorization: string }>;
  /** Records written so far, oldest first. */
  records(): Promise<ExchangeRecord[]>;
  close(): Promise<void>;
}

export const TEST_PEPPER = 'test-pepper-0123456789abcdefghijklmnopqrstuvwxyz';

/** `customPolicy`: the text of one extra .cedar file, added to the built-in policies. */
export async function startAdminTestApp(options: { customPolicy?: string } = {}): Promise<AdminTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-'));
  const files: string[] = [];
  if (options.customPolicy !== undefined) {
    writeFileSync(join(dir, 'custom.cedar'), options.customPolicy);
    files.push('custom.cedar');
  }
  const config: GatehouseConfig = configSchema.parse({
    auth: { secretPepper: 'env:GH_ADMIN_TEST_PEPPER', staticKeyEnvironments: ['sandbox'] },
    policies: { files },
  });
  const resolveSecret = createSecretResolver({ GH_ADMIN_TEST_PEPPER: TEST_PEPPER }, dir);
  const logger = silentLogger();
  const store = await openStore({ driver: 'sqlite', sqlite: { path: join(dir, 'gatehouse.db') }, batchSize: 256, flushIntervalMs: 5 }, resolveSecret);
  await store.migrate();
  const registry = await createIdentityRegistry({ repository: store.identities, logger });
  const tokens = await createTokenService({ store, registry, auth: config.auth!, resolveSecret, logger });
  const authenticator = createAuthenticator({ tokens, registry });
  const authorizer = createAuthorizer({ config, baseDir: dir });
  const recorder = new Recorder(store, { batchSize: 256, flushIntervalMs: 5, logger });
  const deps = { sink: recorder, logger, logExchanges: false };

  const app = Fastify({ logger: false, genReqId: newRequestId, requestIdHeader: false });
  registerJsonBodyParser(app);
  registerErrorHandlers(app, deps);
  registerAdminRoutes(app, { ...deps, registry, tokens, authenticator, authorizer: () => authorizer });
  await app.ready();

  return {
    app,
    store,
    registry,
    tokens,
    authenticator,
    addIdentity(id, overrides = {}) {
      return registry.create({
        id,
        displayName: id,
        owner: 'owner@example.com',
        team: 'platform',
        environment: 'production' as Environment,
        purpose: null,
        allowedModels: [],
        allowedTools: [],
        allowedDatasets: [],
        roles: [] as AdminRole[],
        allowedScopes: [],
        mayAssertEndUsers: false,
        limitsProfile: null,
        guardrailProfile: null,
        ...overrides,
      });
    },
    async bearer(id) {
      const identity = registry.get(id);
      if (!identity) throw new Error(`no identity ${id}`);
      const { access_token } = await tokens.mintAccessToken(identity);
      return { authorization: `Bearer ${access_token}` };
    },
    async records() {
      await recorder.flush();
      return (await store.listExchanges({ limit: 1000 })).reverse();
    },
    async close() {
      await app.close();
      await recorder.close();
      await tokens.close();
      await registry.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
