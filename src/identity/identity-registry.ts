import type { IdentityConfig } from '../config/schema-identity.js';
import type { Logger } from '../log/logger.js';
import type { IdentityRegistry, IdentityRepository } from './identity-storage.js';
import { isReservedIdentityId, reservedIdentityMessage } from '../core/reserved-ids.js';
import { scopeListProblem } from '../core/scope-syntax.js';
import { ADMIN_ROLES, ENVIRONMENTS, type Identity, type IdentityState } from './types.js';

export interface IdentityRegistryDeps {
  repository: IdentityRepository;
  logger: Logger;
  /** Clock, ms since epoch (tests pin it). */
  now?: () => number;
  /** How often noted uses are written to the store, ms. */
  touchIntervalMs?: number;
}

/**
 * The registry the gateway builds. Beyond IdentityRegistry it can write a whole identity, source
 * included: only config sync needs that, since create() always makes an `api` identity.
 */
export interface StoredIdentityRegistry extends IdentityRegistry {
  /** Inserts or replaces an identity exactly as given (config sync). */
  upsert(identity: Identity): Promise<Identity>;
}

export const DEFAULT_TOUCH_INTERVAL_MS = 30_000;

/**
 * Loads every identity into memory and serves `get` from there. Writes go to the repository first and
 * reach memory only once stored, so memory never shows a change the store refused. Identities handed
 * out are frozen: callers share them.
 */
export async function createIdentityRegistry(deps: IdentityRegistryDeps): Promise<StoredIdentityRegistry> {
  const { repository } = deps;
  const now = deps.now ?? Date.now;
  const memory = new IdentityMemory(indexed(await repository.list()));
  const uses = new LastUsedWriter(repository, deps.logger, deps.touchIntervalMs ?? DEFAULT_TOUCH_INTERVAL_MS, (batch) => memory.applyUses(batch));

  async function create(input: Parameters<IdentityRegistry['create']>[0]): Promise<Identity> {
    // Only new identities: one stored before the name was reserved can still be suspended or retired.
    if (isReservedIdentityId(input.id)) throw new TypeError(reservedIdentityMessage(input.id));
    const identity: Identity = { ...input, state: input.state ?? 'active', source: 'api', createdAt: now(), lastRotatedAt: null, lastUsedAt: null };
    validateIdentity(identity);
    await repository.create(identity);
    return memory.remember(identity);
  }

  async function upsert(identity: Identity): Promise<Identity> {
    validateIdentity(identity);
    await repository.upsert(identity);
    return memory.remember(identity);
  }

  async function update(id: string, patch: Parameters<IdentityRegistry['update']>[1]): Promise<Identity | undefined> {
    const current = memory.get(id);
    if (current) validateIdentity(applyPatch(current, patch));
    const updated = await repository.update(id, patch);
    if (!updated) {
      memory.forget(id);
      return undefined;
    }
    return memory.remember(updated);
  }

  return {
    get: (id: string) => memory.get(id),
    list: () => memory.list(),
    create,
    upsert,
    update,
    setState: (id: string, state: IdentityState) => update(id, { state }),
    markUsed: (id: string, at: number) => uses.markUsed(id, at),
    refresh: () => memory.refresh(() => repository.list()),
    close: () => uses.close(),
  };
}

/** The in-memory identities, by id, frozen. */
class IdentityMemory {
  /** Writes made while a refresh reads the store: re-applied over its (possibly older) result. */
  readonly #writesDuringRefresh = new Set<Map<string, Identity>>();

  constructor(private byId: Map<string, Identity>) {}

  get(id: string): Identity | undefined {
    return this.byId.get(id);
  }

