import { sql, type ColumnType, type Kysely, type Transaction } from 'kysely';
import type { StopScope } from '../control/state.js';
import type { Database } from './database.js';
import { NothingToRollBackError } from '../core/errors.js';

/** BIGINT (Postgres, returned as a string) / INTEGER (SQLite). */
type Int64 = ColumnType<number | string, number, number>;

// Type aliases, not interfaces: withTables needs the implicit index signature only aliases have.
type ControlTables = {
  control_revision: { id: number; revision: Int64 };
  control_events: {
    revision: Int64;
    kind: string;
    scope: string;
    target: string;
    version: string | null;
    previous: string | null;
    reason: string;
    actor: string;
    at: Int64;
  };
  control_state: { key: string; scope: string; target: string; version: string | null; reason: string; actor: string; at: Int64; revision: Int64 };
};

/** Where a control applies: a kill-switch scope, incident mode (target `*`), or a model's version (target: the model). */
export type ControlScope = StopScope | 'incident' | 'version';

export type ControlEventKind = 'stop' | 'resume' | 'incident_on' | 'incident_off' | 'promote' | 'rollback';

/** One change, as the append-only history keeps it. */
export interface ControlEvent {
  revision: number;
  kind: ControlEventKind;
  scope: ControlScope;
  target: string;
  /** promote / rollback: the version made active; null: the configured default. */
  version: string | null;
  /** promote / rollback: the version active before; null: the configured default. */
  previous: string | null;
  reason: string;
  actor: string;
  at: number;
}

/** A control that is on now: a stop, incident mode, or a model's promoted version. */
export interface ControlState {
  scope: ControlScope;
  target: string;
  version: string | null;
  reason: string;
  actor: string;
  at: number;
  revision: number;
}

export interface ControlSnapshot {
  /** The revision the state is at least as new as. */
  revision: number;
  state: ControlState[];
}

interface Who {
  actor: string;
  reason: string;
  at: number;
}

export type ControlChange = Who &
  (
    | { kind: 'stop' | 'resume'; scope: StopScope; target: string }
    | { kind: 'incident_on' | 'incident_off' }
    | { kind: 'promote'; model: string; version: string }
    /** `to` absent: the version active before the current one, from the history. */
    | { kind: 'rollback'; model: string; to?: string | undefined }
  );

export interface ControlRepository {
  /** The revision of the newest change (0: none): one row, read by every replica every controls.refreshMs. */
  revision(): Promise<number>;
  /** Everything on now. The revision is read first, so the state is never older than it says. */
  snapshot(): Promise<ControlSnapshot>;
  /**
   * Applies a change and appends it to the history in one transaction, under the revision row's lock, so
   * revisions are ordered as the changes commit. undefined: nothing to change (resuming what is not stopped,
   * turning off incident mode while it is off); nothing is appended then. Throws NothingToRollBackError.
   */
  apply(change: ControlChange): Promise<ControlEvent | undefined>;
  /** Changes, newest first; filtered by scope and target. */
  history(filter?: { scope?: ControlScope; target?: string; limit?: number }): Promise<ControlEvent[]>;
}

const key = (scope: ControlScope, target: string) => `${scope}:${target}`;

