/**
 * `npm run bench:records`: how many exchange records per second the store sustains with the audit chain,
 * written the way the gateway writes them (the Recorder, group commit, every caller waiting for its
 * commit), on SQLite (file, WAL) and, when GATEHOUSE_BENCH_POSTGRES_URL is set, PostgreSQL. Compare with
 * the gateway's saturated rate in the sections above: the store must not be the bottleneck.
 * Writes its section of BENCHMARKS.md (`<!-- bench:begin records -->`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newRequestId } from '../src/core/ids.js';
import { silentLogger } from '../src/log/logger.js';
import { openPostgresStore } from '../src/storage/postgres-store.js';
import { Recorder } from '../src/storage/recorder.js';
import { openSqliteStore } from '../src/storage/sqlite-store.js';
import type { Store } from '../src/storage/store.js';
import type { ExchangeRecord } from '../src/core/record.js';
// @ts-expect-error the report helpers are plain ESM JavaScript
import { writeBenchmarksFile } from './report.mjs';

const SECONDS = Number(process.env.BENCH_RECORD_SECONDS ?? 5);
const CONCURRENCY = 64;

/** A record shaped like a guarded chat exchange: seven trace entries, two findings. */
function record(): ExchangeRecord {
  return {
    id: newRequestId(),
    createdAt: Date.now(),
    operation: 'chat',
    method: 'POST',
    path: '/v1/chat/completions',
    identityId: 'payments-api',
    endUser: 'user-1842',
    modelRequested: 'gpt-4o-mini',
    providerId: 'openai',
    upstreamModel: 'gpt-4o-mini-2024-07-18',
    streamed: true,
    status: 200,
    reason: 'ok',
    outcome: 'ok',
    promptTokens: 812,
    completionTokens: 164,
    totalTokens: 976,
    latencyMs: 412.337,
    ttfbMs: 188.2,
    trace: ['validate-request', 'authenticate', 'resolve-model', 'authorize', 'input-guardrails', 'route', 'output-guardrails'].map((stage, i) => ({
      stage,
      phase: 'request',
      verdict: 'continue',
      policyId: i === 4 ? 'guardrails/default' : undefined,
      durationUs: 10 + i * 17,
    })) as ExchangeRecord['trace'],
    conversationId: 'conv-77',
    environment: 'production',
    policyVersion: 'f'.repeat(64),
    findings: [
      { direction: 'input', detector: 'pii', type: 'EMAIL_ADDRESS', score: 0.95, start: 40, end: 63, path: 'messages[1].content', action: 'redact' },
      { direction: 'output', detector: 'secrets', type: 'github_token', score: 0.97, start: 2, end: 42, path: 'choices[0].delta.content', action: 'block' },
    ],
    costUsd: 0.00367,
    contentMode: null,
    contentDigest: null,
    deploymentId: '2024-07:openai:gpt-4o-mini-2024-07-18',
    modelVersion: '2024-07',
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function measure(label: string, store: Store): Promise<string> {
  await store.migrate();
  const recorder = new Recorder(store, { batchSize: 500, flushIntervalMs: 50, logger: silentLogger() });
  const waits: number[] = [];
  let written = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if (await recorder.recordDurable(record())) written++;
        waits.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await recorder.close();
  waits.sort((a, b) => a - b);
  const entries = (await store.audit.head()).seq;
  await store.close();
  return `| ${label} | ${Math.round(written / elapsed).toLocaleString('en-US')} | ${percentile(waits, 0.5).toFixed(2)} | ${percentile(waits, 0.99).toFixed(2)} | ${entries.toLocaleString('en-US')} |`;
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-records-'));
const rows: string[] = [];
try {
  rows.push(await measure('SQLite file (WAL, synchronous=NORMAL)', openSqliteStore(join(dir, 'bench.db'))));
  const pgUrl = process.env.GATEHOUSE_BENCH_POSTGRES_URL;
  if (pgUrl) rows.push(await measure('PostgreSQL (local, pool of 4)', await openPostgresStore({ url: pgUrl, poolSize: 4, schema: `bench_${Date.now()}` })));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const section = [
  '## Results: record throughput (`npm run bench:records`)',
  '',
  `_Generated on ${new Date().toISOString()}; ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.versions.node}. ${CONCURRENCY} concurrent writers, each waiting for its record's commit before writing the next (as a gateway releasing answers does), for ${SECONDS} s per store; every record is sealed into the audit chain (canonical JSON, SHA-256) in the same transaction._`,
  '',
  '| store | records/s | commit wait p50 ms | commit wait p99 ms | chain entries written |',
  '|---|---:|---:|---:|---:|',
  ...rows,
].join('\n');
process.stdout.write(`${section}\n`);
writeBenchmarksFile(new URL('../BENCHMARKS.md', import.meta.url).pathname, section, 'records');
