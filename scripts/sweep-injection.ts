/**
 * Hyper-parameter sweep for the prompt-injection classifier, judged by leave-one-source-out only (pooled
 * held-out TPR at FPR <= 1%, AUC, hard-negative FPR), never by dev: dev shares its sources with train and
 * rewards memorising them. Usage: `npx tsx scripts/sweep-injection.ts [lambda:balance ...]` (default: the grid
 * below). Prints one markdown row per config; writes nothing.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HARD_NEGATIVE_SOURCES } from '../eval/injection-loso.js';
import { auc, ratesAt, thresholdAtFpr } from '../eval/metrics.js';
import { sigmoid } from '../src/guardrails/detectors/prompt-injection/model.js';
import { chooseOffset, leaveOneSourceOutLogits, type Row, type TrainConfig } from './train-injection.js';

const DATA_DIR = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'shared', 'data'));
const load = (name: string): Row[] =>
  readFileSync(join(DATA_DIR, 'injection', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

const args = process.argv.slice(2);
const grid: Array<[number, number]> =
  args.length > 0
    ? args.map((a) => a.split(':').map(Number) as [number, number])
    : [1e-3, 3e-3].flatMap((lambda) => [0, 0.5, 1].map((b) => [lambda, b] as [number, number]));
const rows = [...load('train.jsonl'), ...load('dev.jsonl')];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log('| lambda | balance | LOSO TPR@1%FPR | AUC | hard-neg. FPR | TPR@0.5/2% FPR |\n|---|---|---|---|---|---|');
for (const [lambda, sourceBalance] of grid) {
  const t0 = performance.now();
  const cfg: TrainConfig = { lambda, epochs: 8, hardNegatives: 10, sourceBalance };
  const held = leaveOneSourceOutLogits(rows, cfg);
  const offset = chooseOffset(
    held.map((h) => h.logit),
    held.map((h) => h.ruleScore > 0),
    held.map((h) => h.row.label),
  );
  const scored = held.map((h) => ({ label: h.row.label, source: h.row.source ?? '', score: Math.max(sigmoid(h.logit - offset), h.ruleScore) }));
  const at = (fpr: number) => ratesAt(scored, thresholdAtFpr(scored, fpr));
  const t = thresholdAtFpr(scored, 0.01);
  const hard = ratesAt(
    scored.filter((s) => s.label === 0 && HARD_NEGATIVE_SOURCES.includes(s.source)),
    t,
  );
  console.log(
    `| ${lambda} | ${sourceBalance} | ${pct(at(0.01).tpr)} | ${auc(scored).toFixed(4)} | ${pct(hard.fpr)} | ${pct(at(0.005).tpr)} / ${pct(at(0.02).tpr)} | (offset ${offset.toFixed(4)}, ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
