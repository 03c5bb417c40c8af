import { authSchema, type AuthConfig } from '../config/schema-identity.js';
import { createSecretResolver } from '../config/secrets.js';
import { silentLogger } from '../log/logger.js';
import { openSqliteStore } from '../storage/sqlite-store.js';
import type { Store } from '../storage/store.js';
import type { IdentityRegistry } from './identity-storage.js';
import { createTokenService, type TokenService, type TokenServiceDeps } from './token-service.js';
import type { Identity } from './types.js';

/**
 * Test fixtures of the identity tests (like store.contract.ts, test support kept beside the code):
 * a registry over a Map (a test double of the IdentityRegistry interface), a settable clock, and a
 * token service on an in-memory SQLite store.
 */

export const TEST_PEPPER = 'test-pepper-0123456789-abcdefghijklmnopqrstuvwxyz';
export const resolveTestSecret = createSecretResolver({ GATEHOUSE_TEST_PEPPER: TEST_PEPPER });
/** 2025-06-15T15:06:40Z: a fixed instant, whole seconds. */
export const T0 = 1_750_000_000_000;

/** The `auth` section as the config loader would hand it over, defaults filled. */
export function testAuthConfig(overrides: Record<string, unknown> = {}): AuthConfig {
  return authSchema.parse({ secretPepper: 'env:GATEHOUSE_TEST_PEPPER', issuer: 'https://gatehouse.test', audience: 'gatehouse', ...overrides });
}

export function testIdentity(id: string, overrides: Partial<Identity> = {}): Identity {
  return {
    id,
    displayName: id,
    owner: 'team-payments@example.com',
    team: 'payments',
    environment: 'production',
    state: 'active',
    purpose: null,
    allowedModels: ['*'],
    allowedTools: [],
    allowedDatasets: [],
    roles: [],
    allowedScopes: [],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile: null,
    source: 'api',
    createdAt: T0,
    lastRotatedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

/** IdentityRegistry over a Map: what the token service and authenticator need, nothing stored. */
export class MapRegistry implements IdentityRegistry {
  readonly identities = new Map<string, Identity>();
  readonly used = new Map<string, number>();

  constructor(identities: Identity[] = []) {
    for (const identity of identities) this.identities.set(identity.id, identity);
  }

  get(id: string): Identity | undefined {
    return this.identities.get(id);
  }
  list(): Identity[] {
    return [...this.identities.values()];
  }
  async create(input: Parameters<IdentityRegistry['create']>[0]): Promise<Identity> {
    const identity = testIdentity(input.id, { ...input, state: input.state ?? 'active' });
    this.identities.set(identity.id, identity);
    return identity;
  }
  async update(id: string, patch: Partial<Omit<Identity, 'id' | 'createdAt' | 'source'>>): Promise<Identity | undefined> {
    const current = this.identities.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.identities.set(id, next);
    return next;
  }
  setState(id: string, state: Identity['state']): Promise<Identity | undefined> {
    return this.update(id, { state });
  }
  markUsed(id: string, at: number): void {
    this.used.set(id, at);
  }
  async refresh(): Promise<void> {}
  async close(): Promise<void> {}
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export async function openTestStore(): Promise<Store> {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  return store;
}

export interface TestTokenServiceOptions extends Partial<Omit<TokenServiceDeps, 'auth'>> {
  auth?: Record<string, unknown>;
  clock?: TestClock;
}

/** A token service on a fresh in-memory store (unless one is given), with a test clock and registry. */
export async function createTestTokenService(
  options: TestTokenServiceOptions = {},
): Promise<{ tokens: TokenService; store: Store; registry: MapRegistry; clock: TestClock; auth: AuthConfig }> {
  const clock = options.clock ?? new TestClock();
  const store = options.store ?? (await openTestStore());
  const registry = (options.registry as MapRegistry | undefined) ?? new MapRegistry();
  const auth = testAuthConfig(options.auth);
  const tokens = await createTokenService({
    resolveSecret: resolveTestSecret,
    logger: silentLogger(),
    now: clock.now,
    ...withoutClock(options),
    store,
    registry,
    auth,
  });
  return { tokens, store, registry, clock, auth };
}

function withoutClock(options: TestTokenServiceOptions): Partial<Omit<TokenServiceDeps, 'auth'>> {
  const { clock: _clock, auth: _auth, ...rest } = options;
  return rest;
}
