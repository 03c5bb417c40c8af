import { request as httpRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyUpstream, type FlakyUpstream } from '../fakes/fake-flaky-upstream.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The "done when": pulling the primary upstream's plug mid-load costs no failed client request
 * beyond the streams already in progress on it. Eight official-SDK clients loop against a model served by
 * a primary and a secondary loopback upstream (latency balancing, the default); the primary's server is
 * closed and its sockets destroyed while requests are in flight on it.
 * Then: a client that stops reading a very long stream holds the gateway's memory bounded.
 */

const CLIENTS = 8;
const ROUTING = {
  attemptTimeoutMs: 2_000,
  totalTimeoutMs: 10_000,
  retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
  circuitBreaker: { failureThreshold: 3, openMs: 60_000 },
};

interface Cluster {
  primary: FlakyUpstream;
  secondary: FlakyUpstream;
  gw: TestGateway;
}

async function startCluster(behaviour: Parameters<typeof startFlakyUpstream>[1]): Promise<Cluster> {
  const primary = await startFlakyUpstream('primary', behaviour);
  const secondary = await startFlakyUpstream('secondary', behaviour);
  const gw = await startTestGateway({
    providers: {
      primary: { type: 'openai', baseUrl: primary.url, timeoutMs: 5_000, streamIdleTimeoutMs: 5_000 },
      secondary: { type: 'openai', baseUrl: secondary.url, timeoutMs: 5_000, streamIdleTimeoutMs: 5_000 },
    },
    models: {
      chat: {
        deployments: [
          { version: '1', id: 'primary', provider: 'primary', upstreamModel: 'gpt-up', weight: 3 },
          { version: '1', id: 'secondary', provider: 'secondary', upstreamModel: 'gpt-up', weight: 1 },
        ],
        routing: ROUTING,
      },
    },
  });
  return { primary, secondary, gw };
}

async function stopCluster(c: Cluster | undefined): Promise<void> {
  await c?.gw.close();
  await c?.primary.close();
  await c?.secondary.close();
}

/**
 * Runs CLIENTS loops of `one` until the primary has taken `beforeCut` requests, cuts it, and keeps the
 * loops going until `afterCut` more requests completed. Returns what `one` reported, and the primary's
 * in-flight counts at the moment of the cut.
 */
async function loadAndCut<T>(c: Cluster, one: () => Promise<T>, beforeCut: number, afterCut: number) {
  const results: T[] = [];
  let stop = false;
  let cut = false;
  let completedAfterCut = 0;
  const loops = Array.from({ length: CLIENTS }, async () => {
    while (!stop) {
      results.push(await one());
      if (cut) completedAfterCut++;
    }
  });
  await c.primary.waitForHits(beforeCut);
  const atCut = { inFlight: c.primary.inFlight, streamsOpen: c.primary.streamsOpen };
  await c.primary.cut();
  cut = true;
  while (completedAfterCut < afterCut) await sleep(10);
  stop = true;
  await Promise.all(loops);
  return { results, atCut };
}

describe('pulling the primary upstream mid-load', () => {
  let c: Cluster | undefined;
  afterAll(() => stopCluster(c));

  it('non-streamed: zero failed client requests', async () => {
    c = await startCluster({ kind: 'ok', delayMs: 15 });
    const cluster = c;
    const { results, atCut } = await loadAndCut(
      cluster,
      async () => {
        try {
          const { data, response } = await cluster.gw.openai.chat.completions
            .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
            .withResponse();
          return { ok: true, deployment: response.headers.get('x-gatehouse-deployment'), text: data.choices[0]?.message.content };
        } catch (err) {
          return { ok: false, deployment: null, text: String(err) };
        }
      },
      60,
      120,
    );
    // The cut happened with requests in flight on the primary: they were reset and went elsewhere.
    expect(atCut.inFlight).toBeGreaterThan(0);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => r.deployment === 'primary').length).toBeGreaterThan(0);
    expect(results.filter((r) => r.deployment === 'secondary').length).toBeGreaterThanOrEqual(120);
    for (const r of results) expect(r.text).toBe(`answer from ${r.deployment}`);
    expect(cluster.gw.health.snapshot().find((s) => s.id === 'primary')?.state).toBe('open');
  });
});

