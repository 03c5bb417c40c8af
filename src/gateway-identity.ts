import type { GatehouseConfig } from './config/schema.js';
import type { SecretResolver } from './config/secrets.js';
import type { Logger } from './log/logger.js';
import { createAuthenticator, type Authenticator } from './identity/authenticator.js';
import { createIdentityRegistry, syncConfigIdentities } from './identity/identity-registry.js';
import type { IdentityRegistry } from './identity/identity-storage.js';
import { createTokenService, type TokenService } from './identity/token-service.js';
import type { Store } from './storage/store.js';
import type { ControlSignal } from './control/redis-signal.js';
import type { Part } from './gateway-parts.js';

/** Workload identity services, present when the config has an `auth` section. */
export interface IdentityServices {
  registry: IdentityRegistry;
  tokens: TokenService;
  authenticator: Authenticator;
}

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
 * this one within `auth.refreshMs`; this replica's own changes apply on its very next request. With a
 * `signal` (the workers of one gateway), a change made through this worker is applied by every other
 * worker before the admin call answers: a revoked token or a suspended identity is refused everywhere.
 */
export function identityPart(
  config: GatehouseConfig,
  store: Store,
  resolveSecret: SecretResolver,
  logger: Logger,
  signal?: ControlSignal,
): Part<IdentityServices> {
  let refresher: NodeJS.Timeout | undefined;
  return {
    name: 'identity',
    async start() {
      const identity = await startIdentity(config, store, resolveSecret, logger);
      const auth = config.auth as NonNullable<GatehouseConfig['auth']>;
      refresher = setInterval(() => void refreshIdentity(identity, logger), auth.refreshMs).unref();
      if (!signal) return identity;
      await signal.subscribe(() => refreshIdentity(identity, logger));
      return announcingWrites(identity, signal);
    },
    async close(identity) {
      clearInterval(refresher);
      await signal?.close();
      await identity.tokens.close();
      await identity.registry.close();
    },
  };
}

/**
 * The same services, whose writes that refuse or grant something (identities created, changed,
 * suspended or retired; tokens and API keys revoked; signing keys rotated) then tell the other workers,
 * and wait for them to reload. Reads and the authenticator are untouched.
 */
function announcingWrites(identity: IdentityServices, signal: ControlSignal): IdentityServices {
  const announced =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      await signal.publish(0);
      return result;
    };
  const { registry, tokens } = identity;
  return {
    ...identity,
    registry: { ...registry, create: announced(registry.create), update: announced(registry.update), setState: announced(registry.setState) },
    tokens: {
      ...tokens,
      revokeApiKey: announced(tokens.revokeApiKey),
      revokeToken: announced(tokens.revokeToken),
      rotateSigningKey: announced(tokens.rotateSigningKey),
    },
  };
}
