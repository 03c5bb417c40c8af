import type { TraceEntry } from '../core/exchange.js';
import type { CredentialRepository } from '../identity/credentials.js';
import type { IdentityRepository } from '../identity/identity-storage.js';
import type { AuditRepository } from './audit-repository.js';
import type { ContentRepository, ContentRow } from './content-repository.js';
import type { ConfigVersionRepository } from './config-versions.js';
import type { ControlRepository } from './control-repository.js';

/** One row per exchange: ids, identity, model, status, reason, usage, latency and the decision trace. */
export interface ExchangeRecord {
  id: string;
  /** ms since epoch */
  createdAt: number;
  /** 'chat' | 'embeddings' | 'guard.scan' | 'models.list' | 'models.get' | 'admin' | 'token' | 'unknown' (requests refused before routing) */
  operation: string;
  method: string;
  path: string;
  identityId: string;
  endUser: string | null;
  modelRequested: string | null;
  providerId: string | null;
  upstreamModel: string | null;
  streamed: boolean;
  status: number;
  reason: string;
  /** `in_progress`: the durable start of a stream, replaced by its final record when the stream ends. */
  outcome: 'ok' | 'refused' | 'error' | 'interrupted' | 'client_closed' | 'in_progress';
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Whole exchange, ms. */
  latencyMs: number;
  /** Time to first byte sent to the client (streams), ms. */
  ttfbMs: number | null;
  trace: TraceEntry[];
  /** The conversation the client named (header x-gatehouse-conversation-id), to group its turns. */
  conversationId: string | null;
  /** The caller's environment (sandbox, pilot, production); null for anonymous callers and admin calls. */
  environment: string | null;
  /** sha256 of the configuration (policies, guardrail profiles) the decisions were made under. */
  policyVersion: string | null;
  /** Guardrail findings, input then output: detector, type, score, span, path, action. Never content. */
  findings: RecordedFinding[];
  /** Cost in USD from the served deployment's prices; null while no price is configured. */
  costUsd: number | null;
  /** How the prompt and answer were kept (none, hashed, redacted, full); null when nothing applied. */
  contentMode: string | null;
  /** HMAC-SHA256 of the content text: sealed into the chain, so stored content can be proven unaltered. */
  contentDigest: string | null;
  /** The deployment that served the exchange (or last failed it); null when none was reached. */
  deploymentId: string | null;
  /** The model version of that deployment. */
  modelVersion: string | null;
}

/** What a record keeps of a guardrail finding: never the scanned text. */
export interface RecordedFinding {
  direction: 'input' | 'output';
  detector: string;
  type: string;
  score: number;
  start: number;
  end: number;
  path: string;
  action: string;
  /**
   * Present on an entry that stands for findings past the record's cap: how many of this detector and
   * type were found and not listed (span and path of the first, highest score, strictest action).
   */
  omitted?: number;
}

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
