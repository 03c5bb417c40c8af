/**
 * Trains the prompt-injection classifier: logistic regression (AdaGrad SGD, L2) over hashed word 1-2 grams
 * and char 3-5 grams of bounded windows. Trains on ../shared/data/injection/train.jsonl only; picks the
 * regularisation and the operating point on dev.jsonl only. Deterministic (seeded). Writes
 * src/guardrails/detectors/prompt-injection/weights.ts.
 *
 * Length bias: label-1 texts are longer. Each text is cut into WINDOW-sized windows; benign texts give
 * several negative windows each, and an attack text gives only the windows a first-round model finds most
 * attack-like (multiple-instance learning), so "more text" never means "more attack".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HASH_SIZE, HashedFeatures, WINDOW, lineSpans, windowStarts } from '../src/guardrails/detectors/prompt-injection/features.js';
import { bestWindow, decodeWeights, sigmoid, type LinearModel } from '../src/guardrails/detectors/prompt-injection/model.js';
import { matchRules } from '../src/guardrails/detectors/prompt-injection/rules.js';

interface Row { text: string; label: 0 | 1; category: string }
interface Example { idx: Int32Array; val: Float32Array }
interface Doc { label: 0 | 1; windows: Example[]; located: boolean }

const DATA = new URL('../../shared/data/injection/', import.meta.url);
const OUT = new URL('../src/guardrails/detectors/prompt-injection/weights.ts', import.meta.url);
const MAX_NEG_WINDOWS = 12;
const TARGET_FPR = 0.01;

function load(name: string): Row[] {
  return readFileSync(new URL(name, DATA), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * BIPIA attacks are inserted into a clean context that is often also in train: the difference locates the
 * attack, and attack strings found that way locate the same strings in the other BIPIA texts. Returns the
 * [start, end) of the attack or undefined.
 */
function locateAttacks(rows: Row[]): Map<number, [number, number]> {
  const clean = rows.filter((r) => r.label === 0 && r.category.startsWith('bipia_'));
  const byHead = new Map<string, Row[]>();
  const byTail = new Map<string, Row[]>();
  for (const c of clean) {
    byHead.set(c.text.slice(0, 40), [...(byHead.get(c.text.slice(0, 40)) ?? []), c]);
    byTail.set(c.text.slice(-40), [...(byTail.get(c.text.slice(-40)) ?? []), c]);
  }
  const spans = new Map<number, [number, number]>();
  const attacks = new Set<string>();
  rows.forEach((r, i) => {
    if (r.label !== 1 || !r.category.startsWith('bipia_')) return;
    const twins = [...(byHead.get(r.text.slice(0, 40)) ?? []), ...(byTail.get(r.text.slice(-40)) ?? [])];
    for (const t of twins) {
      let p = 0;
      while (p < t.text.length && t.text[p] === r.text[p]) p++;
      let q = 0;
      while (q < t.text.length - p && t.text[t.text.length - 1 - q] === r.text[r.text.length - 1 - q]) q++;
      const span = r.text.slice(p, r.text.length - q).trim();
      if (r.text.length - t.text.length < 8 || span.length < 8) continue;
      spans.set(i, [p, r.text.length - q]);
      attacks.add(span);
      return;
    }
  });
  const known = [...attacks].sort((a, b) => b.length - a.length);
  rows.forEach((r, i) => {
    if (r.label !== 1 || !r.category.startsWith('bipia_') || spans.has(i)) return;
    for (const a of known) {
      const at = r.text.indexOf(a);
      if (at >= 0) return void spans.set(i, [at, at + a.length]);
    }
  });
  return spans;
}

/** Window starts that put [a, b) early, centred and late in a window, as inference windows may. */
function windowsAround(length: number, a: number, b: number): number[] {
  if (length <= WINDOW) return [0];
  const clamp = (s: number) => Math.max(0, Math.min(length - WINDOW, Math.round(s)));
  return [...new Set([clamp(a - 0.1 * WINDOW), clamp((a + b) / 2 - 0.5 * WINDOW), clamp(b - 0.9 * WINDOW)])];
}

