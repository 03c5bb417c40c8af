import type { ColumnType, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { IdentityExistsError, type IdentityRepository } from '../identity/identity-storage.js';
import type { AdminRole, Environment, Identity, IdentityState } from '../identity/types.js';
import type { Database } from './database.js';
import type { Store } from './store.js';

/** BIGINT (Postgres, returned as a string) / INTEGER (SQLite). */
type Int64 = ColumnType<number | string, number, number>;
type NullableInt64 = ColumnType<number | string | null, number | null, number | null>;
/** boolean (Postgres) / 0 or 1 (SQLite: better-sqlite3 refuses to bind booleans). */
type Flag = ColumnType<boolean | number, boolean | number, boolean | number>;
/** jsonb (Postgres, returned parsed) / TEXT (SQLite); always written as JSON text. */
type JsonList = ColumnType<unknown, string, string>;

type IdentitiesTable = {
  id: string;
  display_name: string;
  owner: string;
  team: string | null;
  environment: string;
  state: string;
  purpose: string | null;
  allowed_models: JsonList;
  allowed_tools: JsonList;
  allowed_datasets: JsonList;
  roles: JsonList;
  allowed_scopes: JsonList;
  may_assert_end_users: Flag;
  limits_profile: string | null;
  guardrail_profile: string | null;
  source: string;
  created_at: Int64;
  last_rotated_at: NullableInt64;
  last_used_at: NullableInt64;
};

// Type aliases, not interfaces: withTables needs the implicit index signature only aliases have.
type IdentityTables = { identities: IdentitiesTable };

type IdentityRow = Selectable<IdentitiesTable>;
type IdentityPatch = Parameters<IdentityRepository['update']>[1];

/**
 * The identities table through Kysely, for both dialects. The table is declared here (withTables), so
 * the shared Database type stays the exchanges' alone.
 */
export function createKyselyIdentityRepository(base: Kysely<Database>, dialect: Store['dialect']): IdentityRepository {
  const db = base.withTables<IdentityTables>();
  const flag: FlagEncoder = (value) => (dialect === 'sqlite' ? (value ? 1 : 0) : value);
  return {
    async create(identity) {
      // ON CONFLICT DO NOTHING reports a taken id the same way on both backends, without parsing driver errors.
      const result = await db
        .insertInto('identities')
        .values(toRow(identity, flag))
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) throw new IdentityExistsError(identity.id);
    },

    async upsert(identity) {
      const { id: _id, ...rest } = toRow(identity, flag);
      await db
        .insertInto('identities')
        .values(toRow(identity, flag))
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async list(filter = {}) {
      let select = db.selectFrom('identities').selectAll();
      if (filter.state !== undefined) select = select.where('state', '=', filter.state);
      if (filter.environment !== undefined) select = select.where('environment', '=', filter.environment);
      if (filter.team !== undefined) select = select.where('team', '=', filter.team);
      const rows = await select.orderBy('id').execute();
      return rows.map(fromRow);
    },

    async update(id, patch) {
      const row = toPatchRow(patch, flag);
      if (Object.keys(row).length === 0) return this.get(id);
      const updated = await db.updateTable('identities').set(row).where('id', '=', id).returningAll().executeTakeFirst();
      return updated && fromRow(updated);
    },

    async touch(lastUsed) {
      if (lastUsed.size === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const [id, at] of lastUsed) {
          // Only forward: another replica may already have written a later use.
          await trx
            .updateTable('identities')
            .set({ last_used_at: at })
            .where('id', '=', id)
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
            .execute();
        }
      });
    },
  };
}

/** A boolean as the dialect stores it. */
type FlagEncoder = (value: boolean) => boolean | number;

/** The row written for an identity. */
function toRow(identity: Identity, flag: FlagEncoder): Insertable<IdentitiesTable> {
  return {
    id: identity.id,
    display_name: identity.displayName,
    owner: identity.owner,
    team: identity.team,
    environment: identity.environment,
    state: identity.state,
    purpose: identity.purpose,
    allowed_models: JSON.stringify(identity.allowedModels),
    allowed_tools: JSON.stringify(identity.allowedTools),
    allowed_datasets: JSON.stringify(identity.allowedDatasets),
    roles: JSON.stringify(identity.roles),
    allowed_scopes: JSON.stringify(identity.allowedScopes),
    may_assert_end_users: flag(identity.mayAssertEndUsers),
    limits_profile: identity.limitsProfile,
    guardrail_profile: identity.guardrailProfile,
    source: identity.source,
    created_at: identity.createdAt,
    last_rotated_at: identity.lastRotatedAt,
    last_used_at: identity.lastUsedAt,
  };
}

/** The columns a patch sets: only its defined fields. */
function toPatchRow(patch: IdentityPatch, flag: FlagEncoder): Updateable<IdentitiesTable> {
  const row: Updateable<IdentitiesTable> = {};
  if (patch.displayName !== undefined) row.display_name = patch.displayName;
  if (patch.owner !== undefined) row.owner = patch.owner;
  if (patch.team !== undefined) row.team = patch.team;
  if (patch.environment !== undefined) row.environment = patch.environment;
  if (patch.state !== undefined) row.state = patch.state;
  if (patch.purpose !== undefined) row.purpose = patch.purpose;
  if (patch.allowedModels !== undefined) row.allowed_models = JSON.stringify(patch.allowedModels);
  if (patch.allowedTools !== undefined) row.allowed_tools = JSON.stringify(patch.allowedTools);
  if (patch.allowedDatasets !== undefined) row.allowed_datasets = JSON.stringify(patch.allowedDatasets);
  if (patch.roles !== undefined) row.roles = JSON.stringify(patch.roles);
  if (patch.allowedScopes !== undefined) row.allowed_scopes = JSON.stringify(patch.allowedScopes);
  if (patch.mayAssertEndUsers !== undefined) row.may_assert_end_users = flag(patch.mayAssertEndUsers);
  if (patch.limitsProfile !== undefined) row.limits_profile = patch.limitsProfile;
  if (patch.guardrailProfile !== undefined) row.guardrail_profile = patch.guardrailProfile;
  if (patch.lastRotatedAt !== undefined) row.last_rotated_at = patch.lastRotatedAt;
  if (patch.lastUsedAt !== undefined) row.last_used_at = patch.lastUsedAt;
  return row;
}

/** Decodes a row from either dialect. */
function fromRow(row: IdentityRow): Identity {
  return {
    id: row.id,
    displayName: row.display_name,
    owner: row.owner,
    team: row.team,
    environment: row.environment as Environment,
    state: row.state as IdentityState,
    purpose: row.purpose,
    allowedModels: stringList(row.allowed_models),
    allowedTools: stringList(row.allowed_tools),
    allowedDatasets: stringList(row.allowed_datasets),
    roles: stringList(row.roles) as AdminRole[],
    allowedScopes: stringList(row.allowed_scopes),
    mayAssertEndUsers: row.may_assert_end_users === true || row.may_assert_end_users === 1,
    limitsProfile: row.limits_profile,
    guardrailProfile: row.guardrail_profile,
    source: row.source as Identity['source'],
    createdAt: Number(row.created_at),
    lastRotatedAt: nullableNumber(row.last_rotated_at),
    lastUsedAt: nullableNumber(row.last_used_at),
  };
}

function stringList(value: unknown): string[] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(list) ? list.map(String) : [];
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
