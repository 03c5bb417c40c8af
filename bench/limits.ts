/**
 * What limit checks cost: the backend round (one requests-per-minute consume, one concurrency lease and one
 * budget reservation, sent together as the stage sends them) and the limits stage's whole onRequest (keys,
 * token counting with o200k, the round, headers), on the in-memory backend and on the local Redis.
 * Sequential (one at a time: pure latency) and with 32 in flight (latency under load). Release and settle
 * run after each timed call, untimed, so leases and reservations never pile up.
 *
 *   npm run bench:limits            (GATEHOUSE_BENCH_REDIS_URL, default redis://127.0.0.1:6379)
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { limitsSchema } from '../src/config/schema-limits.js';
import { configSchema } from '../src/config/schema.js';
import type { Exchange } from '../src/core/exchange.js';
import type { LimitBackend } from '../src/limits/backend.js';
import { createMemoryLimitBackend } from '../src/limits/memory-backend.js';
import { periodKeys } from '../src/limits/periods.js';
import { createRedisLimitBackend } from '../src/limits/redis-backend.js';
import { silentLogger } from '../src/log/logger.js';
import { buildModelRegistry } from '../src/routing/model-registry.js';
import { createLimitsStage } from '../src/stages/limits/index.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const IN_FLIGHT = 32;
const REDIS_URL = process.env.GATEHOUSE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const models = buildModelRegistry(
  configSchema.parse({
    providers: { mock: { type: 'mock' } },
    models: { 'chat-default': { provider: 'mock', pricing: { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 }, contextWindow: 128_000 } },
  }),
);
const limits = limitsSchema.parse({
  models: { 'chat-default': { requestsPerMinute: 1e9, tokensPerMinute: 1e9, concurrentRequests: 1e6, budget: { daily: { hardUsd: 1e9, softUsd: 1e9 } } } },
});
const PROMPT = [
  { role: 'system' as const, content: 'You are a helpful assistant for the payments team. Answer briefly and cite the policy section.' },
  { role: 'user' as const, content: 'Can a refund be issued to a different card than the one used for the purchase? Our customer lost the original card.' },
];

function exchange(): Exchange {
  const d = models.get('chat-default')!.deployments[0]!;
  return {
    id: randomUUID(),
    startedAt: Date.now(),
    t0: performance.now(),
    headers: {},
    signal: new AbortController().signal,
    streamed: false,
    request: { operation: 'chat', body: { model: 'chat-default', messages: PROMPT, max_tokens: 256 } },
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: null,
    endUser: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    firstByteAt: null,
    state: new Map(),
    trace: [],
    usage: null,
    target: {
      name: 'chat-default',
      providerId: d.providerId,
      providerType: d.providerType,
      upstreamModel: d.upstreamModel,
      version: d.version,
      deploymentId: d.id,
      pricing: d.pricing,
    },
  };
}

/** One backend round as the stage makes it for one limit set, and the untimed clean-up after it. */
function backendRound(backend: LimitBackend): () => Promise<() => Promise<unknown>> {
  const periodKey = periodKeys().day;
  return async () => {
    const [, lease, reservation] = await Promise.all([
      backend.consume('rpm:bench', { limit: 1e9, windowMs: 60_000 }),
      backend.acquire('conc:bench', { max: 1e6, ttlMs: 150_000 }),
      backend.reserve('budget:bench', { amount: 1000, hardLimit: 1e15, periodKey }),
    ]);
    return () => Promise.all([backend.release('conc:bench', lease.leaseId!), backend.settle('budget:bench', reservation.reservationId!, 900)]);
  };
}

/** The stage's onRequest (timed), then its onComplete as if the upstream answered (untimed). */
function stageRound(backend: LimitBackend): () => Promise<() => Promise<unknown>> {
  const stage = createLimitsStage(limits, { backend, models, logger: silentLogger() })!;
  return async () => {
    const ex = exchange();
    const verdict = await stage.onRequest!(ex);
    if (verdict.action !== 'continue') throw new Error(`refused: ${JSON.stringify(verdict)}`);
    return async () => {
      ex.trace.push({ stage: 'route', phase: 'route', verdict: 'continue', durationUs: 0 });
      ex.usage = { prompt_tokens: 50, completion_tokens: 100, total_tokens: 150 };
      stage.onComplete!(ex, { status: 200, reason: 'ok', outcome: 'ok' });
      await new Promise((resolve) => setImmediate(resolve));
    };
  };
}

interface Figures {
  median: number;
  p99: number;
  opsPerSecond: number;
}

async function measure(round: () => Promise<() => Promise<unknown>>, inFlight: number): Promise<Figures> {
  for (let i = 0; i < 500; i++) await (await round())(); // warm-up: JIT, script cache, tokenizer
  const samples = new Float64Array(N);
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < N) {
      const i = next++;
      const t0 = performance.now();
      const cleanUp = await round();
      samples[i] = performance.now() - t0;
      await cleanUp();
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = performance.now() - started;
  samples.sort();
  return { median: samples[Math.floor(N * 0.5)]!, p99: samples[Math.floor(N * 0.99)]!, opsPerSecond: N / (elapsed / 1000) };
}

async function main(): Promise<void> {
  const memory = createMemoryLimitBackend();
  const redis = new Redis(REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  const prefix = `gatehouse:bench:${randomUUID().slice(0, 8)}:`;
  const onRedis = createRedisLimitBackend(redis, { prefix });
  const rows: string[] = [];
  try {
    for (const [what, round] of [
      ['backend round (consume + lease + reserve)', backendRound],
      ['limits stage onRequest (4 limits, o200k count)', stageRound],
    ] as const) {
      for (const inFlight of [1, IN_FLIGHT]) {
        const mem = await measure(round(memory), inFlight);
        const red = await measure(round(onRedis), inFlight);
        rows.push(
          `| ${what} | ${inFlight} | ${ms(mem.median)} / ${ms(mem.p99)} | ${ms(red.median)} / ${ms(red.p99)} | ${ms(red.median - mem.median)} | ${Math.round(mem.opsPerSecond)} / ${Math.round(red.opsPerSecond)} |`,
        );
        console.error(rows.at(-1));
      }
    }
  } finally {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
    redis.disconnect();
  }
  console.log(`N = ${N} per row, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, Redis ${REDIS_URL}\n`);
  console.log('| measured | in flight | memory median / p99 (ms) | Redis median / p99 (ms) | Redis adds at the median (ms) | ops/s memory / Redis |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

function ms(value: number): string {
  return value.toFixed(3);
}

await main();