function featurise(rows: Row[], spans: Map<number, [number, number]>): Doc[] {
  const f = new HashedFeatures();
  return rows.map((r, i) => {
    let starts = windowStarts(r.text.length);
    const span = spans.get(i);
    if (span) starts = windowsAround(r.text.length, span[0], span[1]);
    if (r.label === 0 && starts.length > MAX_NEG_WINDOWS) {
      const k = starts.length;
      starts = Array.from({ length: MAX_NEG_WINDOWS }, (_, i) => starts[Math.round((i * (k - 1)) / (MAX_NEG_WINDOWS - 1))]!);
    }
    const windows = starts.map((s) => {
      f.extract(r.text, s, Math.min(r.text.length, s + WINDOW));
      return { idx: f.indices.slice(0, f.size), val: f.values.slice(0, f.size) };
    });
    // Line units: every line of a benign document is a negative; the attack line of a located BIPIA text a positive.
    const lines = lineSpans(r.text, 64).filter(([a, b]) => (span ? a < span[1] && b > span[0] : r.label === 0));
    const lineCap = r.label === 0 ? lines.filter((_, k) => k % Math.ceil(lines.length / MAX_NEG_WINDOWS) === 0) : lines;
    for (const [a, b] of lineCap) {
      f.extract(r.text, a, b, true);
      windows.push({ idx: f.indices.slice(0, f.size), val: f.values.slice(0, f.size) });
    }
    return { label: r.label, windows, located: span !== undefined };
  });
}

interface Weighted { x: Example; y: number; w: number }

function train(data: Weighted[], lambda: number, epochs: number, seed: number): LinearModel {
  const w = new Float32Array(HASH_SIZE);
  const g2 = new Float32Array(HASH_SIZE);
  let bias = 0;
  let gb2 = 0;
  const lr = 0.2;
  const rand = mulberry32(seed);
  const order = data.map((_, i) => i);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const { x, y, w: weight } = data[k]!;
      let z = bias;
      for (let i = 0; i < x.idx.length; i++) z += w[x.idx[i]!]! * x.val[i]!;
      const g = (sigmoid(z) - y) * weight;
      for (let i = 0; i < x.idx.length; i++) {
        const j = x.idx[i]!;
        const gi = g * x.val[i]! + lambda * w[j]!;
        g2[j]! += gi * gi;
        w[j]! -= (lr * gi) / (Math.sqrt(g2[j]!) + 1e-8);
      }
      gb2 += g * g;
      bias -= (lr * g) / (Math.sqrt(gb2) + 1e-8);
    }
  }
  return { weights: w, bias, offset: 0 };
}

function windowLogit(m: LinearModel, x: Example): number {
  let z = m.bias;
  for (let i = 0; i < x.idx.length; i++) z += m.weights[x.idx[i]!]! * x.val[i]!;
  return z;
}

/** Round 1: every window of an attack shares its text's weight. Round 2: only the windows round 1 found. */
function trainMil(docs: Doc[], lambda: number, epochs: number, seed: number): LinearModel {
  const build = (pick: (d: Doc) => Example[]): Weighted[] => {
    const neg: Weighted[] = [];
    const pos: Weighted[] = [];
    for (const d of docs) {
      const xs = d.label === 1 ? pick(d) : d.windows;
      for (const x of xs) (d.label === 1 ? pos : neg).push({ x, y: d.label, w: d.label === 1 ? 1 / xs.length : 1 });
    }
    const posTotal = pos.reduce((s, e) => s + e.w, 0);
    const balance = neg.length / posTotal;
    for (const e of pos) e.w *= balance;
    return [...neg, ...pos];
  };
  const first = train(build((d) => d.windows), lambda, epochs, seed);
  return train(
    build((d) => {
      if (d.located) return d.windows;
      const scored = d.windows.map((x) => ({ x, z: windowLogit(first, x) }));
      const top = scored.reduce((a, b) => (b.z > a.z ? b : a));
      const keep = scored.filter((s) => s.z > 0 && s !== top).map((s) => s.x);
      return [top.x, ...keep];
    }),
    lambda, epochs, seed + 1,
  );
}

