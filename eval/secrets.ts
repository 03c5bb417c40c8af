import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSecretsDetector } from '../src/guardrails/detectors/secrets/index.js';

/**
 * Secrets evaluation on `secrets/dev.jsonl`: text-level precision and recall (label 1 = contains a secret,
 * predicted 1 = at least one finding at or above the threshold), with misses and false positives broken
 * down by source and rule family, and span recall where the data has a best-effort span. The detector is
 * rule-based (nothing is trained), so leave-one-source-out reduces to per-source figures: span precision,
 * recall and F1 per source and pooled (the generalisation headline, target F1 >= 0.95).
 */

interface Row {
  text: string;
  label: 0 | 1;
  source: string;
  category: string;
  entities?: Array<{ type: string; start: number; end: number }>;
}

const THRESHOLD = 0.5;
const TARGET = 0.95;
const SPAN_TARGET = 0.95;

interface SpanCounts {
  tp: number;
  fp: number;
  fn: number;
  rows: number;
  displaced: number;
}

/**
 * Span counts for one text under the overlap rule (one-to-one). A secret-bearing text without a known span
 * cannot judge its findings, so it is skipped (`undefined`); in a text labelled 0 every finding is a FP.
 */
function spanCounts(row: Row, findings: Array<{ start: number; end: number }>): Omit<SpanCounts, 'rows' | 'displaced'> | undefined {
  const gold = row.entities ?? [];
  if (row.label === 1 && gold.length === 0) return undefined;
  const used = new Set<number>();
  let tp = 0;
  for (const g of gold) {
    const i = findings.findIndex((f, k) => !used.has(k) && f.start < g.end && g.start < f.end);
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fn: gold.length - tp, fp: findings.length - used.size };
}

function spanPrf(c: SpanCounts): [number, number, number] {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : Number.NaN;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : Number.NaN;
  return [p, r, p + r ? (2 * p * r) / (p + r) : 0];
}

function family(category: string): string {
  const rule = category.split(':')[1];
  return rule ? rule.replace(/\.\d+$/, '') : category;
}

