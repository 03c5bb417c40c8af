import type { ExchangeRecord } from '../core/record.js';
import type { CredentialRepository } from '../identity/credentials.js';
import type { IdentityRepository } from '../identity/identity-storage.js';
import type { AuditRepository } from './audit-repository.js';
import type { ContentRepository, ContentRow } from './content-repository.js';
import type { ConfigVersionRepository } from './config-versions.js';
import type { ControlRepository } from './control-repository.js';
import type { ApprovalRepository } from '../approvals/types.js';

export interface ExchangeQuery {
  limit?: number;
  /** Only records created strictly before this time (ms): keyset pagination together with beforeId. */
  before?: number;
  beforeId?: string;
  identityId?: string;
  modelRequested?: string;
  reason?: string;
  outcome?: ExchangeRecord['outcome'];
  /** Only records created at or after this time (ms). */
  from?: number;
  /** Only records created strictly before this time (ms). */
  to?: number;
  endUser?: string;
  conversationId?: string;
  /** Only records with at least one finding by this detector (e.g. `pii`). */
  detector?: string;
  operation?: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Storage interface. Two adapters: SQLite (embedded default) and PostgreSQL (scale-out).
 * One contract suite (src/storage/store.contract.ts) runs against both.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly identities: IdentityRepository;
  readonly credentials: CredentialRepository;
  /** The hash chain every record is sealed into, its checkpoints and their keys. */
  readonly audit: AuditRepository;
  /** Every configuration run, by hash (replay). */
  readonly configVersions: ConfigVersionRepository;
  /** Encrypted content per exchange, subject keys and legal holds. */
  readonly content: ContentRepository;
  /** Kill switches, incident mode and promoted model versions, with their append-only history. */
  readonly controls: ControlRepository;
  /** Held tool calls and requests awaiting, or past, human approval; every transition sealed into the chain. */
  readonly approvals: ApprovalRepository;
  /** Apply pending migrations of this dialect; idempotent. */
  migrate(): Promise<MigrationReport>;
  /**
   * Seals records onto the audit chain and writes them to the searchable table, in one transaction: all
   * or none. A record whose id exists replaces that row (a stream's final record replaces its start);
   * the chain keeps both entries.
   */
  insertExchanges(records: readonly ExchangeRecord[], contents?: readonly ContentRow[]): Promise<void>;
  getExchange(id: string): Promise<ExchangeRecord | undefined>;
  /** Newest first. */
  listExchanges(query?: ExchangeQuery): Promise<ExchangeRecord[]>;
  countExchanges(): Promise<number>;
  /** Cheap liveness query for /readyz. Throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
