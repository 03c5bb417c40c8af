import type { GatehouseConfig } from './config/schema.js';
import type { SecretResolver } from './config/secrets.js';
import type { Logger } from './log/logger.js';
import { createAuthenticator, type Authenticator } from './identity/authenticator.js';
import { createIdentityRegistry, syncConfigIdentities } from './identity/identity-registry.js';
import type { IdentityRegistry } from './identity/identity-storage.js';
import { createTokenService, type TokenService } from './identity/token-service.js';
import type { Store } from './storage/store.js';
import type { Part } from './gateway-parts.js';

/** Workload identity services, present when the config has an `auth` section. */
export interface IdentityServices {
  registry: IdentityRegistry;
  tokens: TokenService;
  authenticator: Authenticator;
}

const IDENTITY_REFRESH_MS = 5_000;

async function refreshIdentity(identity: IdentityServices, logger: Logger): Promise<void> {
  try {
    await identity.registry.refresh();
    await identity.tokens.refresh();
  } catch (err) {
    logger.warn({ err: { name: (err as Error).name } }, 'identity refresh failed; keeping the current view');
  }
}

/** Loads identities (config ones synced), the token service (signing keys, revocations) and the authenticator. */
export async function startIdentity(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Promise<IdentityServices> {
  const auth = config.auth as NonNullable<GatehouseConfig['auth']>;
  const registry = await createIdentityRegistry({ repository: store.identities, logger });
  try {
    await syncConfigIdentities(registry, config.identities, Date.now());
    const tokens = await createTokenService({ store, registry, auth, resolveSecret, logger });
    const authenticator = createAuthenticator({ tokens, registry, auth, store });
    return { registry, tokens, authenticator };
  } catch (err) {
    await registry.close();
    throw err;
  }
}

/**
 * Identity services, kept fresh: other replicas' identity changes, key rotations and revocations reach
 * this one within IDENTITY_REFRESH_MS; this replica's own changes apply on its very next request.
 */
export function identityPart(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger): Part<IdentityServices> {
  let refresher: NodeJS.Timeout | undefined;
  return {
    name: 'identity',
    async start() {
      const identity = await startIdentity(config, store, resolveSecret, logger);
      refresher = setInterval(() => void refreshIdentity(identity, logger), IDENTITY_REFRESH_MS).unref();
      return identity;
    },
    async close(identity) {
      clearInterval(refresher);
      await identity.tokens.close();
      await identity.registry.close();
    },
  };
}
