/**
 * Quick micro-benchmark of the streamed output guardrails (not the project benchmark): the same ~1,600-character
 * answer sent through `guardStream` in 50 and in 500 text parts, with the real secrets (block) and pii (monitor)
 * detectors of the full-stack bench profile and the default 64-character hold-back. Prints CPU per stream and how
 * many times the window ran the output policies. Run with `npx tsx scripts/stream-window-microbench.ts`.
 */
import { performance } from 'node:perf_hooks';
import type { StreamPart } from '../src/core/stream-parts.js';
import { chat, guardrails, realDetectors, textStream } from '../src/guardrails/guardrails.fixtures.js';
import type { DetectorFactory } from '../src/guardrails/profile.js';
import type { DetectContext, Detector } from '../src/guardrails/types.js';
import { guardStream } from '../src/stages/output-guardrails/stream.js';

const SENTENCE = 'The reconciliation job reads the invoices, groups them by vendor and flags any pair whose amounts differ by less than one percent. ';
const ANSWER = SENTENCE.repeat(13).slice(0, 1600);
const STREAMS = Number(process.env.STREAMS ?? 300);

let scans = 0;
/** The real detectors; the secrets one counts its calls (one per window scan). */
const counting: DetectorFactory = (name, options) => {
  const detector = realDetectors(name, options) as Detector;
  if (name !== 'secrets') return detector;
  return { name, detect: (text: string, context: DetectContext) => (scans++, detector.detect(text, context)) };
};
const resolve = guardrails(
  { profiles: { p: { output: { secrets: { action: 'block' }, pii: { action: 'monitor' } } } }, defaults: { anonymous: 'p' } },
  {},
  counting,
);
const exchange = chat({ messages: [{ role: 'user', content: 'hi' }] }, { stream: true });
const lookup = resolve(exchange);
if (lookup.status !== 'found') throw new Error('no profile');
const profile = lookup.profile;

function split(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts);
  return Array.from({ length: parts }, (_, i) => text.slice(i * size, (i + 1) * size));
}

async function* from(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  for (const p of parts) yield p;
}

/** One stream through the guard; returns the released text length (checked, so nothing is optimised away). */
async function once(parts: StreamPart[]): Promise<number> {
  const ex = chat({ messages: [{ role: 'user', content: 'hi' }] }, { stream: true });
  const report = { durationUs: 0 };
  let out = 0;
  for await (const p of guardStream(ex, from(parts), { profile, enforce: true, schemas: new Map(), contentSchema: undefined }, report))
    if (p.type === 'text-delta') out += p.text.length;
  return out;
}

async function measure(count: number): Promise<void> {
  const parts = textStream(split(ANSWER, count));
  for (let i = 0; i < 30; i++) await once(parts);
  scans = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < STREAMS; i++) if ((await once(parts)) !== ANSWER.length) throw new Error('text lost');
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  const cpuUs = (used.user + used.system) / STREAMS;
  const wallUs = ((wall * 1000) / STREAMS).toFixed(0);
  console.log(`${count} parts: ${cpuUs.toFixed(0)} µs CPU/stream, ${wallUs} µs wall/stream, ${scans / STREAMS} scans/stream`);
}

console.log(`answer ${ANSWER.length} chars, holdBack ${profile.holdBackChars}, ${STREAMS} streams each`);
for (let round = 0; round < 2; round++) {
  await measure(50);
  await measure(500);
}
