/**
 * Who is calling: the identity and principal types every layer names. They live in core because the
 * exchange carries a principal; identity/types.ts re-exports them for the identity domain.
 */

export type Environment = 'sandbox' | 'pilot' | 'production';
export const ENVIRONMENTS: readonly Environment[] = ['sandbox', 'pilot', 'production'];

export type IdentityState = 'active' | 'suspended' | 'retired';

/** Roles of admin identities; checked through the same Cedar engine as everything else. */
export type AdminRole = 'admin' | 'security' | 'approver' | 'auditor';
export const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'security', 'approver', 'auditor'];

export interface Identity {
  /** Stable id, e.g. `payments-api-prod`: letters, digits, `.`, `_`, `-`. */
  id: string;
  displayName: string;
  /** A person or team contact: required, an identity without an owner is refused. */
  owner: string;
  team: string | null;
  environment: Environment;
  state: IdentityState;
  purpose: string | null;
  /** Logical model names this identity may invoke ('*' = every model its environment may reach). */
  allowedModels: string[];
  allowedTools: string[];
  allowedDatasets: string[];
  roles: AdminRole[];
  /**
   * OAuth scopes its access tokens may carry. A token asks for some of them at /oauth/token; one that
   * asks for any other is refused (invalid_scope), and at every use a token's scopes are cut to this
   * list as it is now, so shrinking it applies before the token expires.
   */
  allowedScopes: string[];
  /** May name an end user (`x-gatehouse-end-user`, or the `act` claim); otherwise that header is ignored and recorded. */
  mayAssertEndUsers: boolean;
  /** The identity's limit profile (limits.profiles) and guardrail profile (guardrails.profiles); null: its environment's default. */
  limitsProfile: string | null;
  guardrailProfile: string | null;
  /** Declared in gatehouse.yaml (config) or created through the admin API / CLI (api). */
  source: 'config' | 'api';
  /** ms since epoch */
  createdAt: number;
  lastRotatedAt: number | null;
  lastUsedAt: number | null;
}

/** How the caller proved who it is. */
export type CredentialKind = 'access_token' | 'api_key';

/** The authenticated caller of one request. */
export interface Principal {
  identity: Identity;
  credential: CredentialKind;
  /** jti of the access token; null for API keys. */
  tokenId: string | null;
  /** Id of the static API key; null for access tokens. */
  apiKeyId?: string | null;
  scopes: string[];
  /** The end user this request is made for, when the identity may assert one. */
  endUser: string | null;
  /** RFC 8693 `act`: who acts (the agent identity id), when the token was exchanged on a user's behalf. */
  actor: string | null;
}
