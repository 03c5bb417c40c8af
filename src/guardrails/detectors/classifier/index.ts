import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AsyncDetector, DetectContext, Finding } from '../../types.js';
import { ClassifierError } from './error.js';
import { readModelFolder } from './model-folder.js';
import { parseClassifierOptions } from './options.js';
import { ClassifierPool, type PoolSpec, type PoolStats } from './pool.js';
import type { ClassifierTestHooks } from './protocol.js';

export { ClassifierError } from './error.js';
export type { ClassifierOptions } from './options.js';
export type { PoolStats } from './pool.js';
export type { ClassifierTestHooks } from './protocol.js';

/** A classifier detector owns (a share of) a worker pool: close it with the runtime that built it. */
export interface ClassifierDetector extends AsyncDetector {
  /** The pool's counters (shared by the detectors of one runtime that use the same model and pool settings). */
  readonly stats: Readonly<PoolStats>;
  close(): Promise<void>;
}

/**
 * Pools by model folder (and its files' sizes and times) and pool settings, so policies on one model load it
 * once, and a configuration reload that keeps the model keeps its workers; replacing a file loads it afresh.
 */
export type ClassifierPools = Map<string, { pool: ClassifierPool; users: number }>;

export interface ClassifierDetectorDeps {
  /** Folder that a relative `path` resolves against (the config file's). */
  baseDir: string;
  pools?: ClassifierPools;
  /** Tests only: slow or crashing workers. */
  hooks?: ClassifierTestHooks;
}

/** A finding type lands in policy ids and metric labels: kept to a short identifier. */
function findingType(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9_.:/-]+/g, '_')
      .slice(0, 64) || 'positive'
  );
}

/**
 * A detector that runs a local Hugging Face sequence-classification model exported to ONNX (Prompt Guard 2,
 * ProtectAI's deberta-v3 prompt-injection model, ...) in worker threads. A text is tokenised by the model's
 * own tokenizer.json, cut into windows of `maxLength` tokens, and scored per window; each attack label gives
 * one finding over the whole text, scored with that label's highest probability over the windows (so
 * padding around an injection cannot dilute it). A timeout, a full queue or a dead worker throws, so the
 * policy's failMode decides. The folder, its labels and the model itself are checked here, at start.
 */
export function createClassifierDetector(options: unknown, deps: ClassifierDetectorDeps): ClassifierDetector {
  const config = parseClassifierOptions(options);
  const folder = readModelFolder(config.path, deps.baseDir, { labels: config.labels, maxLength: config.maxLength });
  const spec: PoolSpec = {
    dir: folder.dir,
    workers: config.workers,
    threads: config.threads,
    batchSize: config.batchSize,
    maxQueue: config.maxQueue,
    hooks: deps.hooks,
  };
  const shared = acquirePool(spec, deps.pools);
  const positive = folder.positive.map((id) => ({ id, label: folder.labels[id] as string, type: findingType(folder.labels[id] as string) }));
  const job = { maxLength: folder.maxLength, stride: config.stride ?? 0 };
  let closed: Promise<void> | undefined;

  return {
    name: 'classifier',
    get stats() {
      return shared.pool.stats;
    },
    detect: async function classifierDetect(text: string, _context: DetectContext, signal: AbortSignal): Promise<Finding[]> {
      if (closed) throw new ClassifierError('the classifier is closed');
      if (text.length === 0) return [];
      // Refused before it reaches a worker: a text this long would overrun its deadline and cost a worker restart.
      if (text.length > config.maxChars)
        throw new ClassifierError(`the text has ${text.length} characters, more than the classifier's maxChars (${config.maxChars})`);
      const scores = await shared.pool.classify({ text, ...job }, config.timeoutMs, signal);
      return positive.map(({ id, label, type }) => ({
        detector: 'classifier',
        type,
        score: scores.maxProbs[id] as number,
        start: 0,
        end: text.length,
        evidence: scores.windows > 1 ? `${label} (window ${(scores.argmaxWindow[id] as number) + 1} of ${scores.windows})` : label,
      }));
    },
    close: () => (closed ??= shared.release()),
  };
}

function acquirePool(spec: PoolSpec, pools: ClassifierPools | undefined): { pool: ClassifierPool; release(): Promise<void> } {
  if (!pools) {
    const pool = new ClassifierPool(spec);
    return { pool, release: () => pool.close() };
  }
  const key = JSON.stringify([spec.dir, fingerprint(spec.dir), spec.workers, spec.threads, spec.batchSize, spec.maxQueue]);
  let entry = pools.get(key);
  if (!entry) {
    entry = { pool: new ClassifierPool(spec), users: 0 };
    pools.set(key, entry);
  }
  entry.users += 1;
  const held = entry;
  return {
    pool: held.pool,
    release: async () => {
      held.users -= 1;
      if (held.users > 0) return;
      pools.delete(key);
      await held.pool.close();
    },
  };
}

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.onnx'];

/** Size and modification time of the files a pool loads: a model replaced in place is a different model. */
function fingerprint(dir: string): string {
  return MODEL_FILES.map((file) => {
    const stat = statSync(join(dir, file), { throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeMs}` : '-';
  }).join(',');
}
