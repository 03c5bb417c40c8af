import { sql, type Kysely } from 'kysely';

/**
 * Credential tables. No column holds a usable secret: client secrets and API keys are HMAC-SHA256
 * hashes (base64url), signing private keys are AES-256-GCM ciphertext. Times are ms since epoch.
 * identity_id is not a foreign key: identities are retired, never deleted, and credentials of a
 * retired identity stay for the audit trail.
 */
const statements = [
  `CREATE TABLE client_secrets (
    id TEXT PRIMARY KEY NOT NULL,
    identity_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
  )`,
  'CREATE INDEX client_secrets_identity_idx ON client_secrets (identity_id, created_at)',
  `CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    identity_id TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  )`,
  'CREATE INDEX api_keys_identity_idx ON api_keys (identity_id)',
  `CREATE TABLE client_jwks (
    identity_id TEXT PRIMARY KEY NOT NULL,
    jwks TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  `CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    alg TEXT NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
    public_jwk TEXT NOT NULL,
    private_key_ciphertext TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
  )`,
  `CREATE TABLE revoked_tokens (
    jti TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
  'CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)',
];

/** Creates the credential tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // better-sqlite3 prepares one statement at a time, hence one raw query per statement.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
