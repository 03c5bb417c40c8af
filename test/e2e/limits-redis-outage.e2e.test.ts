import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * A Redis that goes away while the gateway runs, and comes back: the gateway stays up, limit checks fail at
 * once while it is gone (fail closed: 503 limits_unavailable, never a hang), and requests are served again
 * once it is back, without a restart. Uses a private redis-server on its own port, so the shared one the
 * other suites use is never touched; skipped (and said) where no redis-server binary exists.
 */
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('limits Redis outage suite SKIPPED: no redis-server binary on PATH');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (data: Buffer) => {
      seen += data.toString();
      if (seen.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const ask = { model: 'chat', messages: [{ role: 'user' as const, content: 'hello' }] };

describe.skipIf(!hasRedisServer)('limits when Redis goes away and comes back', () => {
  let port: number;
  let redis: ChildProcess;
  let gw: TestGateway;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    gw = await startTestGateway({
      providers: { mock: { type: 'mock' } },
      models: { chat: { provider: 'mock', mock: { text: 'served' } } },
      limits: {
        backend: 'redis',
        redis: { url: `redis://127.0.0.1:${port}`, timeoutMs: 200 },
        failMode: 'closed',
        models: { chat: { requestsPerMinute: 10_000, concurrentRequests: 100 } },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    if (redis) await stop(redis);
  });

  const outcome = () =>
    gw.openai.chat.completions.create(ask).then(
      (r) => r.choices[0]?.message.content,
      (e: { status?: number; code?: string }) => `${e.status} ${e.code}`,
    );

  it('serves, refuses at once with 503 limits_unavailable while Redis is down, and serves again when it is back', async () => {
    expect(await outcome()).toBe('served');
    await stop(redis);
    // A hang would show as the test's own timeout; each check fails fast (no offline queue).
    const during = await Promise.all(Array.from({ length: 5 }, outcome));
    expect(during).toEqual(Array(5).fill('503 limits_unavailable'));
    redis = await startRedis(port);
    let after = await outcome();
    for (let i = 0; i < 100 && after !== 'served'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await outcome();
    }
    expect(after).toBe('served');
  });
});
