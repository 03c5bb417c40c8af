import type { Worker } from 'node:cluster';
import { Counter, Gauge, Registry } from 'prom-client';
import type { ExchangeRecord } from '../core/record.js';
import { relayControlSignals } from '../control/ipc-signal.js';
import { serveLimitBackend } from '../limits/ipc-backend.js';
import { registerSiemMetrics } from '../siem/siem-metrics.js';
import { aggregateWorkerMetrics } from '../telemetry/cluster-metrics.js';
import { childChannel } from './channels.js';
import { IDENTITY_TOPIC } from './messages.js';
import { startPrimaryServices, type PrimaryServices, type PrimaryServicesOptions } from './primary-services.js';
import { Supervisor } from './supervisor.js';

export { WorkerStartError } from './supervisor.js';

export interface ClusterOptions extends PrimaryServicesOptions {
  /** Workers to fork (2 or more: one worker is the plain single process, no cluster). */
  count: number;
}

export interface RunningCluster {
  /** Where the workers listen (the port they share). */
  readonly url: string;
  /** Live worker process ids by slot (logs, tests). */
  pids(): Map<number, number | undefined>;
  /**
   * Drains every worker (each closes its gateway: stops accepting, finishes in-flight exchanges, flushes
   * its records), killing those still running after server.shutdownGraceMs; then signs the last checkpoint
   * over every worker's records, delivers or spools the SIEM events and closes the store. True when every
   * worker drained in time.
   */
  stop(): Promise<boolean>;
}

/**
 * The primary of `serve --workers N`. It serves no traffic: it runs what must run once (primary-services.ts),
 * serves the workers the state they share over IPC (limit counters, control change signals, metrics
 * totals, the SIEM export) and supervises them (supervisor.ts). The workers listen on one port; Node's
 * cluster accepts in the primary and hands connections to the workers in turn.
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const services = await startPrimaryServices(options);
  const relays = [relayControlSignals(), relayControlSignals(IDENTITY_TOPIC)];
  const own = new Registry();
  const metrics = aggregateWorkerMetrics(own);
  const supervisor = new Supervisor({
    count: options.count,
    logger: options.logger,
    attach: (worker) => attachWorker(worker, services, relays, metrics),
  });
  registerClusterMetrics(own, supervisor);
  registerSiemMetrics(own, services.siem);
  const grace = options.config.server.shutdownGraceMs;
  let url: string;
  try {
    url = await supervisor.start();
  } catch (err) {
    await supervisor.stop(grace);
    await services.close();
    throw err;
  }
  return {
    url,
    pids: () => supervisor.pids(),
    async stop() {
      const drained = await supervisor.stop(grace);
      await services.close();
      return drained;
    },
  };
}

/** Serves one worker the shared state; returns how to stop (when it exits). */
function attachWorker(
  worker: Worker,
  services: PrimaryServices,
  relays: ReadonlyArray<ReturnType<typeof relayControlSignals>>,
  metrics: ReturnType<typeof aggregateWorkerMetrics>,
): () => void {
  const channel = childChannel(worker);
  const detach = [
    serveLimitBackend(services.limits, channel),
    ...relays.map((relay) => relay.attach(channel)),
    metrics.attach(channel),
    channel.onMessage((message) => {
      const forwarded = message as { gh?: string; records?: ExchangeRecord[] };
      if (forwarded.gh === 'siem' && Array.isArray(forwarded.records)) services.siem.listener(forwarded.records);
    }),
  ];
  return () => {
    for (const stop of detach) stop();
  };
}

/** The primary's own series, added to every scrape: workers listening and workers restarted. */
function registerClusterMetrics(registry: Registry, supervisor: Supervisor): void {
  new Gauge({
    name: 'gatehouse_cluster_workers',
    help: 'Worker processes listening (serve --workers)',
    registers: [registry],
    collect() {
      this.set(supervisor.ready);
    },
  });
  new Counter({
    name: 'gatehouse_cluster_worker_restarts_total',
    help: 'Workers started again after one exited unexpectedly',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(supervisor.restarts);
    },
  });
}
