import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { DetectContext } from '../../types.js';
import { createClassifierDetector, type ClassifierDetector, type ClassifierPools } from './index.js';
import { registerClassifierMetrics, snapshotPools } from './classifier-metrics.js';

const MODEL = fileURLToPath(new URL('../../../../test/fixtures/classifier', import.meta.url));
const CONTEXT: DetectContext = { direction: 'input', role: 'user', part: 'content' };
const built: ClassifierDetector[] = [];
afterAll(async () => {
  await Promise.all(built.map((d) => d.close()));
});

/** One series' value from the exposition text, or undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('classifier metrics', () => {
  it('exposes the pools of a registry per model folder, read at scrape time', async () => {
    const pools: ClassifierPools = new Map();
    const registry = new Registry();
    registerClassifierMetrics(registry, () => snapshotPools(pools));
    expect(value(await registry.metrics(), 'gatehouse_classifier_texts_total{model="classifier"}')).toBeUndefined();

    const small = createClassifierDetector({ path: MODEL, timeoutMs: 10_000 }, { baseDir: '/', pools });
    const other = createClassifierDetector({ path: MODEL, batchSize: 2, timeoutMs: 10_000 }, { baseDir: '/', pools });
    built.push(small, other);
    const signal = new AbortController().signal;
    await Promise.all(['one text', 'two texts', 'three texts'].map((t) => small.detect(t, CONTEXT, signal)));
    await other.detect('four', CONTEXT, signal);
    await other.detect('x'.repeat(10), CONTEXT, AbortSignal.abort(new Error('gone'))).catch(() => undefined);

    const text = await registry.metrics();
    // Two pools of one folder (other pool settings) are summed under its name.
    expect(value(text, 'gatehouse_classifier_texts_total{model="classifier"}')).toBe(4);
    expect(value(text, 'gatehouse_classifier_batches_total{model="classifier"}')).toBe(3);
    expect(value(text, 'gatehouse_classifier_windows_total{model="classifier"}')).toBe(4);
    expect(value(text, 'gatehouse_classifier_failures_total{model="classifier",reason="timeout"}')).toBe(0);
    expect(value(text, 'gatehouse_classifier_queued_texts{model="classifier"}')).toBe(0);
    expect(value(text, 'gatehouse_classifier_busy_workers{model="classifier"}')).toBe(0);
    expect(text).toContain('# TYPE gatehouse_classifier_texts_total counter');
  });
});
