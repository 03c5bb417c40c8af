import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/log/logger.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';

const UPSTREAM_KEY = 'sk-upstream-NEVER-LOG-7f3a9c';
const CLIENT_TOKEN = 'client-bearer-NEVER-LOG-41d2';
const PROMPT = 'my card is 4111 1111 1111 1111 and PROMPT-CONTENT-NEVER-LOG';

let lines = '';
let gw: Gateway;
let fake: FakeOpenAI;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-logs-'));
  fake = await startFakeOpenAI();
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines += chunk.toString();
      done();
    },
  });
  const config = configSchema.parse({
    storage: { sqlite: { path: join(dir, 'db.sqlite') } },
    audit: { keyFile: join(dir, 'audit.key') },
    logging: { level: 'trace', exchanges: true },
    providers: { up: { type: 'openai', baseUrl: fake.url, apiKey: 'env:UP_KEY', timeoutMs: 2000 }, mock: { type: 'mock' } },
    models: { real: { provider: 'up' }, broken: { provider: 'mock', mock: { error: { status: 500, message: `upstream said ${PROMPT}` } } } },
  });
  gw = await startGateway({ config, port: 0, host: '127.0.0.1', env: { UP_KEY: UPSTREAM_KEY }, logger: createLogger('trace', sink) });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logs', () => {
  it('carry one structured line per exchange and never a secret, token or prompt content', async () => {
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
    await client.chat.completions.create({ model: 'real', messages: [{ role: 'user', content: PROMPT }] });
    const stream = await client.chat.completions.create({ model: 'real', messages: [{ role: 'user', content: PROMPT }], stream: true });
    for await (const _chunk of stream) {
      /* drain */
    }
    await client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: PROMPT }] }).catch(() => undefined);
    await client.chat.completions.create({ model: 'missing', messages: [{ role: 'user', content: PROMPT }] }).catch(() => undefined);
    await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_TOKEN}` },
      body: `{"model":"real","messages":[${JSON.stringify(PROMPT)}`,
    });
    await gw.recorder.flush();

    // The upstream did receive the key and the prompt: the test would prove nothing otherwise.
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    const parsed = lines
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const exchanges = parsed.filter((l) => l.msg === 'exchange');
    expect(exchanges.length).toBe(5);
    expect(exchanges.map((l) => l.status)).toEqual([200, 200, 502, 404, 400]);
    for (const secret of [UPSTREAM_KEY, CLIENT_TOKEN, 'PROMPT-CONTENT-NEVER-LOG', '4111 1111']) expect(lines).not.toContain(secret);
  });
});
