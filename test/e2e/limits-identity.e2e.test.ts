import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** Limits keyed by who calls: each identity its own counters under its profile, its team's shared by the team. */
const CONFIG = {
  auth: { secretPepper: 'env:PEPPER' },
  providers: { mock: { type: 'mock' } },
  models: { 'chat-general': { provider: 'mock' } },
  identities: {
    alice: { owner: 'alice@example.com', environment: 'sandbox', team: 'red', models: ['*'] },
    bob: { owner: 'bob@example.com', environment: 'sandbox', team: 'red', models: ['*'] },
    carol: { owner: 'carol@example.com', environment: 'sandbox', team: 'blue', models: ['*'], limitsProfile: 'generous' },
  },
  limits: {
    profiles: { standard: { requestsPerMinute: 2 }, generous: { requestsPerMinute: 100 } },
    defaults: { sandbox: 'standard' },
    teams: { red: { requestsPerMinute: 3 } },
  },
};

let gw: TestGateway;
const clients = new Map<string, OpenAI>();
beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { env: { PEPPER: 'test-pepper-0123456789abcdef0123456789abcdef' } });
  const id = gw.identity as IdentityServices;
  for (const name of ['alice', 'bob', 'carol']) {
    const token = (await id.tokens.mintAccessToken(id.registry.get(name)!)).access_token;
    clients.set(name, new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: token, maxRetries: 0 }));
  }
});
afterAll(async () => {
  await gw.close();
});

async function ask(name: string): Promise<string> {
  return clients
    .get(name)!
    .chat.completions.create({ model: 'chat-general', messages: [{ role: 'user', content: 'hi' }] })
    .then(
      () => 'ok',
      (err: unknown) => String((err as { code?: unknown }).code),
    );
}

describe('limits per identity and team', () => {
  it('each identity has its own counters; the team limit is shared; another profile and team are untouched', async () => {
    expect([await ask('alice'), await ask('alice'), await ask('alice')]).toEqual(['ok', 'ok', 'rate_limited_requests']);
    // Bob has his own 2 a minute, but team red allows 3 and alice used 2 of them.
    expect([await ask('bob'), await ask('bob')]).toEqual(['ok', 'rate_limited_requests']);
    expect(await Promise.all(Array.from({ length: 5 }, () => ask('carol')))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});
