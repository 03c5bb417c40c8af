import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSecretsDetector } from '../src/guardrails/detectors/secrets/index.js';

/**
 * Secrets evaluation on `secrets/dev.jsonl`: text-level precision and recall (label 1 = contains a secret,
 * predicted 1 = at least one finding at or above the threshold), with misses and false positives broken
 * down by source and rule family, and span recall where the data has a best-effort span.
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

function family(category: string): string {
  const rule = category.split(':')[1];
  return rule ? rule.replace(/\.\d+$/, '') : category;
}

function pct(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

async function readRows(dataDir: string): Promise<Row[]> {
  const raw = await readFile(join(dataDir, 'secrets', 'dev.jsonl'), 'utf8');
  return raw.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Row);
}

export async function evaluate(dataDir: string): Promise<{ title: string; markdown: string; passed: boolean }> {
  const rows = await readRows(dataDir);
  const detector = createSecretsDetector();
  let tp = 0, fp = 0, fn = 0, tn = 0, spanTotal = 0, spanHit = 0;
  const misses = new Map<string, number>();
  const falsePos = new Map<string, number>();
  const bySource = new Map<string, { tp: number; fp: number; fn: number; tn: number }>();
  for (const row of rows) {
    const findings = detector.detect(row.text, { direction: 'input', role: 'user' }).filter((f) => f.score >= THRESHOLD);
    const predicted = findings.length > 0;
    const key = `${row.source} / ${row.category.split(':')[0]}`;
    const s = bySource.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (row.label === 1 && predicted) { tp++; s.tp++; }
    else if (row.label === 1) { fn++; s.fn++; misses.set(family(row.category), (misses.get(family(row.category)) ?? 0) + 1); }
    else if (predicted) { fp++; s.fp++; falsePos.set(family(row.category), (falsePos.get(family(row.category)) ?? 0) + 1); }
    else { tn++; s.tn++; }
    bySource.set(key, s);
    for (const e of row.entities ?? []) {
      spanTotal++;
      if (findings.some((f) => f.start < e.end && e.start < f.end)) spanHit++;
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const passed = precision >= TARGET && recall >= TARGET;
  const lines: string[] = [
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
    `Missed rule families (${fn}): ` + [...misses].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '),
    '',
    `False-positive families (${fp}): ` + [...falsePos].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', '),
  ];
  return { title: 'Secrets detector (dev)', markdown: lines.join('\n'), passed };
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
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} (${v.length})\n${v.join('\n')}`).join('\n');
}

// `npx tsx eval/secrets.ts [--errors]`: the report, or the error listing, for this task alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dataDir = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data'));
  const out = process.argv.includes('--errors') ? await listErrors(dataDir) : (await evaluate(dataDir)).markdown;
  process.stdout.write(`${out}\n`);
}
