/**
 * `npm run bench:detectors`: every built-in input detector, alone and all together, on a realistic 4 KB
 * prompt (prose, a table, code, an email address, a card number, an env file line). Target: all of them
 * together under 1 ms at p99. Writes its section of BENCHMARKS.md (`<!-- bench:begin detectors -->`) unless run
 * with `--no-write` (A/B runs of two builds: print only).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BUILTIN_DETECTORS, createDetector, isBuiltinDetector } from '../src/guardrails/detectors/index.js';
import type { DetectContext, Detector } from '../src/guardrails/types.js';
// @ts-expect-error the report helpers are plain ESM JavaScript
import { writeBenchmarksFile } from './report.mjs';

const INPUT_DETECTORS = ['prompt_injection', 'unicode', 'encoding', 'pii', 'secrets', 'keywords', 'code'].filter(isBuiltinDetector);
const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };

function prompt4k(): string {
  const parts = [
    "You are helping the finance team reconcile last quarter's vendor invoices. Summarise the discrepancies below, ",
    'group them by vendor, and propose the next step for each. Keep the tone neutral and cite invoice numbers.\n\n',
    '| invoice | vendor | amount | status |\n|---|---|---|---|\n| INV-20931 | Northwind Traders | 12,400.00 | disputed |\n| INV-20944 | Contoso Ltd | 3,150.75 | paid twice |\n\n',
    'Contact for questions: maria.lopez@example.com, or call +1 415 555 0132. The corporate card on file ends in 4242 ',
    '(4242 4242 4242 4242 in the test system). Config excerpt from the reconciliation job:\n\n',
    '```python\nimport pandas as pd\nframe = pd.read_csv("invoices.csv")\ndupes = frame[frame.duplicated(["vendor", "amount"], keep=False)]\nprint(dupes.sort_values("vendor"))\n```\n\n',
    'RECONCILE_DB_URL=postgres://report_reader@db.internal:5432/finance\n\n',
    'Background: the vendor master data was migrated in March, and several vendors were merged. Some payments were ',
    'posted against the old vendor ids, which explains part of the duplicates. Other differences come from currency ',
    'conversion at posting time versus settlement time. Please flag anything that looks like a genuine double payment, ',
    'and anything where the amounts differ by less than one percent, which we usually write off.\n\n',
  ];
  let text = parts.join('');
  while (text.length < 4096)
    text += 'Additional note: vendors were reminded to quote purchase order numbers on every invoice so that matching can be automated. ';
  // Read back from JSON, as a request body's text arrives: a flat string, not a slice of the string built here.
  return JSON.parse(JSON.stringify(text.slice(0, 4096))) as string;
}

/** A 4 KB chat answer in Markdown: every kind of construct the render transforms rewrite or keep. */
function markdown4k(): string {
  const parts = [
    '## Summary\n\nThe **quarterly** numbers are in; see [the guide](https://docs.example.com/q3) and [notes][n].\n\n',
    '![chart](https://img.example.com/q3.png) ![pixel](https://tracker.example.net/p.gif?u=someone)\n\n',
    '| item | total |\n|---|---:|\n| a | 12 |\n| b | 30 |\n\n',
    'Use `<div>` in code, or this: <b onclick="x()">bold</b> and <img src=x onerror=alert(1)>.\n\n',
    '```js\nconst url = "https://example.com/?q=" + query;\n```\n\n',
    'Also <https://other.example.org/page> and a plain https://example.org/path mention.\n\n',
  ];
  let out = '';
  while (out.length < 4096) out += parts.join('');
  return `${out.slice(0, 4000)}\n\n[n]: https://docs.example.com/notes\n`;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function measure(run: () => void, iterations: number): { p50: number; p99: number } {
  for (let i = 0; i < 200; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    run();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

const text = prompt4k();
const detectors: Detector[] = INPUT_DETECTORS.map((name) => createDetector(name));
const rows: string[] = [];
for (const detector of detectors) {
  const r = measure(() => detector.detect(text, CONTEXT), 2000);
  rows.push(`| ${detector.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
}
const all = measure(() => {
  for (const d of detectors) d.detect(text, CONTEXT);
}, 2000);
// Detectors that need options, and the output-only ones, with representative settings: not part of the
// 1 ms input budget, measured so every detector has a figure.
const jsonAnswer = JSON.stringify({
  items: Array.from({ length: 40 }, (_, i) => ({
    id: i,
    vendor: `Vendor ${i}`,
    amount: i * 101.5,
    status: 'disputed',
    note: 'duplicate posting after migration',
  })),
});
const configured: Array<[string, Detector, string]> = [
  ['regex (2 patterns)', createDetector('regex', { patterns: { invoice: 'INV-\\d{5}', project: 'PRJ-[A-Z]{3}-\\d+' } }), text],
  ['topics (2 topics)', createDetector('topics', { topics: { weapons: ['firearm*', 'explosive*'], medical: ['diagnos*', 'prescription*'] } }), text],
  ['urls (allowlist)', createDetector('urls', { allowedDomains: ['example.com'] }), text],
  ['canary (1 token)', createDetector('canary', { tokens: ['gh-canary-abcdefghijklmnopqrstuvwxyz'] }), text],
  ['refusal (output)', createDetector('refusal'), text],
  [
    `json_schema (output, ${jsonAnswer.length}-char JSON)`,
    createDetector('json_schema', {
      schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'amount'] } } }, required: ['items'] },
    }),
    jsonAnswer,
  ],
];
// The render transforms and the exfiltration check on a 4 KB Markdown answer full of constructs (links,
// images, a reference definition, inline HTML, code) and on the plain prompt (the prefilter's case).
const markdownAnswer = markdown4k();
const render = createDetector('render', { links: { allowedDomains: ['docs.example.com'] }, images: { allowedDomains: ['img.example.com'] } });
configured.push(
  ['render (output, plain 4 KB text: prefilter only)', render, text.replace(/[<\]]/g, ' ')],
  [`render (output, ${markdownAnswer.length}-char Markdown with links, images, HTML)`, render, markdownAnswer],
  [`exfiltration (output, ${markdownAnswer.length}-char Markdown)`, createDetector('exfiltration'), markdownAnswer],
);
for (const [label, detector, input] of configured) {
  const r = measure(() => detector.detect(input, { ...CONTEXT, direction: 'output' }), 2000);
  rows.push(`| ${label} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
}
const verdict = all.p99 < 1000 ? 'PASS' : 'FAIL';
const missing = BUILTIN_DETECTORS.length > 0 ? ['pii', 'secrets', 'prompt_injection'].filter((n) => !INPUT_DETECTORS.includes(n)) : [];
const section = [
  '## Results: detectors (`npm run bench:detectors`)',
  '',
  `_Generated on ${new Date().toISOString()}; ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}. 200 warm-up runs, then 2,000 timed runs per line on one ${text.length}-character prompt (prose, a table, code, an email, a phone number, a card number, a connection string)._`,
  '',
  '| detector | p50 µs | p99 µs |',
  '|---|---:|---:|',
  ...rows,
  `| **all optionless input detectors together** (${INPUT_DETECTORS.join(', ')}) | **${all.p50.toFixed(1)}** | **${all.p99.toFixed(1)}** |`,
  '',
  `Target: all built-in input detectors together on a 4 KB prompt, p99 under 1 ms (1,000 µs): **${verdict}**.${missing.length ? ` Not yet in the registry, so not measured: ${missing.join(', ')}.` : ''}`,
].join('\n');
process.stdout.write(`${section}\n`);
if (!process.argv.includes('--no-write')) writeBenchmarksFile(new URL('../BENCHMARKS.md', import.meta.url).pathname, section, 'detectors');
