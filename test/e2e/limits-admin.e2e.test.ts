import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'limits-admin-test-pepper-0123456789-abcdefghijklmnop';
const owner = (who: string) => ({ owner: `${who}@example.com`, environment: 'production', models: ['*'] });

/** 1,000 / 2,000 micro-USD per token: a "hello" costs a visible amount. */
const CONFIG = {
  auth: { secretPepper: 'env:PEPPER' },
  providers: { mock: { type: 'mock' } },
  models: { priced: { provider: 'mock', pricing: { inputPerMillionUsd: 1000, outputPerMillionUsd: 2000 }, mock: { text: 'The answer is 42.' } } },
  identities: {
    app: { ...owner('app'), team: 'payments', limitsProfile: 'std' },
    ops: { ...owner('ops'), roles: ['admin'] },
    aud: { ...owner('aud'), roles: ['auditor'] },
  },
  limits: {
    profiles: { std: { requestsPerMinute: 1_000, budget: { daily: { softUsd: 0.001, hardUsd: 10 }, monthly: { hardUsd: 100 } } } },
    teams: { payments: { budget: { monthly: { softUsd: 50, hardUsd: 500 } } } },
    models: { priced: { budget: { daily: { hardUsd: 1_000 } } } },
  },
};

let gw: TestGateway;
const tokens = new Map<string, string>();

beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { env: { PEPPER } });
  const identity = gw.identity as IdentityServices;
  for (const id of Object.keys(CONFIG.identities)) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw.close();
});

async function budgets(caller: string, query = ''): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}/admin/v1/limits/budgets${query}`, { headers: { authorization: `Bearer ${tokens.get(caller)}` } });
  return { status: res.status, body: await res.json() };
}

describe('the operators\u2019 budget view', () => {
  it('shows what each budget spent this period, matching the recorded costs', async () => {
    const app = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: tokens.get('app')!, maxRetries: 0 });
    let recorded = 0;
    for (let i = 0; i < 2; i++) {
      const { response } = await app.chat.completions.create({ model: 'priced', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
      recorded += (await gw.recordOf(response.headers.get('x-gatehouse-request-id')!))?.costUsd ?? 0;
    }
    expect(recorded).toBeGreaterThan(0);
    // Settlement runs as each exchange completes; give it a moment to land.
    let view = await budgets('ops', '?identity=app');
    for (let i = 0; i < 100 && view.body.data?.[0]?.budgets?.[0]?.reservedUsd !== 0; i++) view = await budgets('ops', '?identity=app');
    expect(view.status).toBe(200);
    const [set] = view.body.data;
    expect(set).toMatchObject({ set: 'identity:app', limits: { requestsPerMinute: 1_000 } });
    const daily = set.budgets.find((b: { period: string }) => b.period === 'daily');
    expect(daily).toMatchObject({ reservedUsd: 0, softUsd: 0.001, hardUsd: 10, softPassed: true });
    expect(daily.spentUsd).toBeCloseTo(recorded, 9);
    expect(set.budgets.find((b: { period: string }) => b.period === 'monthly').spentUsd).toBeCloseTo(recorded, 9);
  });

  it('lists the team and model sets without a filter, and names an unknown identity', async () => {
    const all = await budgets('aud');
    expect(all.status).toBe(200);
    expect(all.body.data.map((d: { set: string }) => d.set)).toEqual(['team:payments', 'model:priced']);
    expect(all.body.data[0].budgets[0]).toMatchObject({ period: 'monthly', softUsd: 50, hardUsd: 500, softPassed: false });
    expect((await budgets('ops', '?identity=nobody')).body.error.code).toBe('identity_not_found');
    expect((await budgets('ops', '?bogus=1')).status).toBe(400);
  });

  it('is for operators: an identity without an admin role is refused', async () => {
    expect((await budgets('app')).status).toBe(403);
  });
});
