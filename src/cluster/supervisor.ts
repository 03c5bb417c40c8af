import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../log/logger.js';
import { CLUSTER_TOPIC, type ClusterMessage } from './messages.js';

/** A worker that crashes again soon is restarted after a delay that doubles from this, up to the max. */
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 10_000;
/** A worker that ran this long before exiting counts as stable: its next restart waits the minimum again. */
const STABLE_MS = 30_000;

interface Slot {
  worker: Worker;
  startedAt: number;
  ready: boolean;
  /** Exits in a row, each soon after its start. */
  crashes: number;
  detach: () => void;
  restart?: NodeJS.Timeout;
}

/** A worker's start failed: the error it reported, with its errno code (EADDRINUSE...) when it had one. */
export class WorkerStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'WorkerStartError';
  }
}

export interface SupervisorOptions {
  count: number;
  logger: Logger;
  /** Connects a new worker to the primary's services; returns how to disconnect it. */
  attach(worker: Worker): () => void;
}

/**
 * Forks the workers of `serve --workers N` into slots 1..N, and keeps each slot filled: a worker that
 * exits while the gateway is not stopping is logged and forked again, after a backoff when it keeps
 * crashing. The slot number (GATEHOUSE_WORKER_SLOT) stays with the slot across restarts; GATEHOUSE_WORKER_COUNT
 * tells each worker how many share the machine.
 */
export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #slots = new Map<number, Slot>();
  #stopping = false;
  #restarts = 0;
  #onStart: { ready(slot: number, url: string): void; failed(error: Error): void } | undefined;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** Workers listening now. */
  get ready(): number {
    return [...this.#slots.values()].filter((slot) => slot.ready).length;
  }

  /** Workers forked again after an exit, since start. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The process ids of the live workers, by slot. */
  pids(): Map<number, number | undefined> {
    return new Map([...this.#slots].map(([n, slot]) => [n, slot.worker.process.pid]));
  }

  /** Forks every slot; resolves with the URL once all listen, rejects with the first start failure. */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      const waiting = new Set(Array.from({ length: this.#options.count }, (_, i) => i + 1));
      let url = '';
      this.#onStart = {
        ready: (slot, at) => {
          url ||= at;
          waiting.delete(slot);
          if (waiting.size > 0) return;
          this.#onStart = undefined;
          resolve(url);
        },
        failed: (error) => {
          this.#onStart = undefined;
          reject(error);
        },
      };
      for (const slot of waiting) this.#fork(slot, 0);
    });
  }

  /**
   * Asks every worker to drain and waits for all to exit; those still running after `graceMs` are killed.
   * Resolves true when every worker exited by itself.
   */
  async stop(graceMs: number): Promise<boolean> {
    this.#stopping = true;
    const live = [...this.#slots.values()];
    for (const slot of live) {
      clearTimeout(slot.restart);
      if (slot.worker.isConnected()) slot.worker.send({ gh: CLUSTER_TOPIC, stop: true } satisfies ClusterMessage);
    }
    const exits = live.filter((slot) => !isDead(slot.worker)).map((slot) => exited(slot.worker));
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      Promise.all(exits).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!inTime) for (const slot of live) if (!isDead(slot.worker)) slot.worker.process.kill('SIGKILL');
    await Promise.all(exits);
    return inTime;
  }

  #fork(n: number, crashes: number): void {
    const worker = cluster.fork({ GATEHOUSE_WORKER_SLOT: String(n), GATEHOUSE_WORKER_COUNT: String(this.#options.count) });
    const slot: Slot = { worker, startedAt: Date.now(), ready: false, crashes, detach: this.#options.attach(worker) };
    this.#slots.set(n, slot);
    worker.on('message', (message: ClusterMessage) => {
      if (message?.gh !== CLUSTER_TOPIC) return;
      if (message.ready !== undefined) {
        slot.ready = true;
        this.#onStart?.ready(n, message.ready);
      } else if (message.failed) {
        const { code, name, message: text } = message.failed;
        this.#onStart?.failed(Object.assign(new WorkerStartError(text, code ?? undefined), { name }));
      }
    });
    worker.once('exit', (code, signal) => this.#exited(n, slot, code, signal));
  }

  #exited(n: number, slot: Slot, code: number | null, signal: string | null): void {
    slot.ready = false;
    slot.detach();
    if (this.#stopping || this.#slots.get(n) !== slot) return;
    if (this.#onStart) {
      // Died before listening, without saying why (a crash while loading): the start fails.
      this.#onStart.failed(new WorkerStartError(`worker ${n} exited (${signal ?? `code ${code}`}) before it was listening`, undefined));
      return;
    }
    const crashes = Date.now() - slot.startedAt >= STABLE_MS ? 0 : slot.crashes + 1;
    const delayMs = Math.min(BACKOFF_MIN_MS * 2 ** Math.max(crashes - 1, 0), BACKOFF_MAX_MS);
    this.#options.logger.warn({ worker: n, pid: slot.worker.process.pid, code, signal, restartInMs: delayMs }, 'worker exited; starting another');
    slot.restart = setTimeout(() => {
      if (this.#stopping) return;
      this.#restarts++;
      this.#fork(n, crashes);
    }, delayMs);
  }
}

function isDead(worker: Worker): boolean {
  return worker.process.exitCode !== null || worker.process.signalCode !== null;
}

function exited(worker: Worker): Promise<void> {
  return isDead(worker) ? Promise.resolve() : new Promise((resolve) => worker.once('exit', () => resolve()));
}
