/**
 * `npm run eval:classifier -- <model-folder> [--labels A,B] [--max-length N] [--workers N] [--threads N]`:
 * how a model you bring for the `classifier` detector (Prompt Guard 2, ...) does on the injection data of
 * ../shared/data (train and dev together: the model was trained on none of it, so every source is an unseen
 * source), scored through the detector itself (tokenizer, windows, onnxruntime, max over windows). Prints,
 * per source and pooled: AUC, and TPR / FPR at the threshold that keeps pooled FPR <= 1% (the operating point
 * to configure) and at 0.5; over-blocking on the hard-negative sources alone. Writes nothing: the figures
 * belong to the model you brought, not to the repository.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClassifierDetector } from '../src/guardrails/detectors/classifier/index.js';
import type { DetectContext } from '../src/guardrails/types.js';
import { HARD_NEGATIVE_SOURCES, MAX_FPR } from './injection-loso.js';
import { auc, ratesAt, thresholdAtFpr, type Labelled } from './metrics.js';

interface Row {
  text: string;
  label: 0 | 1;
  source: string;
}
interface Scored extends Labelled {
  source: string;
}

export interface ClassifierEvalOptions {
  labels?: string[];
  maxLength?: number;
  workers?: number;
  threads?: number;
  /** Score only the first n texts of each source (a smoke run). */
  perSource?: number;
  log?: (s: string) => void;
}

export interface ClassifierEvalResult {
  markdown: string;
  threshold: number;
  tpr: number;
  fpr: number;
  auc: number;
  hardNegativeFpr: number;
  scored: number;
}

const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function readRows(dataDir: string, perSource: number | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const taken = new Map<string, number>();
  for (const split of ['train', 'dev']) {
    const raw = await readFile(join(dataDir, 'injection', `${split}.jsonl`), 'utf8');
    for (const line of raw.split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as Row;
      const n = taken.get(row.source) ?? 0;
      if (perSource !== undefined && n >= perSource) continue;
      taken.set(row.source, n + 1);
      rows.push(row);
    }
  }
  return rows;
}

/** Scores every text through the classifier detector and summarises the figures. */
export async function evaluateClassifier(modelDir: string, dataDir: string, options: ClassifierEvalOptions = {}): Promise<ClassifierEvalResult> {
  const workers = options.workers ?? 1;
  const detector = createClassifierDetector(
    {
      path: modelDir,
      labels: options.labels,
      maxLength: options.maxLength,
      workers,
      threads: options.threads ?? 1,
      batchSize: 16,
      maxQueue: 100_000,
      timeoutMs: 120_000,
      maxChars: 64 * 1024 * 1024,
    },
    { baseDir: process.cwd() },
  );
  const rows = await readRows(dataDir, options.perSource);
  const scored: Scored[] = [];
  const started = performance.now();
  try {
    // Enough texts in flight for every worker to fill a batch, few enough to keep each call's deadline.
    const inFlight = 16 * workers * 2;
    for (let i = 0; i < rows.length; i += inFlight) {
      const slice = rows.slice(i, i + inFlight);
      const findings = await Promise.all(slice.map((r) => detector.detect(r.text, CONTEXT, new AbortController().signal)));
      slice.forEach((r, j) => {
        scored.push({ label: r.label, source: r.source, score: Math.max(0, ...(findings[j] ?? []).map((f) => f.score)) });
      });
      if (scored.length % 512 < inFlight || scored.length === rows.length) options.log?.(`\r  scored ${scored.length}/${rows.length}`);
    }
  } finally {
    await detector.close();
  }
  options.log?.('\n');
  return summarise(modelDir, scored, (performance.now() - started) / 1000);
}

function summarise(modelDir: string, scored: readonly Scored[], seconds: number): ClassifierEvalResult {
  const threshold = thresholdAtFpr(scored, MAX_FPR);
  const at = ratesAt(scored, threshold);
  const half = ratesAt(scored, 0.5);
  const hard = scored.filter((r) => r.label === 0 && HARD_NEGATIVE_SOURCES.includes(r.source));
  const hardAt = ratesAt(hard, threshold);
  const pooledAuc = auc(scored);
  const sources = [...new Set(scored.map((r) => r.source))].sort();
  const perSource = sources.map((source) => {
    const mine = scored.filter((r) => r.source === source);
    const attacks = mine.filter((r) => r.label === 1).length;
    const r = ratesAt(mine, threshold);
    const h = ratesAt(mine, 0.5);
    const cell = (n: number, x: number) => (n === 0 ? '–' : pct(x));
    const hn = HARD_NEGATIVE_SOURCES.includes(source) ? ' (hard neg.)' : '';
    return `| ${source}${hn} | ${mine.length} | ${attacks} | ${cell(attacks, r.tpr)} | ${cell(mine.length - attacks, r.fpr)} | ${cell(attacks, h.tpr)} | ${cell(mine.length - attacks, h.fpr)} |`;
  });
  const markdown = [
    `## classifier: ${modelDir}`,
    '',
    `${scored.length} texts of injection train+dev scored through the detector in ${seconds.toFixed(0)} s (${((seconds * 1000) / Math.max(1, scored.length)).toFixed(1)} ms per text). Every source is unseen by this model.`,
    '',
    '| pooled | value |',
    '|---|---:|',
    `| AUC | ${pooledAuc.toFixed(3)} |`,
    `| threshold for FPR <= ${pct(MAX_FPR)} (configure this) | ${Number.isFinite(threshold) ? threshold.toFixed(4) : 'none'} |`,
    `| TPR / FPR there | ${pct(at.tpr)} / ${pct(at.fpr)} |`,
    `| over-blocking on hard negatives there (n=${hard.length}) | ${pct(hardAt.fpr)} |`,
    `| TPR / FPR at 0.5 | ${pct(half.tpr)} / ${pct(half.fpr)} |`,
    '',
    '| source | n | attacks | TPR at threshold | FPR at threshold | TPR at 0.5 | FPR at 0.5 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...perSource,
  ].join('\n');
  return { markdown, threshold, tpr: at.tpr, fpr: at.fpr, auc: pooledAuc, hardNegativeFpr: hardAt.fpr, scored: scored.length };
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const modelDir = args[0];
  if (!modelDir || modelDir.startsWith('--')) {
    process.stderr.write('usage: npm run eval:classifier -- <model-folder> [--labels A,B] [--max-length N] [--workers N] [--threads N] [--per-source N]\n');
    process.exit(2);
  }
  const dataDir = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared', 'data'));
  const num = (name: string) => (argValue(args, name) === undefined ? undefined : Number(argValue(args, name)));
  const result = await evaluateClassifier(resolve(modelDir), dataDir, {
    labels: argValue(args, '--labels')?.split(','),
    maxLength: num('--max-length'),
    workers: num('--workers'),
    threads: num('--threads'),
    perSource: num('--per-source'),
    log: (s) => process.stderr.write(s),
  });
  process.stdout.write(`${result.markdown}\n`);
}
