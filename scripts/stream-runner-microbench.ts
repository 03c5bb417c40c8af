/**
 * Quick micro-benchmark of the stream half's per-part cost (not the project benchmark): four per-part checks
 * run by the runner in one loop, against the previous shape (one async generator per stage). Run with
 * `npx tsx scripts/stream-runner-microbench.ts`.
 */
import { performance } from 'node:perf_hooks';
import type { Exchange } from '../src/core/exchange.js';
import type { Stage } from '../src/core/stage.js';
import type { StreamPart } from '../src/core/stream-parts.js';
import { runStreamStages } from '../src/core/stream-runner.js';

const PARTS = 200_000;
const exchange = { trace: [], state: new Map() } as unknown as Exchange;
async function* source(): AsyncGenerator<StreamPart> {
  for (let i = 0; i < PARTS; i++) yield { type: 'text-delta', choice: 0, text: 'abcd' };
}
// Read at run time so the check below cannot be folded away.
const revision = Number(process.env.REVISION ?? 0);
const check = (name: string): Stage => ({
  name,
  enforce: true,
  failOpen: false,
  onStreamPart: () => (revision === -1 ? { action: 'respond', reason: 'traffic_stopped', message: 'x' } : undefined),
});
const stages = ['a', 'b', 'c', 'd'].map(check);

async function* perStage(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  for await (const part of parts) {
    if (revision === -1) throw new Error('x');
    yield part;
  }
}

async function time(label: string, make: () => AsyncIterable<StreamPart>): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    let n = 0;
    for await (const _ of make()) n++;
    const ms = performance.now() - started;
    console.log(`${label}: ${((ms * 1e6) / n).toFixed(0)} ns/part (${n} parts)`);
  }
}

await time('bare source', () => source());
await time('generator per stage (before)', () => perStage(perStage(perStage(perStage(source())))));
await time('runner, one loop (after)', () => runStreamStages(exchange, source(), stages, () => undefined));
