import { sql, type Kysely } from 'kysely';

/**
 * Operator controls (kill switches, incident mode, promoted model versions): the state in force
 * (control_state, one row per switch that is on), every change ever made (control_events, append-only)
 * and one revision counter every change bumps in the same transaction, so a replica tells that something
 * changed by reading one row.
 */
const statements = [
  `CREATE TABLE control_revision (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    revision INTEGER NOT NULL
  )`,
  'INSERT INTO control_revision (id, revision) VALUES (1, 0)',
  `CREATE TABLE control_events (
    revision INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    target TEXT NOT NULL,
    version TEXT,
    previous TEXT,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
  )`,
  'CREATE INDEX control_events_target_idx ON control_events (scope, target, revision)',
  `CREATE TABLE control_state (
    key TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL,
    target TEXT NOT NULL,
    version TEXT,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    revision INTEGER NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
