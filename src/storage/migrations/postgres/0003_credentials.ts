import { sql, type Kysely } from 'kysely';

/**
 * Credential tables. No column holds a usable secret: client secrets and API keys are HMAC-SHA256
 * hashes (base64url), signing private keys are AES-256-GCM ciphertext. Times are ms since epoch
 * (BIGINT, as in the exchanges table). identity_id is not a foreign key: identities are retired, never
 * deleted, and credentials of a retired identity stay for the audit trail.
 */
const statements = [
  `CREATE TABLE client_secrets (
    id text PRIMARY KEY,
    identity_id text NOT NULL,
    secret_hash text NOT NULL UNIQUE,
    prefix text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint
  )`,
  'CREATE INDEX client_secrets_identity_idx ON client_secrets (identity_id, created_at)',
  `CREATE TABLE api_keys (
    id text PRIMARY KEY,
    identity_id text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    prefix text NOT NULL,
    created_at bigint NOT NULL,
    revoked_at bigint
  )`,
  'CREATE INDEX api_keys_identity_idx ON api_keys (identity_id)',
  `CREATE TABLE client_jwks (
    identity_id text PRIMARY KEY,
    jwks jsonb NOT NULL,
    updated_at bigint NOT NULL
  )`,
  `CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    alg text NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
    public_jwk jsonb NOT NULL,
    private_key_ciphertext text NOT NULL,
    created_at bigint NOT NULL,
    retired_at bigint
  )`,
  `CREATE TABLE revoked_tokens (
    jti text PRIMARY KEY,
    reason text NOT NULL,
    revoked_at bigint NOT NULL,
    expires_at bigint NOT NULL
  )`,
  'CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)',
];

/** Creates the credential tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
