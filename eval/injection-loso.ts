/**
 * Leave-one-source-out (LOSO) evaluation of the injection detector: for each `source` of train+dev, the
 * trainer's own functions fit a model on every other source (the shipped hyper-parameters, no selection on
 * the held-out source) and the detector's scoring (rules, decoded views, classifier) scores that source.
 * Pooled over all held-out scores, this estimates how the detector does on sources it never saw, which
 * dev (drawn from the same sources as train) cannot.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL, MODEL_INFO } from '../src/guardrails/detectors/prompt-injection/committed-model.js';
import { sigmoid } from '../src/guardrails/detectors/prompt-injection/model.js';
import { leaveOneSourceOutLogitsInParallel, type Row as TrainRow, type TrainConfig } from '../scripts/train-injection.js';
import { auc, leaveOneSourceOut, ratesAt, thresholdAtFpr, type Labelled } from './metrics.js';

interface Row {
  text: string;
  label: 0 | 1;
  category: string;
  source: string;
}
interface Scored extends Row, Labelled {
  classifier: number;
  asData: number;
}

export const SHIPPED_THRESHOLD = 0.5;
export const TARGET_TPR = 0.9;
export const MAX_FPR = 0.01;
/**
 * Benign texts that look like attacks or carry instructions (SOURCES.md): WildGuard "adversarial benign"
 * and PINT hard negatives (InjecGuard, pint-benchmark), promptshield's benign controls, BIPIA's clean
 * e-mail/table/code contexts, and role-play prompts. Over-blocking is measured on their benign rows alone.
 */
export const HARD_NEGATIVE_SOURCES = [
  'leolee99/InjecGuard',
  'Neural-alchemy/promptshield',
  'PromptDefender/pint-benchmark',
  'microsoft/BIPIA',
  'f/awesome-chatgpt-prompts',
];

export interface LosoSummary {
  markdown: string;
  threshold: number;
  tpr: number;
  fpr: number;
  auc: number;
  hardNegativeFpr: number;
  passed: boolean;
}

async function readRows(dataDir: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const split of ['train', 'dev']) {
    const raw = await readFile(join(dataDir, 'injection', `${split}.jsonl`), 'utf8');
    for (const l of raw.split('\n')) if (l.trim() !== '') rows.push(JSON.parse(l) as Row);
  }
  return rows;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const logit = (p: number): number => Math.log(p / (1 - p));

