import { Worker } from 'node:worker_threads';
import { ClassifierError } from './error.js';
import type { TextJob, TextScores } from './model.js';
import type { ClassifierTestHooks, WorkerData, WorkerReply } from './protocol.js';

export interface PoolSpec {
  dir: string;
  workers: number;
  threads: number;
  batchSize: number;
  maxQueue: number;
  hooks?: ClassifierTestHooks | undefined;
}

/** Counters of what the pool did, for tests, the bench and operators. */
export interface PoolStats {
  /** Texts accepted. */
  texts: number;
  /** Batches sent to a worker (each holds 1..batchSize texts). */
  dispatches: number;
  /** Most texts in one dispatch: > 1 means concurrent requests were batched together. */
  largestDispatch: number;
  /** onnxruntime runs, and the most windows in one. */
  runs: number;
  largestRun: number;
  windows: number;
  timeouts: number;
  queueFull: number;
  /** Workers started again after one died or was stopped overrunning every caller's deadline. */
  respawns: number;
}

interface Pending {
  job: TextJob;
  resolve(scores: TextScores): void;
  reject(err: Error): void;
  settled: boolean;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** What the worker is running now. */
  inFlight: { id: number; items: Pending[] } | undefined;
}

/** How long the start waits for a worker to load its model. */
const LOAD_TIMEOUT_MS = 120_000;
const MESSAGE_BYTES = 4096;
const MAX_RESPAWN_DELAY_MS = 30_000;

/**
 * Worker threads that each hold the model. A text waits in a bounded queue until a worker is free; a free
 * worker takes every waiting text up to the batch size, so requests that arrive while a batch runs go
 * together in the next one. Each call has a deadline (queueing included). A worker that dies fails what it
 * was running and is started again; one still running when every caller in its batch has given up is
 * stopped and started again (onnxruntime cannot cancel a run). The constructor blocks until every worker
 * has loaded the model, and throws what went wrong: a bad model is a configuration error at start.
 */
export class ClassifierPool {
  readonly #spec: PoolSpec;
  /** The model folder. */
  readonly dir: string;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;
  #respawnDelay = 250;
  readonly stats: PoolStats = { texts: 0, dispatches: 0, largestDispatch: 0, runs: 0, largestRun: 0, windows: 0, timeouts: 0, queueFull: 0, respawns: 0 };

