/**
 * Trains the adversarial-suffix language model (src/guardrails/detectors/prompt-injection/suffix/): char
 * trigram counts over the label-0 texts of ../shared/data/injection/train.jsonl only (benign; no attack is
 * ever seen), Witten-Bell smoothed, one surprisal byte per (context, symbol). Deterministic (counting, no
 * sampling). Writes suffix/lm-weights.ts.
 *
 * Calibration is out of source: for each benign source, a model trained on the other sources' benign
 * train texts scores that source's benign train+dev texts; the threshold keeps the pooled FPR <= 0.5%.
 * Prints FPR per benign source and on the hard negatives, and the share of attack texts it fires on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SuffixEncoder } from '../src/guardrails/detectors/prompt-injection/suffix/encode.js';
import { countText, newCounts, tableFromCounts, type Counts } from '../src/guardrails/detectors/prompt-injection/suffix/lm.js';
import { MIN_SYMBOLS, ODD_WEIGHT, SuffixScorer, WINDOW } from '../src/guardrails/detectors/prompt-injection/suffix/scorer.js';

interface Row {
  text: string;
  label: 0 | 1;
  category: string;
  source: string;
}

const DATA_DIR = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'shared', 'data'));
const OUT = new URL('../src/guardrails/detectors/prompt-injection/suffix/lm-weights.ts', import.meta.url);
export const TARGET_FPR = 0.005;
const HARD_NEGATIVE_SOURCES = [
  'leolee99/InjecGuard',
  'Neural-alchemy/promptshield',
  'PromptDefender/pint-benchmark',
  'microsoft/BIPIA',
  'f/awesome-chatgpt-prompts',
];

function load(dir: string, name: string): Row[] {
  return readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

/** Counts of the benign texts, per source and in total. */
export function countBySource(rows: Row[]): { total: Counts; bySource: Map<string, Counts> } {
  const encoder = new SuffixEncoder();
  const total = newCounts();
  const bySource = new Map<string, Counts>();
  for (const r of rows) {
    let c = bySource.get(r.source);
    if (!c) bySource.set(r.source, (c = newCounts()));
    countText(encoder, r.text, c);
  }
  for (const c of bySource.values()) for (let i = 0; i < c.length; i++) total[i] = (total[i] as number) + (c[i] as number);
  return { total, bySource };
}

/** Smallest threshold with at most floor(fpr * n) benign values at or above it. */
export function thresholdFor(values: number[], fpr: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const k = Math.floor(fpr * sorted.length);
  return k < sorted.length ? (sorted[k] as number) + 1e-6 : 0;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function main(): void {
  const train = load(join(DATA_DIR, 'injection'), 'train.jsonl');
  const dev = load(join(DATA_DIR, 'injection'), 'dev.jsonl');
  const benignTrain = train.filter((r) => r.label === 0);
  const { total, bySource } = countBySource(benignTrain);
  const scorer = new SuffixScorer();

  // Out-of-source scores of every benign text (train + dev) for calibration.
  const benign = [...train, ...dev].filter((r) => r.label === 0);
  const held: Array<{ source: string; value: number }> = [];
  for (const source of [...new Set(benign.map((r) => r.source))].sort()) {
    const own = bySource.get(source);
    const counts = Uint32Array.from(total, (v, i) => v - (own ? (own[i] as number) : 0));
    const table = tableFromCounts(counts);
    for (const r of benign) if (r.source === source) held.push({ source, value: scorer.best(r.text, table).value });
  }
  const threshold = thresholdFor(
    held.map((h) => h.value),
    TARGET_FPR,
  );
  const table = tableFromCounts(total);

  const lines: string[] = [];
  const fires = (vs: number[]): string =>
    `${vs.filter((v) => v >= threshold).length}/${vs.length} (${pct(vs.filter((v) => v >= threshold).length / Math.max(1, vs.length))})`;
  lines.push(`threshold ${threshold.toFixed(4)} (window ${WINDOW}, odd weight ${ODD_WEIGHT}, min ${MIN_SYMBOLS} symbols)`);
  lines.push(`pooled out-of-source benign FPR: ${fires(held.map((h) => h.value))}`);
  lines.push(`hard negatives: ${fires(held.filter((h) => HARD_NEGATIVE_SOURCES.includes(h.source)).map((h) => h.value))}`);
  for (const source of [...new Set(held.map((h) => h.source))])
    lines.push(`  ${source}: ${fires(held.filter((h) => h.source === source).map((h) => h.value))}`);
  const attacks = [...train, ...dev].filter((r) => r.label === 1);
  lines.push(`attack texts (final model): ${fires(attacks.map((r) => scorer.best(r.text, table).value))}`);
  for (const name of ['secrets/dev.jsonl', 'pii/dev.jsonl']) {
    try {
      lines.push(`${name} texts (look-alikes, never trained on): ${fires(load(DATA_DIR, name).map((r) => scorer.best(r.text, table).value))}`);
    } catch {
      lines.push(`${name}: not found`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const meta = {
    trainedOn: 'injection/train.jsonl label 0',
    benignTexts: benignTrain.length,
    calibration: 'out-of-source, injection train+dev label 0',
    targetFpr: TARGET_FPR,
  };
  writeFileSync(
    OUT,
    [
      '// Generated by scripts/train-suffix-lm.ts (npm run train:suffix); do not edit.',
      'export const SUFFIX_LM = {',
      `  meta: ${JSON.stringify(meta)} as Record<string, string | number>,`,
      `  threshold: ${threshold},`,
      `  table:\n    '${Buffer.from(table).toString('base64')}',`,
      '};',
      '',
    ].join('\n'),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
