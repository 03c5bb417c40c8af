import { Worker } from 'node:worker_threads';
import type { ContentRow } from './content-repository.js';
import type { ExchangeRecord } from '../core/record.js';

interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

/**
 * The record writer in a worker thread: it owns a second connection to the same file and runs the same
 * prepared, chain-sealing transaction (src/storage/sqlite-writer.ts). A batch resolves when the worker
 * has committed it. If the worker dies, the batches in flight fail (the recorder retries them) and the
 * next batch starts a new worker.
 */
export function startWriterThread(path: string): {
  insert(records: readonly ExchangeRecord[], contents: readonly ContentRow[]): Promise<void>;
  close(): Promise<void>;
} {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (err: Error): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const spawn = (): Worker => {
    // Under the test runner the sources are TypeScript: a bootstrap registers tsx in the thread first.
    const entry = import.meta.url.endsWith('.ts') ? './sqlite-writer-worker.tsx-bootstrap.mjs' : './sqlite-writer-worker.js';
    const w = new Worker(new URL(entry, import.meta.url), { workerData: { path } });
    w.on('message', (msg: { id: number; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error === undefined) p.resolve();
      else p.reject(new Error(msg.error));
      // Idle, the thread must not keep the process alive; busy, it must (a CLI awaits its commit).
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`the SQLite writer thread exited (code ${code})`));
    });
    w.unref();
    return w;
  };

  return {
    insert(records, contents) {
      worker ??= spawn();
      worker.ref();
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, records, contents });
      return done;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      await w.terminate();
    },
  };
}
