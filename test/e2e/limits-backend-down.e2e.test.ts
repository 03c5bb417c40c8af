import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** A loopback port with nothing listening: a Redis that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ask = { model: 'limited', messages: [{ role: 'user' as const, content: 'hello' }] };

describe.each(['closed', 'open'] as const)('limits with Redis down (failMode %s)', (failMode) => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The gateway starts although Redis does not answer; every limit check then fails at once.
    gw = await startTestGateway({
      providers: { mock: { type: 'mock' } },
      models: { limited: { provider: 'mock', mock: { text: 'served' } } },
      limits: {
        backend: 'redis',
        redis: { url: `redis://127.0.0.1:${await closedPort()}`, timeoutMs: 200 },
        failMode,
        models: { limited: { requestsPerMinute: 100 } },
      },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it(failMode === 'closed' ? 'refuses with 503 limits_unavailable, recorded' : 'serves the request and records the fail-open', async () => {
    if (failMode === 'closed') {
      const error = await gw.openai.chat.completions.create(ask).catch((e: unknown) => e as { status: number; code: string; headers: Headers });
      expect(error).toMatchObject({ status: 503, code: 'limits_unavailable' });
      const record = await gw.recordOf((error as { headers: Headers }).headers.get('x-gatehouse-request-id') as string);
      expect(record).toMatchObject({ status: 503, reason: 'limits_unavailable' });
      return;
    }
    const { data, response } = await gw.openai.chat.completions.create(ask).withResponse();
    expect(data.choices[0]?.message.content).toBe('served');
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
    expect(record?.trace.find((t) => t.stage === 'limits')).toMatchObject({ verdict: 'fail_open' });
  });
});
