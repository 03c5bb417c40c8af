import type { GatehouseConfig } from '../config/schema.js';
import type { IpcChannel } from '../core/ipc.js';
import type { ExchangeRecord } from '../core/record.js';
import { ipcControlSignal } from '../control/ipc-signal.js';
import { createIpcLimitBackend } from '../limits/ipc-backend.js';
import type { Logger } from '../log/logger.js';
import { workerMetrics } from '../telemetry/cluster-metrics.js';
import { startGateway, type Gateway, type GatewayOptions, type WorkerServices } from '../gateway.js';
import { parentChannel } from './channels.js';
import { CLUSTER_TOPIC, IDENTITY_TOPIC, type ClusterMessage } from './messages.js';

/** A limit check the primary has not answered in this long fails, and limits.failMode decides (as for a slow Redis). */
const LIMIT_TIMEOUT_MS = 1_000;

export interface WorkerOptions extends Omit<GatewayOptions, 'worker' | 'logger'> {
  config: GatehouseConfig;
  /** This worker's slot, 1..N, stable across restarts of the slot. */
  slot: number;
  /** N: the workers of the gateway. */
  processes: number;
  logger: Logger;
  /** Starts watching the configuration file for this worker's gateway (serve's watcher), or not. */
  watch?(gateway: Gateway): { close(): void } | undefined;
}

/** The records the primary's SIEM export takes (a stream's start carries no event: its final record does). */
function forwardRecords(parent: IpcChannel, records: readonly ExchangeRecord[]): void {
  const finished = records.filter((record) => record.outcome !== 'in_progress');
  if (finished.length > 0) parent.send({ gh: 'siem', records: finished });
}

/** The shared state a worker reaches through its primary (gateway.ts WorkerServices). */
function workerServices(parent: IpcChannel, config: GatehouseConfig, slot: number, processes: number, logger: Logger): WorkerServices {
  const siem = Object.values(config.siem.sinks).some((sink) => sink.enabled);
  return {
    limitBackend: () => createIpcLimitBackend(parent, { timeoutMs: LIMIT_TIMEOUT_MS }),
    controlSignal: () => ipcControlSignal(parent, logger),
    identitySignal: () => ipcControlSignal(parent, logger, IDENTITY_TOPIC),
    siemListener: siem ? (records) => forwardRecords(parent, records) : () => undefined,
    metrics: (local) => workerMetrics(local, parent),
    processes,
    recordsReloads: slot === 1,
  };
}

/**
 * Runs one worker of `serve --workers N`: the whole gateway with the shared state reached through the
 * primary, listening on the port every worker shares (the primary accepts and hands connections round).
 * Says `ready` (or why it could not start) to the primary; drains and exits on the primary's `stop`, or
 * on SIGINT/SIGTERM (a terminal's Ctrl-C reaches every process of the group, not only the primary).
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const parent = parentChannel();
  const { slot, processes, logger, watch, ...gatewayOptions } = options;
  // Listening for a stop from the first moment: one asked for while starting is carried out once started.
  let stopAsked: string | undefined;
  let drain: ((why: string) => void) | undefined;
  const onStop = (why: string) => {
    stopAsked ??= why;
    drain?.(why);
  };
  parent.onMessage((message) => {
    if ((message as ClusterMessage).gh === CLUSTER_TOPIC && (message as ClusterMessage).stop) onStop('stop');
  });
  process.on('SIGINT', () => onStop('SIGINT'));
  process.on('SIGTERM', () => onStop('SIGTERM'));
  let gateway: Gateway;
  try {
    gateway = await startGateway({ ...gatewayOptions, logger, worker: workerServices(parent, options.config, slot, processes, logger) });
  } catch (err) {
    const { code, message, name } = err as NodeJS.ErrnoException;
    const failed: ClusterMessage = { gh: CLUSTER_TOPIC, failed: { code: code ?? null, name: String(name), message: String(message) } };
    // A start failure is the primary's to report (one line, once); the worker ends once the message is out.
    process.send?.(failed, undefined, {}, () => process.exit(1));
    return;
  }
  drain = drainOnce(gateway, watch?.(gateway), options.config.server.shutdownGraceMs, logger);
  if (stopAsked) return drain(stopAsked);
  logger.info({ pid: process.pid, url: gateway.url }, 'worker serving');
  parent.send({ gh: CLUSTER_TOPIC, ready: gateway.url, pid: process.pid } satisfies ClusterMessage);
}

/** Closes the gateway once (stops accepting, finishes in-flight exchanges, flushes records), then exits; past `graceMs`, exits 1. */
function drainOnce(gateway: Gateway, watcher: { close(): void } | undefined, graceMs: number, logger: Logger): (why: string) => void {
  let draining = false;
  return (why) => {
    if (draining) return;
    draining = true;
    logger.info({ why }, 'worker draining');
    watcher?.close();
    setTimeout(() => process.exit(1), graceMs).unref();
    void gateway.close().then(() => process.exit(0));
  };
}
