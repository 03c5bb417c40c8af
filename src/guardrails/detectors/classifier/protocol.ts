import type { ClassifyResult, TextJob } from './model.js';

/** What a classifier worker is started with. */
export interface WorkerData {
  dir: string;
  threads: number;
  /** Int32Array[2]: state (0 loading, 1 ready, 2 failed) and the failure message's length in bytes. */
  status: SharedArrayBuffer;
  /** The failure message, UTF-8. */
  message: SharedArrayBuffer;
  hooks?: ClassifierTestHooks | undefined;
}

/** Test-only behaviour of the workers; never reachable from configuration. */
export interface ClassifierTestHooks {
  /** Hold each batch this long before running it. */
  stallMs?: number;
  /** Exit the worker thread when a batch holds exactly this text. */
  crashOn?: string;
}

export interface WorkerRequest {
  id: number;
  jobs: TextJob[];
  batchSize: number;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'load_failed'; error: string }
  | { type: 'result'; id: number; result: ClassifyResult }
  | { type: 'failed'; id: number; error: string };
