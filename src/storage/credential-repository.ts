import type { JsonWebKey } from 'node:crypto';
import type { ColumnType, Kysely, Selectable } from 'kysely';
import type {
  ApiKeyRecord,
  ClientJwksRecord,
  ClientSecretRecord,
  CredentialRepository,
  RevokedTokenRecord,
  SigningKeyRecord,
} from '../identity/credentials.js';
import type { Database } from './database.js';
import type { Store } from './store.js';

/** BIGINT (Postgres, returned as a string) / INTEGER (SQLite). */
type Int64 = ColumnType<number | string, number, number>;
type NullableInt64 = ColumnType<number | string | null, number | null, number | null>;
/** jsonb (Postgres, returned parsed) / TEXT (SQLite); always written as JSON text. */
type JsonText = ColumnType<unknown, string, string>;

type ClientSecretsTable = {
  id: string;
  identity_id: string;
  secret_hash: string;
  prefix: string;
  created_at: Int64;
  expires_at: NullableInt64;
};

type ApiKeysTable = {
  id: string;
  identity_id: string;
  key_hash: string;
  prefix: string;
  created_at: Int64;
  revoked_at: NullableInt64;
  revoked_by: string | null;
  revoke_reason: string | null;
};

type ClientJwksTable = {
  identity_id: string;
  jwks: JsonText;
  updated_at: Int64;
};

type SigningKeysTable = {
  kid: string;
  alg: string;
  public_jwk: JsonText;
  private_key_ciphertext: string;
  created_at: Int64;
  retired_at: NullableInt64;
};

type RevokedTokensTable = {
  jti: string;
  reason: string;
  revoked_at: Int64;
  expires_at: Int64;
};

/** The tables of migration 0003_credentials, added to the Database type only here. */
export type CredentialTables = {
  client_secrets: ClientSecretsTable;
  api_keys: ApiKeysTable;
  client_jwks: ClientJwksTable;
  signing_keys: SigningKeysTable;
  revoked_tokens: RevokedTokensTable;
};

/**
 * The credential repository over Kysely, for both dialects: the SQL is portable (ON CONFLICT exists
 * in both), and the row codecs below absorb how each driver returns BIGINT and JSON.
 */
export function createKyselyCredentialRepository(database: Kysely<Database>, _dialect: Store['dialect']): CredentialRepository {
  const db = database.withTables<CredentialTables>();
  return { ...clientSecretQueries(db), ...apiKeyQueries(db), ...clientJwksQueries(db), ...signingKeyQueries(db), ...revokedTokenQueries(db) };
}

type CredentialDb = Kysely<Database & CredentialTables>;

function clientSecretQueries(
  db: CredentialDb,
): Pick<CredentialRepository, 'addClientSecret' | 'rotateClientSecret' | 'listClientSecrets' | 'purgeClientSecrets'> {
  return {
    async addClientSecret(secret) {
      await db.insertInto('client_secrets').values(toSecretRow(secret)).execute();
    },
    async rotateClientSecret(next, previousValidUntil) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('client_secrets')
          .set({ expires_at: previousValidUntil })
          .where('identity_id', '=', next.identityId)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', previousValidUntil)]))
          .execute();
        await trx.insertInto('client_secrets').values(toSecretRow(next)).execute();
      });
    },
    async listClientSecrets(identityId, at) {
      const rows = await db
        .selectFrom('client_secrets')
        .selectAll()
        .where('identity_id', '=', identityId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromSecretRow);
    },
    async purgeClientSecrets(before) {
      const result = await db.deleteFrom('client_secrets').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function apiKeyQueries(db: CredentialDb): Pick<CredentialRepository, 'addApiKey' | 'findApiKeyByHash' | 'listActiveApiKeys' | 'listApiKeys' | 'revokeApiKey'> {
  return {
    async addApiKey(key) {
      await db
        .insertInto('api_keys')
        .values({ id: key.id, identity_id: key.identityId, key_hash: key.hash, prefix: key.prefix, created_at: key.createdAt, revoked_at: key.revokedAt })
        .execute();
    },
    async findApiKeyByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
      return row && fromApiKeyRow(row);
    },
    async listActiveApiKeys() {
      const rows = await db.selectFrom('api_keys').selectAll().where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      return rows.map(fromApiKeyRow);
    },
    async listApiKeys(identityId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('identity_id', '=', identityId).orderBy('created_at').orderBy('id').execute();
      return rows.map(fromApiKeyRow);
    },
    async revokeApiKey(id, at, by) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: at, revoked_by: by?.actor ?? null, revoke_reason: by?.reason ?? null })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function clientJwksQueries(db: CredentialDb): Pick<CredentialRepository, 'setClientJwks' | 'getClientJwks'> {
  return {
    async setClientJwks(record) {
      const jwks = JSON.stringify(record.jwks);
      await db
        .insertInto('client_jwks')
        .values({ identity_id: record.identityId, jwks, updated_at: record.updatedAt })
        .onConflict((oc) => oc.column('identity_id').doUpdateSet({ jwks, updated_at: record.updatedAt }))
        .execute();
    },
    async getClientJwks(identityId) {
      const row = await db.selectFrom('client_jwks').selectAll().where('identity_id', '=', identityId).executeTakeFirst();
      return row && { identityId: row.identity_id, jwks: parseJson(row.jwks) as ClientJwksRecord['jwks'], updatedAt: Number(row.updated_at) };
    },
  };
}

