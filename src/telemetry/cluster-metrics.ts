import { AggregatorRegistry, type Aggregator, type Registry } from 'prom-client';
import { ipcClient, serveIpc, type IpcChannel, type IpcClient } from '../core/ipc.js';
import type { Metrics } from './exchange-metrics.js';

const TOPIC = 'metrics';
const TIMEOUT_MS = 5_000;

/** One series as `getMetricsAsJSON` gives it: what a worker sends the primary. */
type Series = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/**
 * How the workers' values of a series combine where a sum would mislead. Everything else is summed
 * (counters, histograms, queue lengths); prom-client's default process metrics carry their own.
 * Each worker keeps its own circuit breakers: a deployment shows `open` when any worker has it open.
 */
const AGGREGATORS: Readonly<Record<string, Aggregator>> = {
  gatehouse_deployment_circuit: 'max',
  gatehouse_deployment_consecutive_failures: 'max',
  gatehouse_deployment_latency_ewma_ms: 'average',
};

/** One registry's series as JSON, with the aggregators above. */
async function snapshot(registry: Registry): Promise<Series[]> {
  const series = await registry.getMetricsAsJSON();
  return series.map((s) => {
    const aggregator = AGGREGATORS[s.name];
    return aggregator ? { ...s, aggregator } : s;
  });
}

/**
 * A worker's metrics under `serve --workers N`: it counts its own exchanges as before and answers the
 * primary's requests for them; a scrape, whichever worker it lands on, shows the totals of every worker
 * (and the primary's own series), aggregated by the primary.
 */
export function workerMetrics(local: Metrics, channel: IpcChannel): { metrics: Metrics; close(): void } {
  const client = ipcClient(channel, TOPIC, TIMEOUT_MS);
  const stopServing = serveIpc(channel, TOPIC, (op) => {
    if (op !== 'snapshot') throw new TypeError(`unknown metrics operation ${op}`);
    return snapshot(local.registry);
  });
  return {
    metrics: {
      listener: local.listener,
      registry: local.registry,
      contentType: local.contentType,
      render: async () => (await client.call('render', [])) as string,
    },
    close() {
      stopServing();
      client.close();
    },
  };
}

/**
 * The primary's half: answers a worker's `render` with the exposition text of every worker's series
 * plus `own` (the primary's: workers alive and restarted, SIEM delivery). A worker that does not answer
 * within the timeout (dying, restarting) is left out of that scrape.
 */
export function aggregateWorkerMetrics(own: Registry): { attach(channel: IpcChannel): () => void } {
  const workers = new Map<IpcChannel, IpcClient>();
  async function render(): Promise<string> {
    const answers = await Promise.allSettled([...workers.values()].map((client) => client.call('snapshot', [])));
    const series = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value as Series[]] : []));
    series.push(await snapshot(own));
    return AggregatorRegistry.aggregate(series).metrics();
  }
  return {
    attach(channel) {
      workers.set(channel, ipcClient(channel, TOPIC, TIMEOUT_MS));
      const stopServing = serveIpc(channel, TOPIC, (op) => {
        if (op !== 'render') throw new TypeError(`unknown metrics operation ${op}`);
        return render();
      });
      return () => {
        stopServing();
        workers.get(channel)?.close();
        workers.delete(channel);
      };
    },
  };
}
