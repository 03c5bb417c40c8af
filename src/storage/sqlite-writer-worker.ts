import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { ContentRow } from './content-repository.js';
import { configureConnection, preparedBulkInsert } from './sqlite-writer.js';
import type { ExchangeRecord } from '../core/record.js';

/** Worker entry: commits each batch it is sent and answers with its id (and the error, if any). */
const handle = new BetterSqlite3((workerData as { path: string }).path);
configureConnection(handle);
const insert = preparedBulkInsert(handle);

parentPort?.on('message', (msg: { id: number; records: ExchangeRecord[]; contents: ContentRow[] }) => {
  try {
    insert(msg.records, msg.contents);
    parentPort?.postMessage({ id: msg.id });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