/** Smallest logit offset at which FPR of (rule hit or logit >= offset) stays <= TARGET_FPR on dev. */
function chooseOffset(logits: number[], ruleHit: boolean[], labels: number[]): number {
  const benign = labels.map((l, i) => i).filter((i) => labels[i] === 0);
  const allowed = Math.floor(TARGET_FPR * benign.length) - benign.filter((i) => ruleHit[i]).length;
  const free = benign.filter((i) => !ruleHit[i]).map((i) => logits[i]!).sort((a, b) => b - a);
  if (allowed < 0) return free[0]! + 1e-3;
  const below = free[allowed] ?? -Infinity;
  const above = allowed > 0 ? free[allowed - 1]! : below + 1;
  return (below + above) / 2;
}

function tprAtOffset(logits: number[], ruleHit: boolean[], labels: number[], offset: number): number {
  let tp = 0;
  let p = 0;
  labels.forEach((l, i) => {
    if (l !== 1) return;
    p++;
    if (ruleHit[i] || logits[i]! >= offset) tp++;
  });
  return tp / p;
}

function quantise(m: LinearModel): { weights: string; scale: number } {
  let max = 0;
  for (const v of m.weights) max = Math.max(max, Math.abs(v));
  const scale = max / 32767 || 1;
  const q = new Int16Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) q[i] = Math.round(m.weights[i]! / scale);
  return { weights: Buffer.from(q.buffer).toString('base64'), scale };
}

function main(): void {
  const t0 = performance.now();
  const trainRows = load('train.jsonl');
  const devRows = load('dev.jsonl');
  const spans = locateAttacks(trainRows);
  console.log(`located ${spans.size} of ${trainRows.filter((r) => r.label === 1 && r.category.startsWith('bipia_')).length} BIPIA attacks`);
  const docs = featurise(trainRows, spans);
  const nWindows = docs.reduce((s, d) => s + d.windows.length, 0);
  console.log(`train: ${trainRows.length} texts, ${nWindows} windows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const devRules = devRows.map((r) => matchRules(r.text).length > 0);
  const devLabels = devRows.map((r) => r.label);
  const f = new HashedFeatures();
  const grid = [
    { lambda: 1e-5, epochs: 6 },
    { lambda: 1e-4, epochs: 6 },
    { lambda: 1e-4, epochs: 12 },
    { lambda: 3e-4, epochs: 8 },
  ];
  let best: { model: LinearModel; tpr: number; cfg: (typeof grid)[number] } | undefined;
  for (const cfg of grid) {
    const model = trainMil(docs, cfg.lambda, cfg.epochs, 1234);
    const logits = devRows.map((r) => bestWindow(r.text, model, f).logit);
    const offset = chooseOffset(logits, devRules, devLabels);
    const tpr = tprAtOffset(logits, devRules, devLabels, offset);
    console.log(`lambda=${cfg.lambda} epochs=${cfg.epochs}: dev TPR@1%FPR=${(tpr * 100).toFixed(1)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (!best || tpr > best.tpr) best = { model, tpr, cfg };
  }
  if (!best) throw new Error('no model');
  const q = quantise(best.model);
  const qModel: LinearModel = { weights: decodeWeights(q.weights, q.scale), bias: best.model.bias, offset: 0 };
  const logits = devRows.map((r) => bestWindow(r.text, qModel, f).logit);
  const offset = chooseOffset(logits, devRules, devLabels);
  const tpr = tprAtOffset(logits, devRules, devLabels, offset);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`selected lambda=${best.cfg.lambda}; quantised dev TPR@1%FPR=${(tpr * 100).toFixed(1)}%, offset=${offset.toFixed(4)}; ${seconds.toFixed(1)} s`);
  const meta = {
    trainedOn: 'injection/train.jsonl', selectedOn: 'injection/dev.jsonl', lambda: best.cfg.lambda, epochs: best.cfg.epochs,
    trainTexts: trainRows.length, trainWindows: nWindows, devTprAt1Fpr: Number(tpr.toFixed(4)),
  };
  writeFileSync(OUT, `// Generated by scripts/train-injection.ts (npm run train:injection); do not edit.\nexport const WEIGHTS = {\n  meta: ${JSON.stringify(meta)} as Record<string, string | number>,\n  bias: ${best.model.bias},\n  scale: ${q.scale},\n  offset: ${offset},\n  weights:\n    '${q.weights}',\n};\n`);
  console.log(`wrote ${OUT.pathname} (${(q.weights.length / 1024).toFixed(0)} KiB base64)`);
}

main();
