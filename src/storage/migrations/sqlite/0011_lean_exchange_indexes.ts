import { sql, type Kysely } from 'kysely';

/**
 * Every exchange record pays for each index on the exchanges table, twice for a stream (its start row, then
 * its final row). Four of the seven indexes are keyed by a value most rows share or lack: the caller while
 * auth is off (`anonymous`), the reason of a success (`ok`), the end user and the conversation when the
 * client names none. Those rows never need an entry, because a search by such a value is a search of most
 * of the table, which the created_at index serves as well. So these indexes become partial: they hold only
 * the rows a search by that field can narrow to, and the store's queries carry the matching condition
 * (src/storage/exchange-query.ts, `LEAN_INDEX_TERMS`). On SQLite, with the recorder's group commits of ~10
 * rows, an anonymous, successful record without end user or conversation costs about half what it did
 * (three index entries instead of seven, and fewer pages written to the WAL per commit).
 */
const statements = [
  'DROP INDEX exchanges_identity_idx',
  "CREATE INDEX exchanges_identity_idx ON exchanges (identity_id, created_at DESC, id DESC) WHERE identity_id <> 'anonymous'",
  'DROP INDEX exchanges_reason_idx',
  "CREATE INDEX exchanges_reason_idx ON exchanges (reason, created_at DESC, id DESC) WHERE reason <> 'ok'",
  'DROP INDEX exchanges_end_user_idx',
  'CREATE INDEX exchanges_end_user_idx ON exchanges (end_user, created_at DESC, id DESC) WHERE end_user IS NOT NULL',
  'DROP INDEX exchanges_conversation_idx',
  'CREATE INDEX exchanges_conversation_idx ON exchanges (conversation_id, created_at DESC, id DESC) WHERE conversation_id IS NOT NULL',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
