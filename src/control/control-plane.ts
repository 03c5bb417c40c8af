import type { Logger } from '../log/logger.js';
import type { ControlEvent, ControlSnapshot } from '../storage/control-repository.js';
import type { Store } from '../storage/store.js';
import type { ControlSignal } from './redis-signal.js';
import { ALL_TARGET, type ControlView, type IncidentEntry, type PromotionEntry, type StopEntry, type StopScope } from './state.js';

/** Who makes a change and why: both go into the history and the audit trail. */
export interface ControlActor {
  actor: string;
  reason: string;
}

/** Everything in force now, as `gatehouse traffic status` and GET /admin/v1/traffic show it. */
export interface ControlStatus {
  revision: number;
  incident: IncidentEntry | null;
  stops: StopEntry[];
  promotions: PromotionEntry[];
}

/**
 * The operator controls of one gateway process: the store's control state mirrored in memory, so the
 * request path reads it with Map lookups and no I/O. A change made here is written to the store and
 * applies to this process before the call returns; other processes pick it up within `refreshMs`, or at
 * once where a change signal reaches them (Redis between replicas, IPC between the workers of one gateway).
 * Validating a model or version against the registry is the caller's job (it holds the configuration).
 */
export interface ControlPlane extends ControlView {
  stop(scope: StopScope, target: string, who: ControlActor): Promise<ControlEvent>;
  /** undefined: it was not stopped (nothing recorded). */
  resume(scope: StopScope, target: string, who: ControlActor): Promise<ControlEvent | undefined>;
  /** undefined: incident mode was already off (nothing recorded). */
  setIncident(on: boolean, who: ControlActor): Promise<ControlEvent | undefined>;
  promote(model: string, version: string, who: ControlActor): Promise<ControlEvent>;
  /**
   * Back to `to`, else to the version active before the current one (from the history; null in the
   * event: the configured default). Throws NothingToRollBackError when the model was never promoted.
   */
  rollback(model: string, who: ControlActor & { to?: string | undefined }): Promise<ControlEvent>;
  /** The model's promotions and rollbacks, newest first. */
  history(model: string, limit?: number): Promise<ControlEvent[]>;
  list(): ControlStatus;
  /** Reloads from the store when its revision moved. */
  refresh(): Promise<void>;
  /** Stops polling and closes the change signal (after sending what is pending). */
  close(): Promise<void>;
}

interface Mirror {
  revision: number;
  stops: Map<string, StopEntry>;
  incident: IncidentEntry | null;
  promotions: Map<string, PromotionEntry>;
}

/**
 * Loads the control state and keeps it fresh: every `refreshMs` one revision read, and a full reload only
 * when it moved. A failed refresh keeps the last view (a store outage must not lift a kill switch) and is
 * logged. `refreshMs: 0` never polls (the CLI, which acts once and exits).
 */
