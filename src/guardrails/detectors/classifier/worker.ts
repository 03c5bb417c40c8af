import { parentPort, workerData } from 'node:worker_threads';
import type { ClassifierModel, TextJob } from './model.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './protocol.js';

/**
 * Worker entry: loads the model once, says so (in the shared status word, which the gateway waits on at
 * start, and as a message), then classifies each batch it is sent, one at a time.
 */
const data = workerData as WorkerData;
const status = new Int32Array(data.status);
const port = parentPort;

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

/** Writes the outcome of the load where the gateway's blocked start can read it, then wakes it. */
function settle(error: string | undefined): void {
  if (error !== undefined) {
    const bytes = new TextEncoder().encode(error).slice(0, data.message.byteLength);
    new Uint8Array(data.message).set(bytes);
    Atomics.store(status, 1, bytes.length);
  }
  Atomics.store(status, 0, error === undefined ? 1 : 2);
  Atomics.notify(status, 0);
}

/** Test hook: holds the thread, as a model far too slow for its deadline would. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function serve(model: ClassifierModel): Promise<void> {
  port?.on('message', (request: WorkerRequest) => {
    if (data.hooks?.crashOn !== undefined && request.jobs.some((j: TextJob) => j.text === data.hooks?.crashOn)) process.exit(70);
    if (data.hooks?.stallMs) stall(data.hooks.stallMs);
    model.classify(request.jobs, request.batchSize).then(
      (result) => reply({ type: 'result', id: request.id, result }),
      (err: unknown) => reply({ type: 'failed', id: request.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

try {
  // Imported here, not at the top: a missing native binding must reach the waiting start as a message,
  // not end the thread before it can say anything.
  const { loadClassifierModel } = await import('./model.js');
  const model = await loadClassifierModel(data.dir, data.threads);
  await serve(model);
  settle(undefined);
  reply({ type: 'ready' });
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  settle(message);
  reply({ type: 'load_failed', error: message });
}
