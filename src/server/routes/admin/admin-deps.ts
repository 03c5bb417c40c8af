import type { LimitsViewDeps } from './limits-routes.js';
import type { ApprovalDesk } from '../../../approvals/desk.js';
import type { DeploymentHealth } from '../../../routing/health.js';
import type { Authorizer } from '../../../authz/types.js';
import type { ControlPlane } from '../../../control/control-plane.js';
import type { Models } from '../../../control/model-catalog.js';
import type { Authenticator } from '../../../identity/authenticator.js';
import type { IdentityRegistry } from '../../../identity/identity-storage.js';
import type { TokenService } from '../../../identity/token-service.js';
import type { AdminRole } from '../../../identity/types.js';
import type { Store } from '../../../storage/store.js';
import type { LifecycleDeps } from '../../exchange-lifecycle.js';

/** What the admin API needs: the same registry, token service, authenticator and policies as /v1. */
export interface AdminDeps extends LifecycleDeps {
  registry: IdentityRegistry;
  tokens: TokenService;
  authenticator: Authenticator;
  /** The policies in force now: read on every call, so a reload applies to the next admin call. */
  authorizer: () => Authorizer;
  /** Audit search (`/admin/v1/audit/...`): served only when present. Content is decrypted with `content`. */
  audit?: AuditSearchDeps;
  /** Model promotion, kill switches and incident mode (`/admin/v1/models`, `/traffic`, `/incident`): served only when present. */
  controls?: ControlDeps;
  /** Held calls and their decisions (`/admin/v1/approvals`): served only when present. */
  approvals?: ApprovalDesk;
}

export interface ControlDeps {
  plane: ControlPlane;
  /** The model registry in force now (a reload applies to the next call). */
  models: () => Models;
  /** The configured provider ids now. */
  providers: () => ReadonlySet<string>;
  /** The configured MCP servers and declared tools now, for their kill switches. */
  mcpServers?: () => ReadonlySet<string>;
  tools?: () => ReadonlySet<string>;
  /** Circuit breakers and latency per deployment, for GET /admin/v1/routing/health. */
  health?: DeploymentHealth;
  /** Budget state for GET /admin/v1/limits/budgets. */
  limits?: LimitsViewDeps;
}

export interface AuditSearchDeps {
  store: Store;
  /** The roles that may read stored content (`audit.content.readers`): read on every call, so a reload applies. */
  contentReaders: () => readonly AdminRole[];
}