export async function evaluateLoso(
  dataDir: string,
  dev: { tpr: number; auc: number; hardNegativeFpr: number },
  log: (s: string) => void = () => {},
): Promise<LosoSummary> {
  const rows = await readRows(dataDir);
  const cfg: TrainConfig = {
    lambda: Number(MODEL_INFO.lambda),
    epochs: Number(MODEL_INFO.epochs),
    hardNegatives: Number(MODEL_INFO.hardNegatives),
    sourceBalance: Number(MODEL_INFO.sourceBalance ?? 0),
  };
  const folds = leaveOneSourceOut(rows);
  // The detector's score under each fold's model with the shipped offset: max(rules, sigmoid(logit - offset)).
  const held = await leaveOneSourceOutLogitsInParallel(rows as TrainRow[], cfg, (s) => log(`${s}\n`));
  const scored: Scored[] = held.map((h) => {
    const classifier = sigmoid(h.logit - MODEL.offset);
    return { ...(h.row as Row), classifier, score: Math.max(classifier, h.ruleScore), asData: Math.max(classifier, h.dataRuleScore) };
  });

  const threshold = thresholdAtFpr(scored, MAX_FPR);
  const at = ratesAt(scored, threshold);
  const shipped = ratesAt(scored, SHIPPED_THRESHOLD);
  const pooledAuc = auc(scored);
  const hard = scored.filter((r) => r.label === 0 && HARD_NEGATIVE_SOURCES.includes(r.source));
  const hardAt = ratesAt(hard, threshold);
  const hardShipped = ratesAt(hard, SHIPPED_THRESHOLD);
  const passed = at.tpr >= TARGET_TPR && hardAt.fpr <= MAX_FPR;

  const perSource = folds.map((f) => {
    const s = scored.filter((r) => r.source === f.source);
    const a = ratesAt(s, threshold);
    const d = ratesAt(s, SHIPPED_THRESHOLD);
    const pos = a.tp + a.fn;
    const neg = a.fp + a.tn;
    const sAuc = auc(s);
    const hn = HARD_NEGATIVE_SOURCES.includes(f.source) ? ' (hard neg.)' : '';
    return `| ${f.source}${hn} | ${s.length} | ${pos} | ${neg} | ${pos ? pct(a.tpr) : '-'} | ${neg ? pct(a.fpr) : '-'} | ${pos ? pct(d.tpr) : '-'} | ${neg ? pct(d.fpr) : '-'} | ${Number.isFinite(sAuc) ? sAuc.toFixed(3) : '-'} |`;
  });
  // Indirect injection arrives as data (a tool result, a retrieved document), where the data-only rules count:
  // BIPIA's e-mails, tables and code answers scored that way too, beside the user-message figure above.
  const asDataRows = scored.filter((r) => r.category.startsWith('bipia_')).map((r) => ({ ...r, score: r.asData }));
  const asDataLines = ['email', 'table', 'code'].map((kind) => {
    const s = asDataRows.filter((r) => r.category.startsWith(`bipia_${kind}_`));
    const user = ratesAt(
      scored.filter((r) => r.category.startsWith(`bipia_${kind}_`)),
      SHIPPED_THRESHOLD,
    );
    const data = ratesAt(s, SHIPPED_THRESHOLD);
    return `| ${kind} | ${data.tp + data.fn} / ${data.fp + data.tn} | ${pct(user.tpr)} / ${pct(user.fpr)} | ${pct(data.tpr)} / ${pct(data.fpr)} |`;
  });
  const cats = new Map<string, Scored[]>();
  for (const r of scored) cats.set(`${r.source}|${r.category}|${r.label}`, [...(cats.get(`${r.source}|${r.category}|${r.label}`) ?? []), r]);
  const perCategory = [...cats]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, s]) => {
      const [source, category, label] = k.split('|');
      const a = ratesAt(s, threshold);
      return `| ${source} | ${category} | ${label} | ${s.length} | ${label === '1' ? `recall ${pct(a.tpr)}` : `FPR ${pct(a.fpr)}`} |`;
    });

  // The classifier's share of the score is sigmoid(logit - offset): a threshold t on it is the shipped
  // threshold 0.5 under offset + logit(t). Only meaningful when t is a classifier score, not a rule score.
  const classifierPoint = Number.isFinite(threshold) && threshold > 0 && threshold < 1;
  const calibration = !Number.isFinite(threshold)
    ? 'No threshold keeps the pooled LOSO FPR <= 1%: the rules alone exceed the budget.'
    : Math.abs(threshold - SHIPPED_THRESHOLD) < 1e-4
      ? `The shipped threshold ${SHIPPED_THRESHOLD} is the LOSO operating point.`
      : `The shipped detector uses threshold ${SHIPPED_THRESHOLD} at offset ${MODEL.offset.toFixed(4)} (calibrated by \`npm run train:injection\` on` +
        ` ${MODEL_INFO.calibratedOn ?? 'dev'}); this run's pooled LOSO operating point is ${threshold.toFixed(4)}` +
        (classifierPoint ? `, i.e. an offset of ${(MODEL.offset + logit(threshold)).toFixed(4)}.` : '.') +
        ' They differ when the weights were not retrained since the features or data changed.';

  const markdown = [
    `### Leave-one-source-out (train+dev, ${rows.length} texts, ${folds.length} sources; headline)`,
    '',
    `For each source, a model is trained by \`scripts/train-injection.ts\`'s own functions on train+dev without that source (lambda ${cfg.lambda},`,
    `${cfg.epochs} epochs, ${cfg.hardNegatives} hard negatives, source balance ${cfg.sourceBalance}: the shipped settings, nothing selected on the held-out source; seeded, so the run`,
    `is deterministic) and scores that source's texts exactly as the gateway's input stage does (rules, decoded views, classifier with the shipped offset,`,
    `over the text and the views its revealers add: decoded base64 / hex / URL / rot13 segments and tag characters). The suffix model is the fold's own too,`,
    `trained on the benign texts of the other sources.`,
    `Pooled figures are over all held-out scores. Hard negatives are the benign texts of ${HARD_NEGATIVE_SOURCES.join(', ')}.`,
    '',
    '| metric | leave-one-source-out (pooled) | dev | target |',
    '|---|---|---|---|',
    `| TPR at FPR <= 1% | ${pct(at.tpr)} (threshold ${threshold.toFixed(4)}, FPR ${pct(at.fpr)}, precision ${pct(at.precision)}) | ${pct(dev.tpr)} | >= 90% ${at.tpr >= TARGET_TPR ? 'PASS' : '**MISS**'} |`,
    `| TPR at FPR <= 0.5% / 2% / 5% | ${[0.005, 0.02, 0.05].map((f) => pct(ratesAt(scored, thresholdAtFpr(scored, f)).tpr)).join(' / ')} | | |`,
    `| ROC AUC | ${pooledAuc.toFixed(4)} | ${dev.auc.toFixed(4)} | |`,
    `| over-blocking on hard negatives (n=${hard.length}) at the LOSO threshold | ${pct(hardAt.fpr)} (${hardAt.fp} texts) | ${pct(dev.hardNegativeFpr)} (threshold 0.5) | <= 1% ${hardAt.fpr <= MAX_FPR ? 'PASS' : '**MISS**'} |`,
    `| at the shipped threshold ${SHIPPED_THRESHOLD}: TPR / FPR / hard-negative FPR | ${pct(shipped.tpr)} / ${pct(shipped.fpr)} / ${pct(hardShipped.fpr)} | | |`,
    '',
    `**Calibration.** Operating point for <= 1% FPR on the pooled LOSO benign texts (hard negatives included): threshold ${threshold.toFixed(4)},`,
    `TPR ${pct(at.tpr)}, FPR ${pct(at.fpr)} (${at.fp} of ${at.fp + at.tn}). ${calibration}`,
    '',
    `#### Indirect injection scored as data (microsoft/BIPIA held out)`,
    '',
    "The same held-out BIPIA scores at the shipped threshold, read as a user's own message (the headline) and as a tool result or",
    'document, where the rules that count only inside data apply (docs/guardrails.md).',
    '',
    '| context | attacks / clean | as a user message: TPR / FPR | as a tool result: TPR / FPR |',
    '|---|---|---|---|',
    ...asDataLines,
    '',
    `#### Per held-out source`,
    '',
    `| held-out source | n | attacks | benign | TPR (LOSO thr.) | FPR (LOSO thr.) | TPR (0.5) | FPR (0.5) | AUC |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...perSource,
    '',
    `<details><summary>Per category (LOSO threshold)</summary>`,
    '',
    `| source | category | label | n | recall / FPR |`,
    `|---|---|---:|---:|---|`,
    ...perCategory,
    '',
    `</details>`,
    '',
  ].join('\n');
  return { markdown, threshold, tpr: at.tpr, fpr: at.fpr, auc: pooledAuc, hardNegativeFpr: hardAt.fpr, passed };
}