export async function startControlPlane(deps: { store: Store; refreshMs: number; logger: Logger; signal?: ControlSignal | undefined }): Promise<ControlPlane> {
  const repo = deps.store.controls;
  let mirror = mirrorOf(await repo.snapshot());
  let inFlight: Promise<void> | undefined;

  async function reload(force: boolean): Promise<void> {
    if (!force && (await repo.revision()) === mirror.revision) return;
    const next = mirrorOf(await repo.snapshot());
    // Two reloads may race (a write and the timer); the newer state wins.
    if (next.revision >= mirror.revision) mirror = next;
  }

  function poll(): void {
    if (inFlight) return;
    inFlight = reload(false)
      .catch(refreshFailed(deps.logger))
      .finally(() => (inFlight = undefined));
  }

  /** A signal said the store reached `revision`: reload unless this view has it already (the IPC signal waits for this). */
  function catchUp(revision?: number): Promise<void> | undefined {
    if (revision !== undefined && mirror.revision >= revision) return undefined;
    return reload(false).catch(refreshFailed(deps.logger));
  }

  /** Writes a change, then reloads so it applies here before the caller answers. */
  async function write<T extends ControlEvent | undefined>(apply: () => Promise<T>): Promise<T> {
    const event = await apply();
    await reload(true);
    // Other replicas hear of it at once where a signal is shared (Redis: sent; the workers' IPC: applied
    // by every worker before this returns); polling covers a lost message.
    if (event !== undefined) await deps.signal?.publish(mirror.revision);
    return event;
  }

  const timer = deps.refreshMs > 0 ? setInterval(poll, deps.refreshMs).unref() : undefined;
  // Subscribed before the gateway serves, so no signal sent after start is missed (a second at most: polling covers the rest).
  if (deps.refreshMs > 0 && deps.signal) await subscribeWithin(deps.signal, catchUp, 1_000);

  return {
    get revision() {
      return mirror.revision;
    },
    get incident() {
      return mirror.incident !== null;
    },
    stopped: (scope, target) => mirror.stops.get(`${scope}:${scope === 'all' ? ALL_TARGET : target}`),
    activeVersion: (model) => mirror.promotions.get(model)?.version,

    ...changes(repo, write),
    history: (model, limit) => repo.history({ scope: 'version', target: model, limit }),
    list: () => ({ revision: mirror.revision, incident: mirror.incident, stops: [...mirror.stops.values()], promotions: [...mirror.promotions.values()] }),
    refresh: () => reload(false),
    async close() {
      if (timer) clearInterval(timer);
      await deps.signal?.close();
    },
  };
}

/** Logs a failed refresh; the current view stays (a store outage must not lift a kill switch). */
function refreshFailed(logger: Logger): (err: unknown) => void {
  return (err) =>
    logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'control refresh failed; keeping the current controls');
}

/** The plane's writes: each an event applied to the store through `write`, which reloads and signals. */
function changes(repo: Store['controls'], write: <T extends ControlEvent | undefined>(apply: () => Promise<T>) => Promise<T>) {
  const at = () => Date.now();
  return {
    stop: (scope, target, who) =>
      write(async () => (await repo.apply({ kind: 'stop', scope, target: scope === 'all' ? ALL_TARGET : target, ...who, at: at() })) as ControlEvent),
    resume: (scope, target, who) => write(() => repo.apply({ kind: 'resume', scope, target: scope === 'all' ? ALL_TARGET : target, ...who, at: at() })),
    setIncident: (on, who) => write(() => repo.apply({ kind: on ? 'incident_on' : 'incident_off', ...who, at: at() })),
    promote: (model, version, who) => write(async () => (await repo.apply({ kind: 'promote', model, version, ...who, at: at() })) as ControlEvent),
    rollback: (model, who) =>
      write(async () => (await repo.apply({ kind: 'rollback', model, to: who.to, actor: who.actor, reason: who.reason, at: at() })) as ControlEvent),
  } satisfies Partial<ControlPlane>;
}

/** Subscribes, waiting at most `ms` for it (and clearing that wait's timer, so a closed plane leaves none). */
async function subscribeWithin(signal: ControlSignal, onChange: (revision?: number) => Promise<void> | undefined, ms: number): Promise<void> {
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([signal.subscribe(onChange), new Promise((resolve) => (waited = setTimeout(resolve, ms).unref()))]);
  clearTimeout(waited);
}

function mirrorOf(snapshot: ControlSnapshot): Mirror {
  const mirror: Mirror = { revision: snapshot.revision, stops: new Map(), incident: null, promotions: new Map() };
  for (const s of snapshot.state) {
    const who = { reason: s.reason, actor: s.actor, at: s.at };
    if (s.scope === 'incident') mirror.incident = who;
    else if (s.scope === 'version') mirror.promotions.set(s.target, { model: s.target, version: s.version as string, ...who });
    else mirror.stops.set(`${s.scope}:${s.target}`, { scope: s.scope, target: s.target, ...who });
  }
  return mirror;
}
