import { sql, type Kysely } from 'kysely';

/**
 * Operator controls (kill switches, incident mode, promoted model versions): the state in force
 * (control_state, one row per switch that is on), every change ever made (control_events, append-only)
 * and one revision counter every change bumps in the same transaction, so a replica tells that something
 * changed by reading one row.
 */
const statements = [
  `CREATE TABLE control_revision (
    id integer PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
  )`,
  'INSERT INTO control_revision (id, revision) VALUES (1, 0)',
  `CREATE TABLE control_events (
    revision bigint PRIMARY KEY,
    kind text NOT NULL,
    scope text NOT NULL,
    target text NOT NULL,
    version text,
    previous text,
    reason text NOT NULL,
    actor text NOT NULL,
    at bigint NOT NULL
  )`,
  'CREATE INDEX control_events_target_idx ON control_events (scope, target, revision)',
  `CREATE TABLE control_state (
    key text PRIMARY KEY,
    scope text NOT NULL,
    target text NOT NULL,
    version text,
    reason text NOT NULL,
    actor text NOT NULL,
    at bigint NOT NULL,
    revision bigint NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
