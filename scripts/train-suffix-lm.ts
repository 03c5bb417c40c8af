/**
 * Trains the adversarial-suffix language model (src/guardrails/detectors/prompt-injection/suffix/): char
 * trigram counts over the label-0 texts of ../shared/data/injection/train.jsonl only (benign; no attack is
 * ever seen), Witten-Bell smoothed, one surprisal byte per (context, symbol). Deterministic (counting, no
 * sampling). Writes suffix/lm-weights.ts.
 *
 * Calibration is out of source: for each benign source, a model trained on the other sources' benign
 * train texts scores that source's benign train+dev texts. Two thresholds: `threshold` keeps the pooled FPR
 * <= 0.1% anywhere; `afterHarm`, used only in a text that asks for something harmful (the shape of a GCG
 * attack: a harmful request, then the suffix), keeps it <= 0.5% over all benign texts.
 * Prints FPR per benign source and on the hard negatives, and the share of attack texts it fires on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SuffixEncoder } from '../src/guardrails/detectors/prompt-injection/suffix/encode.js';
import { thresholdMet } from '../src/guardrails/detectors/prompt-injection/suffix/index.js';
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
export const TARGET_FPR = 0.001;
/** FPR budget of the lower threshold that applies only after a harmful request (see detectSuffix). */
export const AFTER_HARM_FPR = 0.005;
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
  const held: Array<{ source: string; text: string; value: number }> = [];
  for (const source of [...new Set(benign.map((r) => r.source))].sort()) {
    const own = bySource.get(source);
    const counts = Uint32Array.from(total, (v, i) => v - (own ? (own[i] as number) : 0));
    const table = tableFromCounts(counts);
    for (const r of benign) if (r.source === source) held.push({ source, text: r.text, value: scorer.best(r.text, table).value });
  }
  const values = held.map((h) => h.value);
  const threshold = thresholdFor(values, TARGET_FPR);
  const afterHarm = Math.min(threshold, thresholdFor(values, AFTER_HARM_FPR));
  const table = tableFromCounts(total);

  const lines: string[] = [];
  const fire = (v: number, text: string): boolean => thresholdMet(v, text, threshold, afterHarm) !== null;
  const fires = (vs: Array<{ value: number; text: string }>): string => {
    const n = vs.filter((v) => fire(v.value, v.text)).length;
    return `${n}/${vs.length} (${pct(n / Math.max(1, vs.length))})`;
  };
  lines.push(
    `threshold ${threshold.toFixed(4)}, after a harmful request ${afterHarm.toFixed(4)} (window ${WINDOW}, odd weight ${ODD_WEIGHT}, min ${MIN_SYMBOLS} symbols)`,
  );
  lines.push(`pooled out-of-source benign FPR: ${fires(held)}`);
  lines.push(`hard negatives: ${fires(held.filter((h) => HARD_NEGATIVE_SOURCES.includes(h.source)))}`);
  for (const source of [...new Set(held.map((h) => h.source))]) lines.push(`  ${source}: ${fires(held.filter((h) => h.source === source))}`);
  const scored = (rows: Row[]): Array<{ value: number; text: string }> => rows.map((r) => ({ text: r.text, value: scorer.best(r.text, table).value }));
  const attacks = [...train, ...dev].filter((r) => r.label === 1);
  lines.push(`attack texts (final model): ${fires(scored(attacks))}`);
  for (const name of ['secrets/dev.jsonl', 'pii/dev.jsonl']) {
    try {
      lines.push(`${name} texts (look-alikes, never trained on): ${fires(scored(load(DATA_DIR, name)))}`);
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
    afterHarmFpr: AFTER_HARM_FPR,
  };
  writeFileSync(
    OUT,
    [
      '// Generated by scripts/train-suffix-lm.ts (npm run train:suffix); do not edit.',
      'export const SUFFIX_LM = {',
      `  meta: ${JSON.stringify(meta)} as Record<string, string | number>,`,
      `  threshold: ${threshold},`,
      `  afterHarm: ${afterHarm},`,
      `  table:\n    '${Buffer.from(table).toString('base64')}',`,
      '};',
      '',
    ].join('\n'),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
