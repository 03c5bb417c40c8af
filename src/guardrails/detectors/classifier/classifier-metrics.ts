import { basename } from 'node:path';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClassifierPools } from './index.js';
import type { PoolStats } from './pool.js';

/** One model's pools, summed: what `/metrics` shows per model folder. */
export interface ClassifierPoolSnapshot {
  model: string;
  stats: PoolStats;
  queued: number;
  busy: number;
}

/** The pools of a registry, per model folder name (pools of one folder with other settings are summed). */
export function snapshotPools(pools: ClassifierPools): ClassifierPoolSnapshot[] {
  const byModel = new Map<string, ClassifierPoolSnapshot>();
  for (const { pool } of pools.values()) {
    const model = basename(pool.dir);
    const known = byModel.get(model);
    if (!known) {
      byModel.set(model, { model, stats: { ...pool.stats }, queued: pool.queued, busy: pool.busy });
      continue;
    }
    for (const key of Object.keys(known.stats) as Array<keyof PoolStats>) {
      known.stats[key] = key.startsWith('largest') ? Math.max(known.stats[key], pool.stats[key]) : known.stats[key] + pool.stats[key];
    }
    known.queued += pool.queued;
    known.busy += pool.busy;
  }
  return [...byModel.values()];
}

/**
 * Prometheus series of the classifier detector's worker pools, read when scraped: texts, batches, inference
 * runs and windows, failures by reason (timeout, queue_full), worker restarts, and the queue and busy
 * workers now. Labelled by model folder name, which the configuration bounds.
 */
export function registerClassifierMetrics(registry: Registry, snapshot: () => ClassifierPoolSnapshot[]): void {
  const counter = (name: string, help: string, read: (s: PoolStats) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['model'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of snapshot()) this.inc({ model: s.model }, read(s.stats));
      },
    });
  counter('gatehouse_classifier_texts_total', 'Texts the classifier detector accepted for scoring', (s) => s.texts);
  counter('gatehouse_classifier_batches_total', 'Batches sent to a classifier worker (each 1..batchSize texts)', (s) => s.dispatches);
  counter('gatehouse_classifier_runs_total', 'onnxruntime inference runs', (s) => s.runs);
  counter('gatehouse_classifier_windows_total', 'Token windows scored', (s) => s.windows);
  counter('gatehouse_classifier_worker_restarts_total', 'Classifier workers started again after dying or overrunning every caller', (s) => s.respawns);
  new Counter({
    name: 'gatehouse_classifier_failures_total',
    help: 'Classifier checks that failed before an answer (the policy failMode decided), by reason',
    labelNames: ['model', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of snapshot()) {
        this.inc({ model: s.model, reason: 'timeout' }, s.stats.timeouts);
        this.inc({ model: s.model, reason: 'queue_full' }, s.stats.queueFull);
      }
    },
  });
  const gauge = (name: string, help: string, read: (s: ClassifierPoolSnapshot) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['model'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of snapshot()) this.set({ model: s.model }, read(s));
      },
    });
  gauge('gatehouse_classifier_queued_texts', 'Texts waiting for a classifier worker', (s) => s.queued);
  gauge('gatehouse_classifier_busy_workers', 'Classifier workers running a batch', (s) => s.busy);
}
