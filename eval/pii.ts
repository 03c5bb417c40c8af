import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPiiDetector } from '../src/guardrails/detectors/pii/index.js';

/**
 * PII evaluation on `pii/dev.jsonl`. Span metrics per type under two match rules: "overlap" (same type,
 * spans overlap; each gold and each predicted span matched at most once) is the headline, "strict" (same
 * type, identical offsets) is reported beside it. Text-level: label 1 iff a direct identifier is found.
 * Dataset labels are normalised (SSN, ADDRESS, IBAN); detector type US_SSN counts as SSN.
 *
 * The detector is rule-based (nothing trained), so leave-one-source-out reduces to per-source figures:
 * per-type F1 for each source, next to the pooled one; a source that misses a target is the generalisation
 * miss to look at.
 *
 * Error listing for one type or group (overlap rule): `npx tsx eval/pii.ts --errors PERSON` (or
 * `ADDRESS+LOCATION`) prints each missed gold span (FN) and each unmatched prediction (FP) with its text.
 */

interface Span {
  type: string;
  start: number;
  end: number;
}
interface Row {
  text: string;
  label: 0 | 1;
  entities: Span[];
  source?: string;
}

const TYPE_MAP: Record<string, string> = { US_SSN: 'SSN' };
const TYPES = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN', 'SSN', 'IP_ADDRESS', 'PERSON', 'ADDRESS', 'LOCATION'];
const TARGETS: Record<string, number> = {
  EMAIL_ADDRESS: 0.95,
  PHONE_NUMBER: 0.95,
  CREDIT_CARD: 0.95,
  IBAN: 0.95,
  SSN: 0.95,
  IP_ADDRESS: 0.95,
  PERSON: 0.8,
  'ADDRESS+LOCATION': 0.8,
};
const DIRECT = new Set(['PERSON', 'ADDRESS', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'SSN', 'IBAN', 'IP_ADDRESS']);

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function match(gold: Span[], pred: Span[], strict: boolean, sameType: (a: string, b: string) => boolean): { tp: number; fp: number; fn: number } {
  const used = new Set<number>();
  let tp = 0;
  for (const g of gold) {
    const i = pred.findIndex(
      (p, k) => !used.has(k) && sameType(p.type, g.type) && (strict ? p.start === g.start && p.end === g.end : p.start < g.end && g.start < p.end),
    );
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fn: gold.length - tp, fp: pred.length - used.size };
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Token-level counts (presidio-research's own evaluator convention): each word of the text is gold when a
 * gold span covers it and predicted when a predicted span does. Unlike span matching, it does not depend on
 * whether an address is labelled as one span or as one span per line.
 */
function tokenMatch(text: string, gold: Span[], pred: Span[]): Counts {
  const inside = (spans: Span[], a: number, b: number): boolean => spans.some((x) => x.start <= a && b <= x.end);
  const c = { tp: 0, fp: 0, fn: 0 };
  if (gold.length === 0 && pred.length === 0) return c;
  for (const m of text.matchAll(WORD)) {
    const a = m.index ?? 0;
    const b = a + m[0].length;
    const g = inside(gold, a, b);
    const p = inside(pred, a, b);
    if (g && p) c.tp++;
    else if (g) c.fn++;
    else if (p) c.fp++;
  }
  return c;
}

function prf(c: Counts): [number, number, number] {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  return [p, r, p + r === 0 ? 0 : (2 * p * r) / (p + r)];
}

const f3 = (x: number): string => x.toFixed(3);

export async function evaluate(
  dataDir: string,
): Promise<{ title: string; markdown: string; passed: boolean; generalisation: { passed: boolean; summary: string } }> {
  const raw = await readFile(join(dataDir, 'pii', 'dev.jsonl'), 'utf8');
  const rows = raw
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
  const detector = createPiiDetector();
  const groups = [...TYPES, 'ADDRESS+LOCATION'];
  const overlap = new Map<string, Counts>(groups.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const strict = new Map<string, Counts>(groups.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const tokens = new Map<string, Counts>(groups.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const perSource = new Map<string, Map<string, Counts>>();
  let textCorrect = 0;
  for (const row of rows) {
    const source = row.source ?? 'unknown';
    if (!perSource.has(source)) perSource.set(source, new Map(groups.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])));
    const bySource = perSource.get(source)!;
    const pred = detector.detect(row.text, { direction: 'input', role: 'user' }).map((f) => ({ type: TYPE_MAP[f.type] ?? f.type, start: f.start, end: f.end }));
    for (const g of groups) {
      const members = g === 'ADDRESS+LOCATION' ? ['ADDRESS', 'LOCATION'] : [g];
      const gold = row.entities.filter((e) => members.includes(e.type));
      const p = pred.filter((e) => members.includes(e.type));
      const same = g === 'ADDRESS+LOCATION' ? () => true : (a: string, b: string) => a === b;
      for (const [map, isStrict] of [
        [overlap, false],
        [strict, true],
      ] as const) {
        const r = match(gold, p, isStrict, same);
        for (const c of isStrict ? [map.get(g)] : [map.get(g), bySource.get(g)])
          if (c) {
            c.tp += r.tp;
            c.fp += r.fp;
            c.fn += r.fn;
          }
      }
      const t = tokenMatch(row.text, gold, p);
      const tc = tokens.get(g)!;
      tc.tp += t.tp;
      tc.fp += t.fp;
      tc.fn += t.fn;
    }
    const predictedLabel = pred.some((p) => DIRECT.has(p.type)) ? 1 : 0;
    if (predictedLabel === row.label) textCorrect++;
  }
  let passed = true;
  const lines = [
    `${rows.length} texts. Match "overlap" = same type and overlapping spans (one-to-one); "strict" = same type and exact offsets;`,
    `"token" = per word (a word is gold / predicted when a span of that type covers it), presidio-research's own convention. ADDRESS+LOCATION`,
    `treats the two as one class. Detector threshold 0.5. Targets are on overlap F1. The data labels some addresses as one span and others as`,
    `one span per part (street, unit, city, country, postcode); the detector reports a one-line address as one span and a multi-line`,
    `address as one span per line, so under one-to-one overlap an extra gold part, or an extra line of an address labelled as one span,`,
    `counts against it although the words are the same: the token column does not depend on that convention.`,
    '',
    '| type | gold | P (overlap) | R (overlap) | F1 (overlap) | F1 (strict) | F1 (token) | target F1 | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const g of groups) {
    const c = overlap.get(g) ?? { tp: 0, fp: 0, fn: 0 };
    const s = strict.get(g) ?? { tp: 0, fp: 0, fn: 0 };
    const [p, r, f] = prf(c);
    const target = TARGETS[g];
    const met = target === undefined ? '' : f >= target ? 'yes' : 'no';
    if (target !== undefined && f < target) passed = false;
    lines.push(`| ${g} | ${c.tp + c.fn} | ${f3(p)} | ${f3(r)} | ${f3(f)} | ${f3(prf(s)[2])} | ${f3(prf(tokens.get(g)!)[2])} | ${target ?? '-'} | ${met} |`);
  }
  lines.push('', `Text-level label accuracy (label 1 iff a direct identifier is found): ${f3(textCorrect / rows.length)}`);
  // Per source: F1 (overlap) of every targeted group; a group with no gold and no prediction in a source is '-'.
  const targeted = Object.keys(TARGETS);
  let genPassed = true;
  const misses: string[] = [];
  const sourceLines = [...perSource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, counts]) => {
      const cells = targeted.map((g) => {
        const c = counts.get(g) ?? { tp: 0, fp: 0, fn: 0 };
        if (c.tp + c.fp + c.fn === 0) return '-';
        const f = prf(c)[2];
        if (f < TARGETS[g]!) {
          genPassed = false;
          misses.push(`${g} ${f3(f)} (${source})`);
        }
        return f3(f);
      });
      return `| ${source} | ${cells.join(' | ')} |`;
    });
  const markdown = [
    '## PII detector (pii/dev.jsonl)',
    '',
    '### F1 per source (generalisation headline)',
    '',
    `Rule-based, so no training to leave a source out of: each source is scored on its own (overlap F1). The shared PII data has`,
    `${perSource.size} source${perSource.size === 1 ? '' : 's'} and only a dev split${perSource.size === 1 ? ', so per source equals pooled equals dev, and the shared data cannot show a generalisation gap here' : ' (pooled is dev)'}.`,
    `Targets: core types >= 0.95, PERSON and ADDRESS+LOCATION >= 0.80. ${genPassed ? 'PASS' : `**MISS**: ${misses.join(', ')}`}.`,
    '',
    `| source | ${targeted.join(' | ')} |`,
    `|---|${targeted.map(() => '---:').join('|')}|`,
    ...sourceLines,
    '',
    '### Per type (dev target)',
    '',
    ...lines,
    '',
  ].join('\n');
  const summary = genPassed ? 'every targeted type meets its F1 target in every source' : `below target: ${misses.join(', ')}`;
  return { title: 'PII detector', markdown, passed, generalisation: { passed: genPassed, summary } };
}

/** Missed gold spans and unmatched predictions for one type or group, under the overlap rule. */
export async function listErrors(dataDir: string, group: string): Promise<string[]> {
  const raw = await readFile(join(dataDir, 'pii', 'dev.jsonl'), 'utf8');
  const rows = raw
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
  const detector = createPiiDetector();
  const members = group === 'ADDRESS+LOCATION' ? ['ADDRESS', 'LOCATION'] : [group];
  const out: string[] = [];
  rows.forEach((row, n) => {
    const pred = detector.detect(row.text, { direction: 'input', role: 'user' }).map((f) => ({ type: TYPE_MAP[f.type] ?? f.type, start: f.start, end: f.end }));
    const gold = row.entities.filter((e) => members.includes(e.type));
    const p = pred.filter((e) => members.includes(e.type));
    const used = new Set<number>();
    const lines: string[] = [];
    for (const g of gold) {
      const i = p.findIndex((q, k) => !used.has(k) && q.start < g.end && g.start < q.end);
      if (i >= 0) used.add(i);
      else lines.push(`  FN ${g.type} ${JSON.stringify(row.text.slice(g.start, g.end))}`);
    }
    p.forEach((q, k) => {
      if (!used.has(k)) lines.push(`  FP ${q.type} ${JSON.stringify(row.text.slice(q.start, q.end))}`);
    });
    if (lines.length > 0) out.push(`#${n} ${JSON.stringify(row.text.slice(0, 300))}`, ...lines);
  });
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--errors');
  const group = at >= 0 ? process.argv[at + 1] : undefined;
  const dataDir = resolve(process.env.GATEHOUSE_DATA_DIR ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'shared', 'data'));
  if (group === undefined) process.stderr.write('usage: tsx eval/pii.ts --errors TYPE\n');
  else for (const line of await listErrors(dataDir, group)) process.stdout.write(`${line}\n`);
}