describe('pulling the primary upstream mid-load, streaming', () => {
  let c: Cluster | undefined;
  afterAll(() => stopCluster(c));

  it('only streams already in progress on the primary fail', async () => {
    c = await startCluster({ kind: 'ok', chunks: 6, chunkDelayMs: 10 });
    const cluster = c;
    const { results, atCut } = await loadAndCut(
      cluster,
      async () => {
        let deployment: string | null = null;
        let text = '';
        try {
          const { data, response } = await cluster.gw.openai.chat.completions
            .create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] })
            .withResponse();
          deployment = response.headers.get('x-gatehouse-deployment');
          for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
          return { ok: true, deployment, text };
        } catch (err) {
          return { ok: false, deployment, text: String(err) };
        }
      },
      40,
      80,
    );
    const failed = results.filter((r) => !r.ok);
    // A stream is committed to the primary only once its first part arrived, so any stream the
    // primary serves was in progress when it was cut. Every other request must have succeeded.
    expect(atCut.streamsOpen).toBeGreaterThan(0);
    expect(failed.filter((r) => r.deployment !== 'primary')).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(atCut.streamsOpen);
    for (const r of results.filter((r) => r.ok)) expect(r.text).toBe(`answer from ${r.deployment} part 1 part 2 part 3 part 4 part 5`);
    expect(results.filter((r) => r.ok && r.deployment === 'secondary').length).toBeGreaterThanOrEqual(80);
  });
});

describe('a client that reads a long stream slowly', () => {
  let c: Cluster | undefined;
  let long: FlakyUpstream | undefined;
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    c = await startCluster({ kind: 'ok' });
    long = await startFlakyUpstream('long', { kind: 'long-stream', deltaBytes: 64 * 1024, totalBytes: 512 * 1024 * 1024 });
    gw = await startTestGateway({
      providers: {
        long: { type: 'openai', baseUrl: long.url, timeoutMs: 5_000, streamIdleTimeoutMs: 60_000 },
        secondary: { type: 'openai', baseUrl: c.secondary.url },
      },
      models: { long: { provider: 'long', upstreamModel: 'gpt-long' }, other: { provider: 'secondary', upstreamModel: 'gpt-up' } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await long?.close();
    await stopCluster(c);
  });

  it('back-pressure reaches the upstream: memory stays bounded and other requests are served', async () => {
    const g = gw as TestGateway;
    const upstream = long as FlakyUpstream;
    const heapBefore = memory();
    const { response, req } = await openPaused(`${g.url}/v1/chat/completions`, { model: 'long', stream: true, messages: [{ role: 'user', content: 'go' }] });
    expect(response.statusCode).toBe(200);
    // Wait for the producer to stall: its byte count stops moving for 300 ms (or it wrote everything).
    let last = -1;
    for (let quiet = 0; quiet < 3 && upstream.longStreamBytes < 512 * 1024 * 1024; ) {
      await sleep(100);
      quiet = upstream.longStreamBytes === last ? quiet + 1 : 0;
      last = upstream.longStreamBytes;
    }
    expect(upstream.longStreamBytes).toBeLessThan(64 * 1024 * 1024);
    for (let i = 0; i < 20; i++) {
      const answer = await g.openai.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBe('answer from secondary');
    }
    expect(memory() - heapBefore).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
    // The client left: the gateway lets go of the upstream stream too.
    for (let i = 0; i < 100 && upstream.streamsOpen > 0; i++) await sleep(20);
    expect(upstream.streamsOpen).toBe(0);
  });
});

/** Heap plus buffers outside it (socket and stream buffers are Buffers). */
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Starts a POST and stops reading the answer as soon as its head arrived. */
function openPaused(url: string, body: unknown): Promise<{ response: IncomingMessage; req: ReturnType<typeof httpRequest> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.on('error', () => undefined);
      response.pause();
      resolve({ response, req });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
