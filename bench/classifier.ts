/**
 * The `classifier` detector's latency, reported apart from the 1 ms budget of the rule detectors (it runs a
 * model): p50/p99 per 512-token window at batch sizes 1 and 16 on the test model
 * (test/fixtures/classifier), through the real detector (worker thread, tokenizer, onnxruntime), then an
 * estimate for Prompt Guard 2 22M and 86M from their FLOPs per window and onnxruntime's measured GFLOP/s
 * at their shapes on this CPU. Run by `npm run bench:detectors`; writes `<!-- bench:begin classifier -->`.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClassifierDetector, type ClassifierDetector } from '../src/guardrails/detectors/classifier/index.js';
import type { DetectContext } from '../src/guardrails/types.js';
import { flopsPerWindow, matmulGflops, PROMPT_GUARD_2 } from './classifier-calibration.js';
// @ts-expect-error the report helpers are plain ESM JavaScript
import { writeBenchmarksFile } from './report.mjs';

const MODEL = fileURLToPath(new URL('../test/fixtures/classifier', import.meta.url));
const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const WINDOW = 512;
const quick = process.argv.includes('--quick');

/** Ordinary prose of exactly `tokens` tokens for the test model's tokenizer (one whole word per token). */
function words(tokens: number): string {
  const vocabulary = 'please write a report about the history of the city and the weather for the meeting today'.split(' ');
  return Array.from({ length: tokens }, (_, i) => vocabulary[i % vocabulary.length]).join(' ');
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function timeCalls(detector: ClassifierDetector, text: string, iterations: number): Promise<{ p50: number; p99: number }> {
  const signal = new AbortController().signal;
  for (let i = 0; i < 20; i++) await detector.detect(text, CONTEXT, signal);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await detector.detect(text, CONTEXT, signal);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

const loadAtStart = loadavg()[0] ?? 0;
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const rows: string[] = [];
// One window of 510 content tokens ([CLS] and [SEP] make 512); sixteen of them, back to back, with the
// stride equal to the window's room, is one text of exactly sixteen windows: one run at batch 16.
const room = WINDOW - 2;
for (const batch of [1, 16]) {
  const detector = createClassifierDetector(
    { path: MODEL, maxLength: WINDOW, stride: room, batchSize: batch, timeoutMs: 60_000, maxChars: 1_000_000 },
    { baseDir: '/' },
  );
  const text = words(room * batch);
  const r = await timeCalls(detector, text, quick ? 50 : 300);
  const runs = detector.stats.runs;
  const windows = detector.stats.windows;
  await detector.close();
  if (runs * batch !== windows) throw new Error(`expected runs of ${batch} windows, got ${windows} windows in ${runs} runs`);
  rows.push(`| test model, batch ${batch} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p50 / batch)} | ${ms(r.p99 / batch)} |`);
}

const threadCounts = [...new Set([1, Math.min(4, cpus().length)])];
const estimates: string[] = [];
for (const arch of PROMPT_GUARD_2) {
  const gflop = flopsPerWindow(arch, WINDOW) / 1e9;
  const cells: string[] = [];
  for (const threads of threadCounts) {
    const rate = await matmulGflops(arch.hidden, arch.ffn, WINDOW, threads, quick ? 5 : 12);
    cells.push(`${rate.toFixed(0)} GFLOP/s → **${((gflop / rate) * 1000).toFixed(0)} ms**`);
  }
  estimates.push(`| ${arch.name} | ${gflop.toFixed(0)} | ${cells.join(' | ')} |`);
}

const section = [
  '## Results: classifier detector (`npm run bench:detectors`)',
  '',
  `_Generated on ${new Date().toISOString()}; ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.versions.node}, onnxruntime-node CPU, load average ${loadAtStart.toFixed(1)} at start (other jobs share the CPU when it exceeds the core count). One worker, one intra-op thread; a call is one text through the detector (queue, worker thread, tokenizer.json tokenisation, onnxruntime, softmax). Batch 16 is one text of sixteen 512-token windows, run as one batch._`,
  '',
  '| model, batch | p50 ms per call | p99 ms per call | p50 ms per window | p99 ms per window |',
  '|---|---:|---:|---:|---:|',
  ...rows,
  '',
  'The test model does almost no arithmetic (an embedding, one 32-wide layer, mean pooling), so these figures are the',
  "detector's own cost: tokenising 512 tokens in JavaScript, the round trip to the worker, padding and the onnxruntime call.",
  '',
  'Estimated per 512-token window for the real models (not measured: this machine cannot download them): FLOPs per window',
  "(12 layers of Q/K/V/output projections and feed-forward, 2·T²·d attention doubled for DeBERTa's disentangled attention)",
  "divided by onnxruntime's measured matrix throughput at each model's hidden size on this CPU. Add the detector cost above;",
  'expect real runs to be somewhat slower (softmax, layer norms and memory traffic are not counted). Batching amortises',
  'the per-call cost, not the arithmetic: per-window time at batch 16 is about the same as at batch 1.',
  '',
  `| model | GFLOP per window | ${threadCounts.map((t) => `${t} thread${t === 1 ? '' : 's'}`).join(' | ')} |`,
  `|---|---:|${threadCounts.map(() => '---:').join('|')}|`,
  ...estimates,
].join('\n');
process.stdout.write(`${section}\n`);
if (!quick) writeBenchmarksFile(new URL('../BENCHMARKS.md', import.meta.url).pathname, section, 'classifier');
