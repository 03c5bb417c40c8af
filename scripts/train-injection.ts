/**
 * Trains the prompt-injection classifier: logistic regression (AdaGrad SGD, L2) over the hashed grams of
 * `features.ts`, on units (256-char windows, and single lines with their table/email context markers).
 * Trains on ../shared/data/injection/train.jsonl only, with the hyper-parameters of SHIPPED_CONFIG, chosen by
 * leave-one-source-out (scripts/sweep-injection.ts); dev.jsonl is only reported. The operating point (mapped to score 0.5) is NOT chosen on dev, which shares its
 * sources with train and overstates the separation: it is chosen for FPR <= 0.5% (CALIBRATION_FPR) on the pooled held-out
 * benign texts of leave-one-source-out over train+dev (each source scored by a model fit without it, hard
 * negatives included), what a source the model never saw looks like. Deterministic (seeded). Writes
 * src/guardrails/detectors/prompt-injection/weights.ts.
 *
 * Length bias: label-1 texts are longer. A benign text gives an evenly spread sample of its units plus the
 * ones a first-round model scores highest (the detector keeps each text's maximum); an attack text gives
 * only the units a first-round model finds attack-like (multiple-instance learning), its weight shared
 * among them, so "more text" never means "more attack". A BIPIA attack is learnt from its own line when
 * it can be located against its clean twin, and not at all when it cannot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HASH_SIZE, TextGrams, WINDOW, unitVector, windowStarts } from '../src/guardrails/detectors/prompt-injection/features.js';
import { lineMarkers } from '../src/guardrails/detectors/prompt-injection/data-context.js';
import { analyse } from '../src/guardrails/detectors/prompt-injection/analysis.js';
import { userMessageRuleScore } from '../src/guardrails/detectors/prompt-injection/embedded-data.js';
import { DEFAULT_REVEALERS } from '../src/guardrails/reveal.js';
import { UnitScorer, quantise, sigmoid, type LinearModel } from '../src/guardrails/detectors/prompt-injection/model.js';
import { tableFromCounts } from '../src/guardrails/detectors/prompt-injection/suffix/lm.js';
import { augmentIndirect } from './injection-augment.js';
import { augmentPersona } from './injection-augment-persona.js';
import { mulberry32 } from './mulberry32.js';
import { countBySource } from './train-suffix-lm.js';

export interface Row {
  text: string;
  label: 0 | 1;
  category: string;
  source?: string;
}
interface Example {
  idx: Int32Array;
  val: Float32Array;
}
/** A training text: all its units (windows, then lines), and the evenly spread subset that round 1 trains on. */
export interface Doc {
  label: 0 | 1;
  /** The row's source: with the label, the group that `sourceBalance` weighs. */
  source: string;
  windows: Example[];
  sample: Example[];
  located: boolean;
}

// GATEHOUSE_DATA_DIR (as for `npm run eval`) lets a checkout outside the usual layout find the shared data.
const DATA_DIR = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'shared', 'data'));
const OUT = new URL('../src/guardrails/detectors/prompt-injection/weights.ts', import.meta.url);
const MAX_NEG_WINDOWS = 12;
const TARGET_FPR = 0.01;
/**
 * The shipped operating point's pooled leave-one-source-out FPR: half the 1% budget (issue 12). At 1% the freed
 * budget went to hard negatives (48 of 54 benign texts over it were role prompts, WildGuard framings and
 * promptshield's attack-like "benign" rows) and to security questions and code naming "system prompt" or
 * "override" just over the line; unseen sources over-blocked 3-4x the LOSO estimate before. The evaluation's
 * headline still reports TPR at the 1% point.
 */
export const CALIBRATION_FPR = 0.005;