function signingKeyQueries(db: CredentialDb): Pick<CredentialRepository, 'addSigningKey' | 'rotateSigningKey' | 'listSigningKeys' | 'purgeSigningKeys'> {
  return {
    async addSigningKey(key) {
      await db.insertInto('signing_keys').values(toSigningKeyRow(key)).execute();
    },
    async rotateSigningKey(next) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('signing_keys').set({ retired_at: next.createdAt }).where('retired_at', 'is', null).execute();
        await trx.insertInto('signing_keys').values(toSigningKeyRow(next)).execute();
      });
    },
    async listSigningKeys() {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
      return rows.map(fromSigningKeyRow);
    },
    async purgeSigningKeys(retiredBefore) {
      const result = await db.deleteFrom('signing_keys').where('retired_at', '<', retiredBefore).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function revokedTokenQueries(db: CredentialDb): Pick<CredentialRepository, 'revokeToken' | 'listRevokedTokens' | 'purgeRevokedTokens'> {
  return {
    async revokeToken(record) {
      await db
        .insertInto('revoked_tokens')
        .values({ jti: record.jti, reason: record.reason, revoked_at: record.revokedAt, expires_at: record.expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
    },
    async listRevokedTokens(at) {
      const rows = await db.selectFrom('revoked_tokens').selectAll().where('expires_at', '>', at).orderBy('revoked_at').execute();
      return rows.map(fromRevokedRow);
    },
    async purgeRevokedTokens(before) {
      const result = await db.deleteFrom('revoked_tokens').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toSecretRow(secret: ClientSecretRecord) {
  return {
    id: secret.id,
    identity_id: secret.identityId,
    secret_hash: secret.hash,
    prefix: secret.prefix,
    created_at: secret.createdAt,
    expires_at: secret.expiresAt,
  };
}

function fromSecretRow(row: Selectable<ClientSecretsTable>): ClientSecretRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    hash: row.secret_hash,
    prefix: row.prefix,
    createdAt: Number(row.created_at),
    expiresAt: nullableNumber(row.expires_at),
  };
}

function fromApiKeyRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    hash: row.key_hash,
    prefix: row.prefix,
    createdAt: Number(row.created_at),
    revokedAt: nullableNumber(row.revoked_at),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

function toSigningKeyRow(key: SigningKeyRecord) {
  return {
    kid: key.kid,
    alg: key.alg,
    public_jwk: JSON.stringify(key.publicJwk),
    private_key_ciphertext: key.privateKeyCiphertext,
    created_at: key.createdAt,
    retired_at: key.retiredAt,
  };
}

function fromSigningKeyRow(row: Selectable<SigningKeysTable>): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg as SigningKeyRecord['alg'],
    publicJwk: parseJson(row.public_jwk) as JsonWebKey,
    privateKeyCiphertext: row.private_key_ciphertext,
    createdAt: Number(row.created_at),
    retiredAt: nullableNumber(row.retired_at),
  };
}

function fromRevokedRow(row: Selectable<RevokedTokensTable>): RevokedTokenRecord {
  return { jti: row.jti, reason: row.reason, revokedAt: Number(row.revoked_at), expiresAt: Number(row.expires_at) };
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
