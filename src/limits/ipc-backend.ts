import { ipcClient, serveIpc, type IpcChannel } from '../core/ipc.js';
import { checkAdjust, checkAmount, checkLease, checkReserve, checkWindow, type LimitBackend } from './backend.js';

const TOPIC = 'limits';

/** The operations a client may ask for: LimitBackend's, less `close` (the backend is the serving process's). */
const OPERATIONS = ['consume', 'adjust', 'acquire', 'release', 'renew', 'reserve', 'settle', 'cancel', 'budget'] as const;
type Operation = (typeof OPERATIONS)[number];
const KNOWN: ReadonlySet<string> = new Set(OPERATIONS);

export interface IpcLimitOptions {
  /** A call unanswered this long fails (limits.failMode decides), as a slow Redis would. */
  timeoutMs: number;
}

/**
 * A limit backend kept by another process and reached over IPC: the workers of `serve --workers N` all
 * call the primary's one in-memory backend, so a burst of N requests against a limit of L lets exactly
 * min(N, L) through across the workers. Atomic because the serving process runs each operation without
 * yielding (memory-backend.ts), in the order the calls arrive. Options are checked here first, so
 * nonsense throws the same RangeError as in process and costs no round trip.
 */
export function createIpcLimitBackend(channel: IpcChannel, options: IpcLimitOptions): LimitBackend {
  const client = ipcClient(channel, TOPIC, options.timeoutMs);
  const call = <T>(op: Operation, ...args: unknown[]) => client.call(op, args) as Promise<T>;
  return {
    async consume(key, window) {
      checkWindow(window);
      return call('consume', key, window);
    },
    async adjust(key, adjustment) {
      checkAdjust(adjustment);
      await call('adjust', key, adjustment);
    },
    async acquire(key, lease) {
      checkLease(lease);
      return call('acquire', key, lease);
    },
    release: (key, leaseId) => call('release', key, leaseId),
    async renew(key, leaseId, ttlMs) {
      checkLease({ max: 0, ttlMs });
      return call('renew', key, leaseId, ttlMs);
    },
    async reserve(key, reservation) {
      checkReserve(reservation);
      return call('reserve', key, reservation);
    },
    async settle(key, reservationId, actualAmount, settleOptions) {
      checkAmount(actualAmount);
      return call('settle', key, reservationId, actualAmount, settleOptions ?? {});
    },
    cancel: (key, reservationId) => call('cancel', key, reservationId),
    budget: (key, periodKey) => call('budget', key, periodKey),
    /** Fails calls still waiting; the counters stay with the serving process. */
    async close() {
      client.close();
    },
  };
}

/**
 * Serves `backend` to the `createIpcLimitBackend` at the other end of `channel` (one call per worker in
 * the primary). Returns how to stop; the backend stays open, it is the caller's.
 */
export function serveLimitBackend(backend: LimitBackend, channel: IpcChannel): () => void {
  return serveIpc(channel, TOPIC, function limitOperation(op, args) {
    if (!KNOWN.has(op)) throw new TypeError(`unknown limit operation ${op}`);
    const method = backend[op as Operation] as (...a: unknown[]) => Promise<unknown>;
    return method.apply(backend, args as unknown[]);
  });
}