function pct(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

async function readRows(dataDir: string): Promise<Row[]> {
  const raw = await readFile(join(dataDir, 'secrets', 'dev.jsonl'), 'utf8');
  return raw
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

export async function evaluate(
  dataDir: string,
): Promise<{ title: string; markdown: string; passed: boolean; generalisation: { passed: boolean; summary: string } }> {
  const rows = await readRows(dataDir);
  const detector = createSecretsDetector();
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    spanTotal = 0,
    spanHit = 0;
  const misses = new Map<string, number>();
  const falsePos = new Map<string, number>();
  const bySource = new Map<string, { tp: number; fp: number; fn: number; tn: number }>();
  const spansBySource = new Map<string, SpanCounts>();
  const spanPooled: SpanCounts = { tp: 0, fp: 0, fn: 0, rows: 0, displaced: 0 };
  for (const row of rows) {
    const findings = detector.detect(row.text, { direction: 'input', role: 'user' }).filter((f) => f.score >= THRESHOLD);
    const predicted = findings.length > 0;
    const key = `${row.source} / ${row.category.split(':')[0]}`;
    const s = bySource.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (row.label === 1 && predicted) {
      tp++;
      s.tp++;
    } else if (row.label === 1) {
      fn++;
      s.fn++;
      misses.set(family(row.category), (misses.get(family(row.category)) ?? 0) + 1);
    } else if (predicted) {
      fp++;
      s.fp++;
      falsePos.set(family(row.category), (falsePos.get(family(row.category)) ?? 0) + 1);
    } else {
      tn++;
      s.tn++;
    }
    bySource.set(key, s);
    const sc = spanCounts(row, findings);
    if (sc) {
      const src = spansBySource.get(row.source) ?? { tp: 0, fp: 0, fn: 0, rows: 0, displaced: 0 };
      // A missed gold span and an unmatched finding in the same text: the finding sits on another part
      // of the same credential (the password beside a labelled user name) or on a second, unlabelled secret.
      const displaced = Math.min(sc.fn, sc.fp);
      for (const c of [src, spanPooled]) {
        c.tp += sc.tp;
        c.fp += sc.fp;
        c.fn += sc.fn;
        c.rows++;
        c.displaced += displaced;
      }
      spansBySource.set(row.source, src);
    }
    for (const e of row.entities ?? []) {
      spanTotal++;
      if (findings.some((f) => f.start < e.end && e.start < f.end)) spanHit++;
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const passed = precision >= TARGET && recall >= TARGET;
  const [sp, sr, sf] = spanPrf(spanPooled);
  const spanPassed = sf >= SPAN_TARGET;
  const spanRow = (name: string, c: SpanCounts): string => {
    const [p, r, f] = spanPrf(c);
    const loose = spanPrf({ ...c, tp: c.tp + c.displaced, fp: c.fp - c.displaced, fn: c.fn - c.displaced });
    return `| ${name} | ${c.rows} | ${c.tp + c.fn} | ${c.tp} / ${c.fp} / ${c.fn} | ${pct(p)} | ${pct(r)} | ${c.tp + c.fn ? pct(f) : 'n/a (no secrets)'} | ${c.displaced} | ${c.tp + c.fn ? pct(loose[2]) : 'n/a'} |`;
  };
  const lines: string[] = [
    `### Span F1 per source (generalisation headline)`,
    '',
    `Rule-based, so no training to leave a source out of: each source is scored on its own. Spans match under the overlap rule`,
    `(one-to-one); texts labelled 1 without a known span are left out (their findings cannot be judged); in texts labelled 0 every`,
    `finding is a false positive. The shared secrets data has only a dev split, so "pooled" is dev itself.`,
    `Target: pooled span F1 >= ${SPAN_TARGET} ${spanPassed ? 'PASS' : '**MISS**'}.`,
    '',
    '| source | texts | gold spans | TP / FP / FN | span P | span R | span F1 | displaced | F1 if displaced matched |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...[...spansBySource].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => spanRow(k, c)),
    spanRow('**pooled**', spanPooled),
    '',
    `"Displaced" counts, per text, a missed gold span paired with an unmatched finding in the same text (min(FN, FP)); the last column`,
    `scores those pairs as matches. It is a diagnostic, the same rule for every source, not the headline. Why it matters: a source's gold`,
    `span is its rule's first capture group, which for some rules is the identifier beside the secret (the user of a connection string,`,
    `an Azure account name, a token id, a netrc machine, a client id next to its client secret) rather than the secret, and rule examples`,
    `often hold two secrets of which one is labelled; a finding on the other counts as one FP and one FN. Text-level figures are below.`,
    '',
    `### Text level (dev target)`,
    '',
    `Text-level, threshold ${THRESHOLD}, ${rows.length} texts. Target: precision and recall >= ${TARGET}.`,
    '',
    '| metric | value |',
    '|---|---:|',
    `| precision | ${pct(precision)} |`,
    `| recall | ${pct(recall)} |`,
    `| F1 | ${pct(f1)} |`,
    `| TP / FP / FN / TN | ${tp} / ${fp} / ${fn} / ${tn} |`,
    `| span recall (overlap, ${spanTotal} labelled spans) | ${pct(spanHit / spanTotal)} |`,
    '',
    '| source / category | TP | FP | FN | TN |',
    '|---|---:|---:|---:|---:|',
    ...[...bySource].sort().map(([k, s]) => `| ${k} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.tn} |`),
    '',
    `Missed rule families (${fn}): ` +
      [...misses]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    '',
    `False-positive families (${fp}): ` +
      [...falsePos]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
  ];
  const summary = `pooled span F1 ${pct(sf)} (P ${pct(sp)}, R ${pct(sr)}; target >= ${SPAN_TARGET})`;
  return {
    title: 'Secrets detector',
    markdown: ['## Secrets detector (secrets/dev.jsonl)', '', ...lines, ''].join('\n'),
    passed,
    generalisation: { passed: spanPassed, summary },
  };
}

/**
 * Error listing for analysis (not part of EVALUATION.md): every missed positive and every false positive,
 * grouped by rule family, with the text cut to `width` characters and, for false positives, the rule
 * that fired. The texts are the public dev examples; never run this on data that holds real secrets.
 */
export async function listErrors(dataDir: string, width = 160): Promise<string> {
  const rows = await readRows(dataDir);
  const detector = createSecretsDetector();
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const findings = detector.detect(row.text, { direction: 'input', role: 'user' }).filter((f) => f.score >= THRESHOLD);
    if ((row.label === 1) === findings.length > 0) continue;
    const kind = row.label === 1 ? 'FN' : 'FP';
    const why = kind === 'FP' ? ` <- ${findings.map((f) => f.evidence ?? f.type).join(', ')}` : '';
    const key = `${kind} ${family(row.category)}`;
    const list = groups.get(key) ?? [];
    list.push(`  ${JSON.stringify(row.text.slice(0, width))}${why}`);
    groups.set(key, list);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} (${v.length})\n${v.join('\n')}`)
    .join('\n');
}

// `npx tsx eval/secrets.ts [--errors]`: the report, or the error listing, for this task alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dataDir = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data'));
  const out = process.argv.includes('--errors') ? await listErrors(dataDir) : (await evaluate(dataDir)).markdown;
  process.stdout.write(`${out}\n`);
}
