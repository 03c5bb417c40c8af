/**
 * Second half of `npm run bench:detectors`: the slowest run of each detector over the pathological floods its
 * tests feed it (src/guardrails/detectors/detector-floods.fixtures.ts: one character or token repeated, 20 KB to 1 MB), plus
 * the unicode, keywords, topics, canary and regex floods and PII on a 4 KB letter full of names and addresses.
 * The tests check what these inputs yield; the time is measured here, where a slow machine cannot fail a build.
 * Bound: every flood under 2,000 ms, the letter under 20 ms.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDetector } from '../src/guardrails/detectors/index.js';
import type { DetectContext, Detector } from '../src/guardrails/types.js';
import { FLOODED_DETECTORS, floodsFor } from '../src/guardrails/detectors/detector-floods.fixtures.js';

const INPUT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const OUTPUT: DetectContext = { direction: 'output', role: 'assistant', part: 'content' };
const OUTPUT_DETECTORS = new Set(['code', 'urls', 'refusal']);

function slowestMs(detector: Detector, inputs: string[], context: DetectContext): number {
  let slowest = 0;
  for (const text of inputs) {
    const t0 = performance.now();
    detector.detect(text, context);
    slowest = Math.max(slowest, performance.now() - t0);
  }
  return slowest;
}

const rows: Array<[string, number, number]> = [];
for (const name of FLOODED_DETECTORS) {
  const options = name === 'urls' ? { allowedDomains: ['example.com'] } : undefined;
  const inputs = floodsFor(name).map((flood) => flood.text);
  rows.push([name, inputs.length, slowestMs(createDetector(name, options), inputs, OUTPUT_DETECTORS.has(name) ? OUTPUT : INPUT)]);
}
const canaryToken = 'gh-canary-abcdefghijklmnopqrstuvwxyz';
const nearMiss = `${[...canaryToken.slice('gh-canary-'.length, -1)].join(' - ')} !`;
const extra: Array<[string, Detector, string[], DetectContext]> = [
  ['unicode', createDetector('unicode'), ['\u200b'.repeat(500_000) + 'a\u0430'.repeat(250_000)], INPUT],
  ['keywords', createDetector('keywords'), ['CONFIDENTIAL '.repeat(100_000), 'A'.repeat(1_000_000)], INPUT],
  ['topics', createDetector('topics', { topics: { gambling: ['casino'], weapons: ['gun*'] } }), ['casino '.repeat(200_000), 'g'.repeat(1_000_000)], INPUT],
  ['canary (near misses)', createDetector('canary', { tokens: [canaryToken] }), [nearMiss.repeat(2000)], OUTPUT],
  ['regex (capped at 64 KB)', createDetector('regex', { patterns: { employee_id: '\\bEMP-\\d{6}\\b' }, flags: 'i' }), ['EMP-'.repeat(100_000)], INPUT],
];
for (const [label, detector, inputs, context] of extra) rows.push([label, inputs.length, slowestMs(detector, inputs, context)]);

const letter =
  'Dear Mr. Alan Whitfield, thank you for your letter from 42 Elm Grove Road, Springfield, IL 62704. My colleague Maria Gonzalez in Toronto will reply. ';
const text = letter.repeat(30).slice(0, 4096);
const pii = createDetector('pii');
for (let i = 0; i < 20; i++) pii.detect(text, INPUT);
const t0 = performance.now();
for (let i = 0; i < 20; i++) pii.detect(text, INPUT);
const letterMs = (performance.now() - t0) / 20;

const over = rows.filter(([, , ms]) => ms >= 2000).map(([label]) => label);
process.stdout.write(
  [
    `Detector floods on ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}: slowest run per detector`,
    '| detector | floods | slowest ms |',
    '|---|---:|---:|',
    ...rows.map(([label, n, ms]) => `| ${label} | ${n} | ${ms.toFixed(1)} |`),
    `| pii, 4 KB letter of names and addresses (mean of 20) | 1 | ${letterMs.toFixed(2)} |`,
    '',
    `Bound 2,000 ms a flood, 20 ms the letter: ${over.length === 0 && letterMs < 20 ? 'PASS' : `FAIL (${[...over, ...(letterMs < 20 ? [] : ['pii letter'])].join(', ')})`}`,
    '',
  ].join('\n'),
);