function load(name: string): Row[] {
  return readFileSync(join(DATA_DIR, 'injection', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
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
      if (at >= 0) {
        spans.set(i, [at, at + a.length]);
        return;
      }
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

/** First normalised unit at or after original offset x (origin is non-decreasing). */
function toUnits(g: TextGrams, x: number): number {
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.origin[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function featurise(rows: Row[], spans: Map<number, [number, number]>): Doc[] {
  const g = new TextGrams();
  return rows.map((r, i) => {
    g.extract(r.text);
    let starts = windowStarts(g.length);
    const located = spans.get(i);
    const span = located ? ([toUnits(g, located[0]), toUnits(g, located[1])] as const) : undefined;
    if (span) starts = windowsAround(g.length, span[0], span[1]);
    const windows = starts.map((s) => unitVector(g, s, Math.min(g.length, s + WINDOW), []));
    // Line and sentence units: all of a benign document's; those overlapping the attack of a located one.
    const lines: Example[] = [];
    for (let k = 0; k < g.lines.count; k++) {
      const a = g.lines.start[k]!;
      const b = g.lines.end[k]!;
      if (span ? a < span[1] && b > span[0] : r.label === 0) lines.push(unitVector(g, a, b, lineMarkers(g, k)));
    }
    const sentences: Example[] = [];
    for (let k = 0; k < g.sentences.count; k++) {
      const a = g.sentences.start[k]!;
      const b = g.sentences.end[k]!;
      if (span ? a >= span[0] - 1 && b <= span[1] + 1 : true) sentences.push(unitVector(g, a, b, []));
    }
    // A located attack on a line of its own is learnt from that line alone: the windows around it are
    // mostly the benign context (table cells, email headers), which must not become attack evidence.
    // Its sentences are left out too: unmarked, they are the request as a prompt would send it.
    const source = r.source ?? '';
    if (span && lines.length > 0) return { label: r.label, source, windows: lines, sample: lines, located: true };
    const sample =
      r.label === 0
        ? [...spread(windows, MAX_NEG_WINDOWS), ...spread(lines, MAX_NEG_WINDOWS), ...spread(sentences, MAX_NEG_WINDOWS)]
        : [...windows, ...lines, ...sentences];
    return { label: r.label, source, windows: [...windows, ...lines, ...sentences], sample, located: span !== undefined };
  });
}

/** At most `max` items, evenly spread. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

interface Weighted {
  x: Example;
  y: number;
  w: number;
}
export interface TrainConfig {
  lambda: number;
  epochs: number;
  hardNegatives: number;
  /**
   * Per-source balancing exponent b: a text weighs n^-b, n the number of texts of its (source, label) group.
   * 0: every text the same (a large source dominates); 1: every group the same. Omitted: 0.
   */
  sourceBalance?: number;
}

/** Each doc's weight under `sourceBalance` exponent b: (texts in its source x label group)^-b. */
export function sourceWeights(docs: readonly Pick<Doc, 'label' | 'source'>[], exponent: number): number[] {
  const key = (d: Pick<Doc, 'label' | 'source'>) => `${d.label}\u0000${d.source}`;
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  return docs.map((d) => counts.get(key(d))! ** -exponent);
}
/** A model as trained (float weights), before quantisation. */
interface FloatModel {
  weights: Float32Array;
  bias: number;
}

function train(data: Weighted[], lambda: number, epochs: number, seed: number): FloatModel {
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
  return { weights: w, bias };
}

function windowLogit(m: FloatModel, x: Example): number {
  let z = m.bias;
  for (let i = 0; i < x.idx.length; i++) z += m.weights[x.idx[i]!]! * x.val[i]!;
  return z;
}

/**
 * Round 1: every unit of an attack shares its text's weight; benign texts give an evenly spread sample.
 * Round 2: an attack gives only the units round 1 found; a benign text adds its `hardNegatives` highest
 * units under round 1, since the detector keeps each text's maximum unit.
 */
function trainMil(docs: Doc[], cfg: TrainConfig, seed: number): FloatModel {
  const groupWeight = sourceWeights(docs, cfg.sourceBalance ?? 0);
  const build = (pick: (d: Doc) => Example[]): Weighted[] => {
    const neg: Weighted[] = [];
    const pos: Weighted[] = [];
    docs.forEach((d, k) => {
      const xs = pick(d);
      const w = groupWeight[k]! * (d.label === 1 ? 1 / xs.length : 1);
      for (const x of xs) (d.label === 1 ? pos : neg).push({ x, y: d.label, w });
    });
    // Classes weigh the same in total, and the mean example weight is 1 (so lambda means the same either way).
    const posTotal = pos.reduce((s, e) => s + e.w, 0);
    const negTotal = neg.reduce((s, e) => s + e.w, 0);
    const all = pos.length + neg.length;
    for (const e of pos) e.w *= all / (2 * posTotal);
    for (const e of neg) e.w *= all / (2 * negTotal);
    return [...neg, ...pos];
  };
  const first = train(
    build((d) => d.sample),
    cfg.lambda,
    cfg.epochs,
    seed,
  );
  const top = (d: Doc) => d.windows.map((x) => ({ x, z: windowLogit(first, x) })).sort((a, b) => b.z - a.z);
  return train(
    build((d) => {
      if (d.label === 0) {
        const hard = top(d)
          .slice(0, cfg.hardNegatives)
          .map((s) => s.x)
          .filter((x) => !d.sample.includes(x));
        return [...d.sample, ...hard];
      }
      if (d.located) return d.windows;
      const scored = top(d);
      return [
        scored[0]!.x,
        ...scored
          .slice(1)
          .filter((s) => s.z > 0)
          .map((s) => s.x),
      ];
    }),
    cfg.lambda,
    cfg.epochs,
    seed + 1,
  );
}

/**
 * The shipped hyper-parameters, chosen by pooled leave-one-source-out TPR at FPR <= 1% (scripts/sweep-injection.ts;
 * the sweep is in docs/guardrails.md), not on dev: dev shares its sources with train.
 */
export const SHIPPED_CONFIG: TrainConfig = { lambda: 3e-3, epochs: 8, hardNegatives: 10, sourceBalance: 0.5 };

/** Smallest logit offset at which FPR of (rule hit or logit >= offset) stays <= fpr on dev. */
export function chooseOffset(logits: number[], ruleHit: boolean[], labels: number[], fpr = TARGET_FPR): number {
  const benign = labels.map((_l, i) => i).filter((i) => labels[i] === 0);
  const allowed = Math.floor(fpr * benign.length) - benign.filter((i) => ruleHit[i]).length;
  const free = benign
    .filter((i) => !ruleHit[i])
    .map((i) => logits[i]!)
    .sort((a, b) => b - a);
  if (allowed < 0) return free[0]! + 1e-3;
  const below = free[allowed] ?? -Infinity;
  const above = allowed > 0 ? free[allowed - 1]! : below + 1;
  return (below + above) / 2;
}

/**
 * TPR at FPR 0.5%, 1% and 2% (rule hits count as flagged), reported for dev: the 1% point alone moves by a
 * whole attack when one benign text changes rank (298 attacks, 8 allowed FPs).
 */
function tprCurve(logits: number[], ruleHit: boolean[], labels: number[]): number[] {
  return [0.005, 0.01, 0.02].map((fpr) => tprAtOffset(logits, ruleHit, labels, chooseOffset(logits, ruleHit, labels, fpr)));
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

/**
 * Training texts ready for `fitModel`: each doc keeps the row it came from and the sources it was built
 * from (one, or two for an augmented example), so callers can filter by source.
 */
export interface Prepared {
  docs: Doc[];
  rows: Row[];
  sources: string[][];
  located: number;
  units: number;
}

/** Augmented indirect-injection layouts (injection-augment.ts): this many clean ones and as many injected. */
export const AUGMENTED = 500;
/** Persona setups (injection-augment-persona.ts): this many, each closed by a benign request and by an attack. */
export const PERSONAS = 300;

/**
 * Locates BIPIA attacks against their clean twins and featurises `rows`. An attack's span depends only on
 * the BIPIA rows present, so a subset of the docs that keeps or drops all of one source's rows is what
 * `prepare` of that subset would give (leave-one-source-out featurises once).
 */
export function prepare(trainRows: Row[], augmented = AUGMENTED, personas = PERSONAS): Prepared {
  const spans = locateAttacks(trainRows);
  // An unlocated BIPIA attack would teach its whole context (table cells, email headers) as attack text.
  const usable = trainRows.filter((r, i) => !(r.label === 1 && r.category.startsWith('bipia_') && !spans.has(i)));
  const index = new Map(usable.map((r, i) => [r, i]));
  const located = new Map([...spans].map(([i, span]) => [index.get(trainRows[i]!)!, span]));
  const extra = [...augmentIndirect(usable, augmented), ...augmentPersona(usable, personas)];
  extra.forEach((a, k) => {
    if (a.span) located.set(usable.length + k, a.span);
  });
  const rows = [...usable, ...extra.map((a) => a.row)];
  const docs = featurise(rows, located);
  // An augmented layout is balanced with its own kind (`sourceBalance`), not with its context's source: its clean
  // and injected twins would otherwise weigh as a large benign source and a small attack one, teaching the
  // e-mail and table markers that any line in data is an attack.
  for (let i = usable.length; i < docs.length; i++) docs[i]!.source = `augmented:${docs[i]!.source}`;
  const sources = [...usable.map((r) => [r.source ?? '']), ...extra.map((a) => a.sources)];
  return { docs, rows, sources, located: spans.size, units: docs.reduce((s, d) => s + d.windows.length, 0) };
}

/** Trains on `docs` (a `prepare` result or a subset of its docs) and quantises as shipped; offset 0. */
export function fitModel(docs: Doc[], cfg: TrainConfig, seed = 1234): LinearModel {
  const trained = trainMil(docs, cfg, seed);
  const q = quantise(trained.weights);
  return { weights: q.weights, scale: q.scale, bias: trained.bias, offset: 0 };
}

/**
 * A text scored by a model fit on every other source: its raw logit, its best rule score as a user's own
 * message (0: none fired), and as a tool result or document, where the data-only rules count too.
 */
export interface HeldOut {
  row: Row;
  logit: number;
  ruleScore: number;
  dataRuleScore: number;
}

/**
 * Leave-one-source-out: for each `source`, a model fit (with `cfg`) on the other sources scores that source's
 * texts as the detector does (rules and decoded views included). Featurised once (see `prepare`).
 */
export function leaveOneSourceOutLogits(rows: Row[], cfg: TrainConfig, log: (s: string) => void = () => {}, only?: readonly string[]): HeldOut[] {
  const prepared = prepare(rows);
  // `only`: hold out just these sources (one shard of a sweep run in several processes).
  const sources = [...new Set(rows.map((r) => r.source ?? ''))].sort().filter((s) => !only || only.includes(s));
  const scorer = new UnitScorer();
  // The suffix model is trained on benign text: a fold's own, without the held-out source, or its benign
  // texts would be scored by a model that counted them.
  const benign = countBySource(rows.filter((r) => r.label === 0).map((r) => ({ ...r, source: r.source ?? '' })));
  const held: HeldOut[] = [];
  for (const source of sources) {
    const t0 = performance.now();
    // An augmented example is built from two rows: it is left out with either source.
    const docs = prepared.docs.filter((_, i) => !prepared.sources[i]!.includes(source));
    const model = fitModel(docs, cfg);
    const own = benign.bySource.get(source);
    const suffixTable = tableFromCounts(Uint32Array.from(benign.total, (v, i) => v - (own ? (own[i] as number) : 0)));
    const test = rows.filter((r) => (r.source ?? '') === source);
    for (const row of test) held.push({ row, ...scoreAsTheGatewayDoes(row.text, model, scorer, suffixTable) });
    log(`  loso ${source}: trained on ${docs.length} texts, scored ${test.length} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return held;
}

/**
 * A text scored as the gateway's input stage scores it: the text itself and the views its revealers add as
 * further targets (decoded base64 / hex / URL / rot13 segments, tag characters; guardrails/reveal.ts), each by
 * the detector, the best of them counting. As a user's message (userMessageRuleScore) and as a tool result
 * (every rule).
 */
function scoreAsTheGatewayDoes(text: string, model: LinearModel, scorer: UnitScorer, suffixTable: Uint8Array): Omit<HeldOut, 'row'> {
  let logit = Number.NEGATIVE_INFINITY;
  let ruleScore = 0;
  let dataRuleScore = 0;
  const revealed = DEFAULT_REVEALERS.flatMap((reveal) => reveal(text)).filter((t) => t !== text && t.length > 0);
  for (const view of [text, ...revealed]) {
    const a = analyse(view, model, scorer, suffixTable);
    logit = Math.max(logit, a.unit.logit);
    ruleScore = Math.max(ruleScore, userMessageRuleScore(view, a));
    for (const { rule } of [...a.rules, ...a.decodedRules.map((d) => d.match)]) dataRuleScore = Math.max(dataRuleScore, rule.score);
    if (a.suffix) dataRuleScore = Math.max(dataRuleScore, a.suffix.score);
  }
  return { logit, ruleScore, dataRuleScore };
}

/**
 * `leaveOneSourceOutLogits` with its folds shared among `jobs` child processes (this script run with
 * `--loso-shard`); the same result in the same order, since each fold depends only on the rows and `cfg`.
 * Default jobs: GATEHOUSE_LOSO_JOBS, else the machine's parallelism (at most 4).
 */
export async function leaveOneSourceOutLogitsInParallel(
  rows: Row[],
  cfg: TrainConfig,
  log: (s: string) => void = () => {},
  jobs = Number(process.env.GATEHOUSE_LOSO_JOBS ?? Math.min(4, availableParallelism())),
): Promise<HeldOut[]> {
  const sources = [...new Set(rows.map((r) => r.source ?? ''))].sort();
  const n = Math.max(1, Math.min(jobs, sources.length));
  if (n === 1) return leaveOneSourceOutLogits(rows, cfg, log);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-loso-'));
  try {
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ rows, cfg }));
    const shards = Array.from({ length: n }, (_, k) => sources.filter((_s, i) => i % n === k));
    await Promise.all(shards.map((only, k) => runShard(dir, k, only, log)));
    const bySource = new Map<string, HeldOut[]>();
    shards.forEach((_only, k) => {
      const held = JSON.parse(readFileSync(join(dir, `shard-${k}.json`), 'utf8')) as Array<Omit<HeldOut, 'row'> & { index: number }>;
      for (const { index, ...h } of held) {
        const row = rows[index]!;
        bySource.set(row.source ?? '', [...(bySource.get(row.source ?? '') ?? []), { row, ...h }]);
      }
    });
    return sources.flatMap((s) => bySource.get(s) ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runShard(dir: string, k: number, only: string[], log: (s: string) => void): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, '--loso-shard', dir, String(k), JSON.stringify(only)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (b: Buffer) => {
    for (const line of b.toString('utf8').split('\n')) if (line.trim() !== '') log(line);
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`leave-one-source-out shard ${k} exited with ${code}`))));
  });
}

/** Child side of `leaveOneSourceOutLogitsInParallel`: hold out `only`, write shard-k.json with row indices. */
function losoShard(dir: string, k: string, only: string): void {
  const { rows, cfg } = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as { rows: Row[]; cfg: TrainConfig };
  const index = new Map(rows.map((r, i) => [r, i]));
  const held = leaveOneSourceOutLogits(rows, cfg, (s) => console.log(s), JSON.parse(only) as string[]);
  writeFileSync(join(dir, `shard-${k}.json`), JSON.stringify(held.map(({ row, ...h }) => ({ index: index.get(row)!, ...h }))));
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const trainRows = load('train.jsonl');
  const devRows = load('dev.jsonl');
  const { docs, located, units: nUnits } = prepare(trainRows);
  console.log(`located ${located} of ${trainRows.filter((r) => r.label === 1 && r.category.startsWith('bipia_')).length} BIPIA attacks`);
  console.log(`train: ${docs.length} texts, ${nUnits} units (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const devLabels = devRows.map((r) => r.label);
  const scorer = new UnitScorer();
  const devRules = devRows.map((r) => {
    const a = analyse(r.text, { weights: new Int16Array(HASH_SIZE), scale: 1, bias: 0, offset: 0 }, scorer);
    return a.rules.length + a.decodedRules.length > 0;
  });
  // Hyper-parameters are chosen by leave-one-source-out (scripts/sweep-injection.ts), never on dev.
  const cfg = SHIPPED_CONFIG;
  const model = fitModel(docs, cfg);
  const devLogits = devRows.map((r) => analyse(r.text, model, scorer).unit.logit);
  const devOffset = chooseOffset(devLogits, devRules, devLabels);
  const tpr = tprAtOffset(devLogits, devRules, devLabels, devOffset);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `lambda=${cfg.lambda} epochs=${cfg.epochs} hard=${cfg.hardNegatives} sourceBalance=${cfg.sourceBalance}: dev TPR@0.5/1/2%FPR ${tprCurve(devLogits, devRules, devLabels).map(pct).join(' / ')} (reported, not selected on) at dev offset ${devOffset.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const all = [...trainRows, ...devRows];
  const held = await leaveOneSourceOutLogitsInParallel(all, cfg, (s) => console.log(s));
  const heldLogits = held.map((h) => h.logit);
  const heldRules = held.map((h) => h.ruleScore > 0);
  const heldLabels = held.map((h) => h.row.label);
  const offset = chooseOffset(heldLogits, heldRules, heldLabels, CALIBRATION_FPR);
  const losoTpr = tprAtOffset(heldLogits, heldRules, heldLabels, offset);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `calibrated on pooled LOSO benign: offset=${offset.toFixed(4)} (dev would give ${devOffset.toFixed(4)}); LOSO TPR@${CALIBRATION_FPR * 100}%FPR=${(losoTpr * 100).toFixed(1)}%; ${seconds.toFixed(1)} s`,
  );
  const meta = {
    trainedOn: 'injection/train.jsonl',
    selectedOn: 'leave-one-source-out sweep of train+dev (scripts/sweep-injection.ts)',
    calibratedOn: `leave-one-source-out of train+dev, pooled benign, FPR <= ${CALIBRATION_FPR * 100}%`,
    lambda: cfg.lambda,
    epochs: cfg.epochs,
    hardNegatives: cfg.hardNegatives,
    sourceBalance: cfg.sourceBalance ?? 0,
    trainTexts: docs.length,
    trainUnits: nUnits,
    devTprAt1Fpr: Number(tpr.toFixed(4)),
    losoTprAtOperatingPoint: Number(losoTpr.toFixed(4)),
    devOffset: Number(devOffset.toFixed(4)),
  };
  const bytes = Buffer.alloc(2 * HASH_SIZE);
  model.weights.forEach((v, i) => {
    bytes.writeInt16LE(v, 2 * i);
  });
  const base64 = bytes.toString('base64');
  writeFileSync(
    OUT,
    `// Generated by scripts/train-injection.ts (npm run train:injection); do not edit.\nexport const WEIGHTS = {\n  meta: ${JSON.stringify(meta)} as Record<string, string | number>,\n  bias: ${model.bias},\n  scale: ${model.scale},\n  offset: ${offset},\n  weights:\n    '${base64}',\n};\n`,
  );
  console.log(`wrote ${OUT.pathname} (${(base64.length / 1024).toFixed(0)} KiB base64)`);
}

// Importing the module (eval's leave-one-source-out) must not retrain or rewrite the weights.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [flag, dir, k, only] = process.argv.slice(2);
  if (flag === '--loso-shard' && dir && k && only) losoShard(dir, k, only);
  else
    main().catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
