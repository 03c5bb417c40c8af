import type { Environment, Identity, IdentityState } from './types.js';

// Where identities are kept: durably in a repository (implemented by storage/identity-repository.ts), and
// in memory for the request path in a registry (implemented by identity-registry.ts).

/** Durable identities (a table in the Store). */
export interface IdentityRepository {
  /** Throws IdentityExistsError when the id is taken. */
  create(identity: Identity): Promise<void>;
  /** Insert or replace (config sync). */
  upsert(identity: Identity): Promise<void>;
  get(id: string): Promise<Identity | undefined>;
  list(filter?: { state?: IdentityState; environment?: Environment; team?: string }): Promise<Identity[]>;
  /** Returns the updated identity, undefined when unknown. */
  update(id: string, patch: Partial<Omit<Identity, 'id' | 'createdAt' | 'source'>>): Promise<Identity | undefined>;
  /** Batched lastUsedAt updates: id -> ms since epoch. */
  touch(lastUsed: ReadonlyMap<string, number>): Promise<void>;
}

export class IdentityExistsError extends Error {
  constructor(readonly id: string) {
    super(`identity ${id} already exists`);
    this.name = 'IdentityExistsError';
  }
}

/**
 * The identities the request path sees: an in-memory view of the repository, read synchronously on
 * every request (no store round trip), written through on every change so a suspension or retirement
 * applies to the very next request on this instance.
 */
export interface IdentityRegistry {
  /** Synchronous, from memory. */
  get(id: string): Identity | undefined;
  list(): Identity[];
  create(identity: Omit<Identity, 'createdAt' | 'lastRotatedAt' | 'lastUsedAt' | 'source' | 'state'> & { state?: IdentityState }): Promise<Identity>;
  update(id: string, patch: Partial<Omit<Identity, 'id' | 'createdAt' | 'source'>>): Promise<Identity | undefined>;
  setState(id: string, state: IdentityState): Promise<Identity | undefined>;
  /** Notes a use; written to the store in batches, never on the request path. */
  markUsed(id: string, at: number): void;
  /** Re-reads the repository (other replicas' changes). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}