  constructor(spec: PoolSpec) {
    this.#spec = spec;
    this.dir = spec.dir;
    const started = Array.from({ length: spec.workers }, () => this.#spawn());
    const deadline = Date.now() + LOAD_TIMEOUT_MS;
    for (const { slot, data } of started) {
      const status = new Int32Array(data.status);
      // Blocks this thread while the workers load: building a runtime is synchronous, and a model that
      // cannot load must fail the build, not the first request.
      Atomics.wait(status, 0, 0, Math.max(0, deadline - Date.now()));
      const state = Atomics.load(status, 0);
      if (state === 1) {
        slot.ready = true;
        continue;
      }
      void this.close();
      if (state === 0) throw new TypeError(`options.path: the model did not load within ${LOAD_TIMEOUT_MS / 1000} s`);
      const message = new TextDecoder().decode(new Uint8Array(data.message, 0, Atomics.load(status, 1)));
      throw new TypeError(`options.path: cannot load the model in ${spec.dir}: ${message}`);
    }
  }

  /** Texts waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Workers running a batch now. */
  get busy(): number {
    return this.#slots.filter((s) => s.inFlight !== undefined).length;
  }

  /** Classifies one text; rejects with ClassifierError on timeout, a full queue, a dead worker or a closed pool. */
  classify(job: TextJob, timeoutMs: number, signal: AbortSignal): Promise<TextScores> {
    if (this.#closed) return Promise.reject(new ClassifierError('the classifier is closed'));
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (this.#queue.length >= this.#spec.maxQueue) {
      this.stats.queueFull += 1;
      return Promise.reject(new ClassifierError(`the classifier queue is full (${this.#spec.maxQueue} texts waiting)`));
    }
    this.stats.texts += 1;
    return new Promise<TextScores>((resolve, reject) => {
      const onAbort = () => fail(signal.reason as Error);
      const fail = (err: Error) => {
        if (pending.settled) return;
        pending.settled = true;
        clearTimeout(pending.timer);
        signal.removeEventListener('abort', onAbort);
        const queued = this.#queue.indexOf(pending);
        if (queued >= 0) this.#queue.splice(queued, 1);
        else this.#abandonIfAllGaveUp(pending);
        reject(err);
      };
      const pending: Pending = {
        job,
        settled: false,
        resolve: (scores) => {
          if (pending.settled) return;
          pending.settled = true;
          clearTimeout(pending.timer);
          signal.removeEventListener('abort', onAbort);
          resolve(scores);
        },
        reject: fail,
        timer: setTimeout(() => {
          this.stats.timeouts += 1;
          fail(new ClassifierError(`the classifier did not answer within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.splice(0)) p.reject(new ClassifierError('the classifier is closed'));
    const slots = this.#slots.splice(0);
    for (const slot of slots) for (const p of slot.inFlight?.items ?? []) p.reject(new ClassifierError('the classifier is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) break;
      if (!slot.ready || slot.inFlight) continue;
      const items = this.#queue.splice(0, this.#spec.batchSize);
      const id = this.#nextId++;
      slot.inFlight = { id, items };
      this.stats.dispatches += 1;
      this.stats.largestDispatch = Math.max(this.stats.largestDispatch, items.length);
      slot.worker.ref();
      slot.worker.postMessage({ id, jobs: items.map((p) => p.job), batchSize: this.#spec.batchSize });
    }
  }

  #spawn(): { slot: Slot; data: WorkerData } {
    const data: WorkerData = {
      dir: this.#spec.dir,
      threads: this.#spec.threads,
      status: new SharedArrayBuffer(8),
      message: new SharedArrayBuffer(MESSAGE_BYTES),
      hooks: this.#spec.hooks,
    };
    // Under the test runner the sources are TypeScript: a bootstrap registers tsx in the thread first.
    const entry = import.meta.url.endsWith('.ts') ? './worker.tsx-bootstrap.mjs' : './worker.js';
    const worker = new Worker(new URL(entry, import.meta.url), { workerData: data });
    const slot: Slot = { worker, ready: false, inFlight: undefined };
    this.#slots.push(slot);
    worker.on('message', (message: WorkerReply) => this.#onMessage(slot, message));
    // An 'error' is followed by 'exit'; the exit handler fails the batch and starts a new worker.
    worker.on('error', () => {});
    worker.on('exit', (code) => this.#onExit(slot, code));
    worker.unref();
    return { slot, data };
  }

  #onMessage(slot: Slot, message: WorkerReply): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.#respawnDelay = 250;
      this.#dispatch();
      return;
    }
    if (message.type === 'load_failed') {
      // Only a restarted worker gets here (the start throws instead): try again later, with back-off.
      void slot.worker.terminate();
      return;
    }
    const batch = slot.inFlight;
    if (!batch || batch.id !== message.id) return;
    slot.inFlight = undefined;
    if (this.#queue.length === 0) slot.worker.unref();
    if (message.type === 'result') {
      const { result } = message;
      this.stats.runs += result.runs;
      this.stats.windows += result.windows;
      this.stats.largestRun = Math.max(this.stats.largestRun, result.largestRun);
      batch.items.forEach((p, i) => {
        p.resolve(result.scores[i] as TextScores);
      });
    } else {
      for (const p of batch.items) p.reject(new ClassifierError(`the classifier failed (${message.error.slice(0, 200)})`));
    }
    this.#dispatch();
  }

  #onExit(slot: Slot, code: number): void {
    const at = this.#slots.indexOf(slot);
    if (at < 0) return;
    this.#slots.splice(at, 1);
    for (const p of slot.inFlight?.items ?? []) p.reject(new ClassifierError(`the classifier worker exited (code ${code})`));
    if (this.#closed) return;
    this.stats.respawns += 1;
    const delay = slot.ready ? 0 : this.#respawnDelay;
    if (!slot.ready) this.#respawnDelay = Math.min(MAX_RESPAWN_DELAY_MS, this.#respawnDelay * 2);
    setTimeout(() => {
      if (!this.#closed) this.#spawn();
    }, delay).unref();
  }

  /** A batch whose every caller has given up is only occupying its worker: stop the worker, start another. */
  #abandonIfAllGaveUp(pending: Pending): void {
    const slot = this.#slots.find((s) => s.inFlight?.items.includes(pending));
    if (slot?.inFlight?.items.every((p) => p.settled)) void slot.worker.terminate();
  }
}