  list(): Identity[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  remember(identity: Identity): Identity {
    const frozen = freeze(identity);
    this.byId.set(frozen.id, frozen);
    for (const writes of this.#writesDuringRefresh) writes.set(frozen.id, frozen);
    return frozen;
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  /** Last-used times the store has taken: only ever moved forward. */
  applyUses(batch: ReadonlyMap<string, number>): void {
    for (const [id, at] of batch) {
      const current = this.byId.get(id);
      if (current && (current.lastUsedAt ?? 0) < at) this.remember({ ...current, lastUsedAt: at });
    }
  }

  async refresh(load: () => Promise<readonly Identity[]>): Promise<void> {
    const writes = new Map<string, Identity>();
    this.#writesDuringRefresh.add(writes);
    try {
      const fresh = indexed(await load());
      for (const [id, identity] of writes) fresh.set(id, identity);
      this.byId = fresh;
    } finally {
      this.#writesDuringRefresh.delete(writes);
    }
  }
}

/** Noted uses, written to the store in batches every `intervalMs` and once more at close. */
class LastUsedWriter {
  #pending = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly repository: IdentityRepository,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly written: (batch: ReadonlyMap<string, number>) => void,
  ) {}

  markUsed(id: string, at: number): void {
    if ((this.#pending.get(id) ?? 0) >= at) return;
    this.#pending.set(id, at);
    this.#scheduleFlush();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushing = this.#flushing.then(() => this.#flush());
    await this.#flushing;
  }

  #scheduleFlush(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#flushing = this.#flushing.then(() => this.#flush());
    }, this.intervalMs);
    // Bookkeeping must never keep the process alive.
    this.#timer.unref();
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.repository.touch(batch);
    } catch (err) {
      // Last-used times are informational: keep them for the next flush rather than fail anything.
      for (const [id, at] of batch) if ((this.#pending.get(id) ?? 0) < at) this.#pending.set(id, at);
      this.logger.warn(
        { err: { name: (err as Error)?.name, message: (err as Error)?.message }, identities: batch.size },
        'identity last-used update failed; will retry',
      );
      return;
    }
    this.written(batch);
  }
}

/** Letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 128 (as in gatehouse.yaml). */
export const IDENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The invariants every stored identity keeps, whoever writes it. Throws TypeError; the admin API and
 * CLI validate their input first, so this is the backstop, not the user-facing message.
 */
export function validateIdentity(identity: Identity): void {
  if (!IDENTITY_ID_PATTERN.test(identity.id)) throw new TypeError(`identity id "${identity.id.slice(0, 140)}" must be letters, digits, . _ - (max 128)`);
  if (identity.owner.trim() === '') throw new TypeError(`identity ${identity.id}: an owner is required`);
  if (!ENVIRONMENTS.includes(identity.environment)) throw new TypeError(`identity ${identity.id}: unknown environment "${identity.environment}"`);
  if (!STATES.includes(identity.state)) throw new TypeError(`identity ${identity.id}: unknown state "${identity.state}"`);
  for (const role of identity.roles) if (!ADMIN_ROLES.includes(role)) throw new TypeError(`identity ${identity.id}: unknown role "${role}"`);
  const scopeProblem = scopeListProblem(identity.allowedScopes);
  if (scopeProblem) throw new TypeError(`identity ${identity.id}: ${scopeProblem}`);
}

const STATES: readonly IdentityState[] = ['active', 'suspended', 'retired'];

/** The identity with the patch's defined fields applied (an explicit undefined changes nothing, as in the store). */
function applyPatch(identity: Identity, patch: Parameters<IdentityRegistry['update']>[1]): Identity {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...identity, ...defined };
}

function indexed(identities: readonly Identity[]): Map<string, Identity> {
  return new Map(identities.map((identity) => [identity.id, freeze(identity)]));
}

/** A frozen copy: the caller's object (and its arrays) stay the caller's. */
function freeze(identity: Identity): Identity {
  return Object.freeze({
    ...identity,
    allowedModels: Object.freeze([...identity.allowedModels]) as string[],
    allowedTools: Object.freeze([...identity.allowedTools]) as string[],
    allowedDatasets: Object.freeze([...identity.allowedDatasets]) as string[],
    roles: Object.freeze([...identity.roles]) as Identity['roles'],
    allowedScopes: Object.freeze([...identity.allowedScopes]) as string[],
  });
}

/** What syncConfigIdentities changed, by identity id. */
export interface ConfigSyncReport {
  added: string[];
  changed: string[];
  /** Config identities no longer declared: retired, never deleted, so their records stay attributable. */
  retired: string[];
  unchanged: string[];
  /** Declared identities the sync could not apply as written, with why (also logged by the caller). */
  warnings: string[];
}

/** Strictness of states: the sync never moves an identity to a less strict one. */
const STATE_RANK: Record<IdentityState, number> = { active: 0, suspended: 1, retired: 2 };

/**
 * Brings the registry in line with the `identities` of gatehouse.yaml. Config wins for every field the
 * config declares, with one exception, the state: the sync only ever makes it stricter. A config
 * identity suspended through the admin API during an incident stays suspended across reloads until it
 * is reactivated there, and a retired identity is never revived (its id must not come back with its
 * old credentials). An identity that was created through the API and is now declared in config is
 * taken over by the config. Idempotent: run it at start and on every reload.
 */
export async function syncConfigIdentities(
  registry: IdentityRegistry,
  declared: Readonly<Record<string, IdentityConfig>>,
  now: number = Date.now(),
): Promise<ConfigSyncReport> {
  const upsert = upsertOf(registry);
  const report: ConfigSyncReport = { added: [], changed: [], retired: [], unchanged: [], warnings: [] };
  for (const [id, config] of Object.entries(declared)) {
    const existing = registry.get(id);
    const fields = configFields(id, config);
    if (!existing) {
      await upsert({ ...fields, id, source: 'config', createdAt: now, lastRotatedAt: null, lastUsedAt: null });
      report.added.push(id);
      continue;
    }
    const state = STATE_RANK[existing.state] > STATE_RANK[fields.state] ? existing.state : fields.state;
    if (existing.state === 'retired' && fields.state !== 'retired')
      report.warnings.push(`identity ${id} is retired and stays retired; declare a new id instead`);
    else if (state !== fields.state) report.warnings.push(`identity ${id} stays ${state} (set through the admin API); reactivate it there`);
    if (existing.source === 'api') report.warnings.push(`identity ${id} was created through the admin API; gatehouse.yaml now manages it`);
    const next: Identity = { ...existing, ...fields, state, source: 'config' };
    if (sameConfigFields(existing, next) && existing.source === 'config') {
      report.unchanged.push(id);
      continue;
    }
    await upsert(next);
    report.changed.push(id);
  }
  for (const identity of registry.list()) {
    if (identity.source !== 'config' || identity.id in declared || identity.state === 'retired') continue;
    await registry.setState(identity.id, 'retired');
    report.retired.push(identity.id);
  }
  return report;
}

/**
 * The registry's whole-identity write. IdentityRegistry (the shared contract) has none, so the sync
 * accepts any IdentityRegistry and requires, at run time, one made by createIdentityRegistry.
 */
function upsertOf(registry: IdentityRegistry): (identity: Identity) => Promise<Identity> {
  const upsert = (registry as Partial<StoredIdentityRegistry>).upsert;
  if (typeof upsert !== 'function')
    throw new TypeError('syncConfigIdentities needs a registry made by createIdentityRegistry (it writes config identities with upsert)');
  return upsert;
}

type ConfigFields = Omit<Identity, 'id' | 'source' | 'createdAt' | 'lastRotatedAt' | 'lastUsedAt'>;

function configFields(id: string, config: IdentityConfig): ConfigFields {
  return {
    displayName: config.displayName ?? id,
    owner: config.owner,
    team: config.team ?? null,
    environment: config.environment,
    state: config.state,
    purpose: config.purpose ?? null,
    allowedModels: [...config.models],
    allowedTools: [...config.tools],
    allowedDatasets: [...config.datasets],
    roles: [...config.roles],
    allowedScopes: [...config.scopes],
    mayAssertEndUsers: config.mayAssertEndUsers,
    limitsProfile: config.limitsProfile ?? null,
    guardrailProfile: config.guardrailProfile ?? null,
  };
}

const CONFIG_KEYS = Object.keys(
  configFields('x', {
    owner: 'x',
    environment: 'sandbox',
    models: [],
    tools: [],
    datasets: [],
    roles: [],
    scopes: [],
    mayAssertEndUsers: false,
    state: 'active',
  }),
) as Array<keyof ConfigFields>;

function sameConfigFields(a: Identity, b: Identity): boolean {
  return CONFIG_KEYS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}
