import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createSecretResolver } from '../../src/config/secrets.js';
import { startControlPlane, type ControlPlane } from '../../src/control/control-plane.js';
import { redisControlSignal } from '../../src/control/redis-signal.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { redisAvailable, freshRedis } from '../../src/limits/redis.fixtures.js';

const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ask = { model: 'chat', messages: [{ role: 'user' as const, content: 'hello' }] };

/** Polls `check` until it holds (or `ms` pass); returns whether it did. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe.skipIf(!(await redisAvailable('controls signal over Redis')))('kill switches reach every replica at once over Redis', () => {
  const redis = freshRedis();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-signal-'));
  const storage = configSchema.parse({ storage: { sqlite: { path: join(dir, 'shared.db') } } }).storage;
  // Polling alone would take a minute: anything faster is the signal.
  const config = {
    providers: { mock: { type: 'mock' } },
    models: { chat: { provider: 'mock', mock: { text: 'served' } } },
    limits: { backend: 'redis', redis: { url: REDIS_URL, prefix: redis.prefix }, models: { chat: { requestsPerMinute: 100_000 } } },
    controls: { refreshMs: 60_000 },
  };
  const stores: Store[] = [];
  let a: TestGateway;
  let b: TestGateway;
  let cli: ControlPlane;

  beforeAll(async () => {
    const open = async () => {
      const store = await openStore(storage, createSecretResolver({}, dir));
      await store.migrate();
      stores.push(store);
      return store;
    };
    a = await startTestGateway(config, { store: await open() });
    b = await startTestGateway(config, { store: await open() });
    const limits = configSchema.parse(config).limits;
    // What `gatehouse traffic stop` runs: its own store connection, no polling, the same signal.
    cli = await startControlPlane({
      store: await open(),
      refreshMs: 0,
      logger: silentLogger(),
      signal: redisControlSignal(limits, createSecretResolver({}, dir), silentLogger()),
    });
  });
  afterAll(async () => {
    await cli.close();
    await a.close();
    await b.close();
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refused = (gw: TestGateway) => async () => {
    const error = await gw.openai.chat.completions.create(ask).then(
      () => undefined,
      (e: { status?: number; code?: string }) => e,
    );
    return error?.status === 503 && error.code === 'traffic_stopped';
  };
  // A refusal is "not yet": `within` polls again.
  const served = (gw: TestGateway) => async () =>
    gw.openai.chat.completions.create(ask).then(
      (r) => r.choices[0]?.message.content === 'served',
      () => false,
    );

  it('a stop made on one replica applies on the other within a second, although it polls once a minute', async () => {
    expect(await served(b)()).toBe(true);
    await a.controls.stop('model', 'chat', { actor: 'test', reason: 'INC-1' });
    expect(await refused(a)()).toBe(true);
    expect(await within(1_000, refused(b))).toBe(true);
    await a.controls.resume('model', 'chat', { actor: 'test', reason: 'over' });
    expect(await within(1_000, served(b))).toBe(true);
  });

  it('a stop made by the CLI applies on every replica within a second', async () => {
    await cli.stop('all', '*', { actor: 'cli:test', reason: 'INC-2' });
    expect(await within(1_000, refused(a))).toBe(true);
    expect(await within(1_000, refused(b))).toBe(true);
    await cli.resume('all', '*', { actor: 'cli:test', reason: 'over' });
    expect(await within(1_000, served(a))).toBe(true);
    expect(await within(1_000, served(b))).toBe(true);
  });
});