export function createControlRepository(base: Kysely<Database>): ControlRepository {
  const db = base.withTables<ControlTables>();
  return {
    async revision() {
      const row = await db.selectFrom('control_revision').select('revision').where('id', '=', 1).executeTakeFirst();
      return row ? Number(row.revision) : 0;
    },

    async snapshot() {
      const revision = await this.revision();
      const rows = await db.selectFrom('control_state').selectAll().orderBy('key').execute();
      return {
        revision,
        state: rows.map((r) => ({
          scope: r.scope as ControlScope,
          target: r.target,
          version: r.version,
          reason: r.reason,
          actor: r.actor,
          at: Number(r.at),
          revision: Number(r.revision),
        })),
      };
    },

    async apply(change) {
      try {
        return await db.transaction().execute((trx) => applyIn(trx, change));
      } catch (err) {
        // Thrown to roll the revision bump back: a no-op leaves no trace and wakes no replica.
        if (err instanceof NoChange) return undefined;
        throw err;
      }
    },

    async history(filter = {}) {
      let select = db.selectFrom('control_events').selectAll();
      if (filter.scope !== undefined) select = select.where('scope', '=', filter.scope);
      if (filter.target !== undefined) select = select.where('target', '=', filter.target);
      const rows = await select
        .orderBy('revision', 'desc')
        .limit(Math.min(1000, Math.max(1, filter.limit ?? 100)))
        .execute();
      return rows.map((r) => ({ ...r, revision: Number(r.revision), at: Number(r.at), kind: r.kind as ControlEventKind, scope: r.scope as ControlScope }));
    },
  };
}

type ControlTransaction = Transaction<Database & ControlTables>;

/** Takes the next revision (and, on PostgreSQL, the row lock every writer waits on). */
async function bump(trx: ControlTransaction): Promise<number> {
  const row = await trx
    .updateTable('control_revision')
    .set({ revision: sql`revision + 1` })
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow();
  return Number(row.revision);
}

async function current(trx: ControlTransaction, scope: ControlScope, target: string) {
  return trx.selectFrom('control_state').selectAll().where('key', '=', key(scope, target)).executeTakeFirst();
}

/** One change inside its transaction; throws NoChange when there is nothing to change. */
async function applyIn(trx: ControlTransaction, change: ControlChange): Promise<ControlEvent | undefined> {
  // First: the revision row's lock serialises every writer (PostgreSQL), so what is read below is current.
  const revision = await bump(trx);
  const event = await eventOf(trx, change, revision);
  const on = event.kind === 'stop' || event.kind === 'incident_on' || (event.version !== null && (event.kind === 'promote' || event.kind === 'rollback'));
  const k = key(event.scope, event.target);
  if (on) {
    const row = { key: k, scope: event.scope, target: event.target, version: event.version, reason: event.reason, actor: event.actor, at: event.at, revision };
    const { key: _key, ...rest } = row;
    await trx
      .insertInto('control_state')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet(rest))
      .execute();
  } else {
    const removed = await trx.deleteFrom('control_state').where('key', '=', k).executeTakeFirst();
    // Turning off what is off changes nothing; a rollback to the default always is a change.
    if (Number(removed.numDeletedRows) === 0 && event.kind !== 'rollback') throw new NoChange();
  }
  await trx.insertInto('control_events').values(event).execute();
  return event;
}

async function eventOf(trx: ControlTransaction, change: ControlChange, revision: number): Promise<ControlEvent> {
  const who = { reason: change.reason, actor: change.actor, at: change.at };
  switch (change.kind) {
    case 'stop':
    case 'resume':
      return { revision, kind: change.kind, scope: change.scope, target: change.target, version: null, previous: null, ...who };
    case 'incident_on':
    case 'incident_off':
      return { revision, kind: change.kind, scope: 'incident', target: '*', version: null, previous: null, ...who };
    case 'promote':
    case 'rollback': {
      const previous = (await current(trx, 'version', change.model))?.version ?? null;
      const version = change.kind === 'promote' ? change.version : (change.to ?? (await rollbackTarget(trx, change.model)));
      return { revision, kind: change.kind, scope: 'version', target: change.model, version, previous, ...who };
    }
  }
}

/** The version active before the current one: what the newest promotion or rollback replaced. */
async function rollbackTarget(trx: ControlTransaction, model: string): Promise<string | null> {
  const last = await trx
    .selectFrom('control_events')
    .select('previous')
    .where('scope', '=', 'version')
    .where('target', '=', model)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) throw new NothingToRollBackError(model);
  return last.previous;
}

class NoChange extends Error {}
