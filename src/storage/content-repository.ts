import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** One exchange's stored content, sealed (encrypted) under its subject's key. */
export interface ContentRow {
  id: string;
  /** Whose content it is: the end user, else `identity:<id>`. Erasure works per subject. */
  subject: string;
  createdAt: number;
  mode: string;
  /** The AES-256-GCM envelope (see src/audit/content-cipher.ts). */
  sealed: string;
}

export interface SubjectKeyRow {
  wrapped: string | null;
  createdAt: number;
  erasedAt: number | null;
}

export interface LegalHold {
  subject: string;
  reason: string;
  createdAt: number;
  createdBy: string;
}

export class LegalHoldError extends Error {
  constructor(readonly subject: string) {
    super(`subject ${subject} is under legal hold: release the hold before erasing`);
    this.name = 'LegalHoldError';
  }
}

/** Stored content, subject keys and legal holds. Content rows are inserted with their exchanges. */
export interface ContentRepository {
  subjectKey(subject: string): Promise<SubjectKeyRow | undefined>;
  /**
   * Stores a new subject's wrapped key unless a live one exists (an erased subject gets a fresh key for
   * content that comes after the erasure); returns the one that is stored.
   */
  createSubjectKey(subject: string, wrapped: string, at: number): Promise<SubjectKeyRow>;
  get(ids: readonly string[]): Promise<Map<string, ContentRow>>;
  /** Deletes content created before `before`, except that of subjects under legal hold. Returns rows deleted. */
  purge(before: number): Promise<number>;
  hold(hold: LegalHold): Promise<void>;
  release(subject: string): Promise<boolean>;
  holds(): Promise<LegalHold[]>;
  /** Deletes a subject's content and its key (throws LegalHoldError when held). Returns rows deleted. */
  erase(subject: string, at: number): Promise<{ rows: number; hadKey: boolean }>;
}

export function createContentRepository(db: Kysely<Database>): ContentRepository {
  return { ...subjectKeyQueries(db), ...contentQueries(db), ...legalHoldQueries(db), erase: (subject, at) => eraseSubject(db, subject, at) };
}

function keyRow(r: { wrapped: string | null; created_at: number | string; erased_at: number | string | null }): SubjectKeyRow {
  return {
    wrapped: r.wrapped,
    createdAt: Number(r.created_at),
    erasedAt: r.erased_at === null ? null : Number(r.erased_at),
  };
}

/** Each subject's wrapped content key (null once erased). */
function subjectKeyQueries(db: Kysely<Database>): Pick<ContentRepository, 'subjectKey' | 'createSubjectKey'> {
  return {
    async subjectKey(subject) {
      const row = await db.selectFrom('content_keys').selectAll().where('subject', '=', subject).executeTakeFirst();
      return row && keyRow(row);
    },
    async createSubjectKey(subject, wrapped, at) {
      await db
        .insertInto('content_keys')
        .values({ subject, wrapped, created_at: at, erased_at: null })
        .onConflict((oc) => oc.column('subject').doUpdateSet({ wrapped, created_at: at }).where('content_keys.wrapped', 'is', null))
        .execute();
      return keyRow(await db.selectFrom('content_keys').selectAll().where('subject', '=', subject).executeTakeFirstOrThrow());
    },
  };
}

/** The sealed content rows: read by id, purged by age except under legal hold. */
function contentQueries(db: Kysely<Database>): Pick<ContentRepository, 'get' | 'purge'> {
  return {
    async get(ids) {
      const out = new Map<string, ContentRow>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('exchange_content')
          .selectAll()
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.id, { id: r.id, subject: r.subject, createdAt: Number(r.created_at), mode: r.mode, sealed: r.sealed });
      }
      return out;
    },
    async purge(before) {
      const result = await db
        .deleteFrom('exchange_content')
        .where('created_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('legal_holds').select('subject').whereRef('legal_holds.subject', '=', 'exchange_content.subject'))),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function legalHoldQueries(db: Kysely<Database>): Pick<ContentRepository, 'hold' | 'release' | 'holds'> {
  return {
    async hold(h) {
      await db
        .insertInto('legal_holds')
        .values({ subject: h.subject, reason: h.reason, created_at: h.createdAt, created_by: h.createdBy })
        .onConflict((oc) => oc.column('subject').doUpdateSet({ reason: h.reason, created_at: h.createdAt, created_by: h.createdBy }))
        .execute();
    },
    async release(subject) {
      const result = await db.deleteFrom('legal_holds').where('subject', '=', subject).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async holds() {
      const rows = await db.selectFrom('legal_holds').selectAll().orderBy('created_at', 'asc').execute();
      return rows.map((r) => ({ subject: r.subject, reason: r.reason, createdAt: Number(r.created_at), createdBy: r.created_by }));
    },
  };
}

/** ContentRepository.erase: the subject's content and key in one transaction, refused under legal hold. */
async function eraseSubject(db: Kysely<Database>, subject: string, at: number): Promise<{ rows: number; hadKey: boolean }> {
  return db.transaction().execute(async (trx) => {
    const held = await trx.selectFrom('legal_holds').select('subject').where('subject', '=', subject).executeTakeFirst();
    if (held) throw new LegalHoldError(subject);
    const deleted = await trx.deleteFrom('exchange_content').where('subject', '=', subject).executeTakeFirst();
    const key = await trx
      .updateTable('content_keys')
      .set({ wrapped: null, erased_at: at })
      .where('subject', '=', subject)
      .where('wrapped', 'is not', null)
      .executeTakeFirst();
    if (Number(key.numUpdatedRows) === 0) {
      // Erased before it ever had content: remember the erasure so a later key is not silently reused.
      await trx
        .insertInto('content_keys')
        .values({ subject, wrapped: null, created_at: at, erased_at: at })
        .onConflict((oc) => oc.column('subject').doNothing())
        .execute();
    }
    return { rows: Number(deleted.numDeletedRows), hadKey: Number(key.numUpdatedRows) > 0 };
  });
}
