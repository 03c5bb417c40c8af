/**
 * Injection evaluation on ../shared/data/injection/dev.jsonl: P/R/F1 at the detector's default operating
 * point, ROC AUC, TPR at FPR <= 1%, per category, and a score-vs-length check on long benign texts; then,
 * unless `loso` is false, leave-one-source-out over train+dev (injection-loso.ts), the headline figure.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnitScorer } from '../src/guardrails/detectors/prompt-injection/model.js';
import { scorePromptInjection } from '../src/guardrails/detectors/prompt-injection/index.js';
import { MODEL_INFO } from '../src/guardrails/detectors/prompt-injection/committed-model.js';
import { HARD_NEGATIVE_SOURCES, evaluateLoso } from './injection-loso.js';
import { auc, thresholdAtFpr } from './metrics.js';

interface Row {
  text: string;
  label: 0 | 1;
  category: string;
  source: string;
}
interface Scored extends Row {
  score: number;
}

const DEFAULT_THRESHOLD = 0.5;
const LONG_BENIGN = /^(t0_prompt_|bipia_.*_clean|roleplay_prompt|wildguard)/;

function confusion(rows: Scored[], t: number) {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const r of rows) {
    const flagged = r.score >= t;
    if (r.label === 1) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, tn, precision, recall, f1, fpr: fp / (fp + tn || 1) };
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

function spearman(xs: number[], ys: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    idx.forEach(([, i], k) => {
      r[i] = k;
    });
    return r;
  };
  return pearson(rank(xs), rank(ys));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export interface EvalOptions {
  loso?: boolean;
  log?: (s: string) => void;
}

export async function evaluate(
  dataDir: string,
  options: EvalOptions = {},
): Promise<{ title: string; markdown: string; passed: boolean; generalisation?: { passed: boolean; summary: string } }> {
  const raw = await readFile(join(dataDir, 'injection', 'dev.jsonl'), 'utf8');
  const scorer = new UnitScorer();
  const rows: Scored[] = raw
    .trim()
    .split('\n')
    .map((l) => {
      const r = JSON.parse(l) as Row;
      return { ...r, score: scorePromptInjection(r.text, scorer).score };
    });
  const at = confusion(rows, DEFAULT_THRESHOLD);
  const t1 = thresholdAtFpr(rows, 0.01);
  const at1 = confusion(rows, t1);
  const rocAuc = auc(rows);
  const passed = at1.recall >= 0.9;

  const cats = new Map<string, Scored[]>();
  for (const r of rows) {
    const k = `${r.category}|${r.label}`;
    cats.set(k, [...(cats.get(k) ?? []), r]);
  }
  const catLines = [...cats.entries()].sort().map(([k, rs]) => {
    const [cat, label] = k.split('|');
    const hit = rs.filter((r) => r.score >= DEFAULT_THRESHOLD).length;
    const metric = label === '1' ? `recall ${pct(hit / rs.length)}` : `FPR ${pct(hit / rs.length)}`;
    return `| ${cat} | ${label} | ${rs.length} | ${metric} |`;
  });

  const longBenign = rows.filter((r) => r.label === 0 && LONG_BENIGN.test(r.category));
  const benign = rows.filter((r) => r.label === 0);
  const corrLong = spearman(
    longBenign.map((r) => r.text.length),
    longBenign.map((r) => r.score),
  );
  const corrBenign = spearman(
    benign.map((r) => r.text.length),
    benign.map((r) => r.score),
  );
  const corrAll = spearman(
    rows.map((r) => r.text.length),
    rows.map((r) => r.score),
  );
  const lenBuckets = [
    [0, 256],
    [256, 1024],
    [1024, 4096],
    [4096, 8001],
  ].map(([lo, hi]) => {
    const b = benign.filter((r) => r.text.length >= lo! && r.text.length < hi!);
    const fp = b.filter((r) => r.score >= DEFAULT_THRESHOLD).length;
    const mean = b.reduce((s, r) => s + r.score, 0) / (b.length || 1);
    return `| ${lo}-${hi! - 1} | ${b.length} | ${mean.toFixed(3)} | ${b.length ? pct(fp / b.length) : 'n/a'} |`;
  });

  const devHard = rows.filter((r) => r.label === 0 && HARD_NEGATIVE_SOURCES.includes(r.source));
  const devHardFpr = devHard.filter((r) => r.score >= DEFAULT_THRESHOLD).length / (devHard.length || 1);
  const loso = options.loso === false ? undefined : await evaluateLoso(dataDir, { tpr: at1.recall, auc: rocAuc, hardNegativeFpr: devHardFpr }, options.log);

  const markdown = [
    `## Prompt injection`,
    '',
    loso?.markdown ?? '_Leave-one-source-out skipped (`--quick`)._\n',
    `### Dev (dev.jsonl, ${rows.length} texts: ${rows.filter((r) => r.label === 1).length} attacks, ${benign.length} benign)`,
    '',
    `Detector score = max(rule scores, classifier score) over the text and its decoded views (escapes, Morse, rot13); classifier:`,
    `logistic regression over hashed char 3-5 grams, word 1-2 grams, word-class pairs and sentence-initial words, scored on windows of`,
    `${MODEL_INFO.window} normalised chars (stride ${MODEL_INFO.stride}) and on single lines (with table/email context markers), max over units;`,
    `trained on train.jsonl only (lambda ${MODEL_INFO.lambda}, ${MODEL_INFO.hardNegatives} hard negatives per benign text, source balance ${MODEL_INFO.sourceBalance ?? 0}, ${MODEL_INFO.trainUnits} units).`,
    '',
    `| metric | value | target |`,
    `|---|---|---|`,
    `| TPR at FPR <= 1% | ${pct(at1.recall)} (threshold ${t1.toFixed(4)}, FPR ${pct(at1.fpr)}, precision ${pct(at1.precision)}) | >= 90% ${passed ? 'PASS' : 'FAIL'} |`,
    `| ROC AUC | ${rocAuc.toFixed(4)} | |`,
    `| default threshold ${DEFAULT_THRESHOLD}: precision / recall / F1 | ${pct(at.precision)} / ${pct(at.recall)} / ${at.f1.toFixed(3)} (FPR ${pct(at.fpr)}; TP ${at.tp}, FP ${at.fp}, FN ${at.fn}) | |`,
    '',
    `The default threshold 0.5 is the operating point chosen on dev by the training script (FPR <= 1%), so the two rows above`,
    `describe the same point up to ties. Dev was used for that choice: expect held-out figures to be lower.`,
    '',
    `#### Dev per category (default threshold)`,
    '',
    `| category | label | n | recall (attacks) / FPR (benign) |`,
    `|---|---:|---:|---|`,
    ...catLines,
    '',
    `#### Dev score vs length`,
    '',
    `Spearman rho(length, score): long benign texts (T0 passages, BIPIA clean contexts, role-play, WildGuard; n=${longBenign.length}) ${corrLong.toFixed(3)};`,
    `all benign ${corrBenign.toFixed(3)}; all dev texts ${corrAll.toFixed(3)} (the last includes the label-length correlation of the data).`,
    '',
    `| benign length (chars) | n | mean score | FPR |`,
    `|---|---:|---:|---:|`,
    ...lenBuckets,
    '',
  ].join('\n');
  const generalisation = loso && {
    passed: loso.passed,
    summary: `LOSO TPR ${pct(loso.tpr)} at FPR ${pct(loso.fpr)} (target >= 90% at <= 1%), hard-negative FPR ${pct(loso.hardNegativeFpr)} (target <= 1%)`,
  };
  return { title: 'Prompt injection', markdown, passed, ...(generalisation ? { generalisation } : {}) };
}
