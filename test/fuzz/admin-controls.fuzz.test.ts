import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { checkErrorAnswer } from './answer-invariants.js';
import { SeededRandom, TRICKY_TEXT, fuzzSeed, randomText } from './seeded-random.js';

/**
 * Admin control API fuzz: seeded random bodies, query strings and model names against the endpoints that
 * change or show kill switches, incident mode, promotions and budgets, called by an admin. Invariants: a
 * standard status and never a 5xx; an error is the OpenAI shape with a catalogued code; the gateway keeps
 * serving; nothing the fuzz sent stays in force (every stop and the incident switch end as they started).
 *
 * Replay with FUZZ_SEED=<seed printed below>; FUZZ_CASES raises the case count.
 */

const CASES = Number(process.env.FUZZ_CASES ?? 600);
const PEPPER = 'admin-fuzz-pepper-0123456789-abcdefghijklmnopqrstuv';

const CONFIG = {
  auth: { secretPepper: 'env:PEPPER' },
  providers: { mock: { type: 'mock' } },
  models: {
    chat: {
      deployments: [
        { version: 'v1', provider: 'mock' },
        { version: 'v2', provider: 'mock' },
      ],
    },
    other: { provider: 'mock' },
  },
  identities: { ops: { owner: 'ops@example.com', environment: 'production', roles: ['admin'], models: ['*'] } },
  limits: { models: { chat: { budget: { daily: { hardUsd: 5 } } } } },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function value(rng: SeededRandom, depth = 0): Json {
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1e308, 0.5, Number.MAX_SAFE_INTEGER, 42]);
    case 3:
      return rng.pick([...TRICKY_TEXT, 'v1', 'v2', 'chat', 'other', 'ops', '*', 'identity', 'model', 'provider', 'all', '', 'x'.repeat(2_000)]);
    case 4:
      return randomText(rng, rng.range(0, 40));
    case 5:
      return Array.from({ length: rng.range(0, 4) }, () => value(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.range(0, 4) }, () => [
          rng.pick(['scope', 'target', 'reason', 'on', 'version', 'to', '__proto__', 'constructor', randomText(rng, 5)]),
          value(rng, depth + 1),
        ]),
      );
  }
}

/** A body close to a valid one most of the time, so the fuzz reaches past the schema too. */
function body(rng: SeededRandom, kind: string): Json {
  if (rng.chance(0.3)) return value(rng);
  const reason = rng.chance(0.8) ? `fuzz ${rng.int(1000)}` : value(rng);
  switch (kind) {
    case 'stop':
    case 'resume':
      return {
        scope: rng.chance(0.8) ? rng.pick(['identity', 'model', 'provider', 'all']) : value(rng),
        target: rng.chance(0.8) ? rng.pick(['ops', 'chat', 'other', 'mock', 'nobody', '*']) : value(rng),
        reason,
      };
    case 'incident':
      return { on: rng.chance(0.8) ? rng.chance(0.5) : value(rng), reason };
    case 'promote':
      return { version: rng.chance(0.8) ? rng.pick(['v1', 'v2', 'v3', '']) : value(rng), reason };
    default:
      return { ...(rng.chance(0.5) ? { to: rng.chance(0.8) ? rng.pick(['v1', 'v2', 'nope']) : value(rng) } : {}), reason };
  }
}

/** Percent-encodes; text with a lone surrogate becomes the raw (invalid UTF-8) bytes of one. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

let gw: TestGateway;
let token: string;

beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { env: { PEPPER } });
  const identity = gw.identity as IdentityServices;
  token = (await identity.tokens.mintAccessToken(identity.registry.get('ops')!)).access_token;
});
afterAll(async () => {
  await gw.close();
});

describe('admin control API fuzz', () => {
  it(`${CASES} random control calls: typed answers, never a 5xx, and the gateway keeps serving`, async () => {
    const seed = fuzzSeed('admin-controls');
    const rng = new SeededRandom(seed);
    const problems: string[] = [];
    const statuses: Record<number, number> = {};
    for (let i = 0; i < CASES; i++) {
      const kind = rng.pick(['stop', 'resume', 'incident', 'promote', 'rollback', 'read']);
      const model = rng.chance(0.8) ? rng.pick(['chat', 'other', 'nope']) : enc(randomText(rng, rng.range(1, 30)));
      const path = {
        stop: '/traffic/stop',
        resume: '/traffic/resume',
        incident: '/incident',
        promote: `/models/${model}/promote`,
        rollback: `/models/${model}/rollback`,
        read: rng.pick([
          '/traffic',
          '/incident',
          '/models',
          '/routing/health',
          `/limits/budgets?${rng.pick(['model=chat', 'identity=ops', 'team=x', `identity=${enc(randomText(rng, 8))}`, 'x=1', ''])}`,
        ]),
      }[kind] as string;
      const raw = rng.chance(0.05) ? randomText(rng, rng.range(0, 50)) : JSON.stringify(body(rng, kind));
      const res = await fetch(`${gw.url}/admin/v1${path}`, {
        method: kind === 'read' ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, ...(kind === 'read' ? {} : { 'content-type': 'application/json' }) },
        ...(kind === 'read' ? {} : { body: raw }),
      });
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) problems.push(`#${i} ${kind} ${path}: ${res.status} ${text.slice(0, 200)}`);
      else if (res.status >= 400) {
        const checked = checkErrorAnswer(res.status, res.headers.get('x-gatehouse-reason') ?? undefined, text);
        for (const problem of checked.problems) problems.push(`#${i} ${kind} ${path}: ${problem}`);
      } else {
        try {
          JSON.parse(text);
        } catch {
          problems.push(`#${i} ${kind} ${path}: 2xx body is not JSON`);
        }
      }
    }
    console.log(`[fuzz] admin-controls seed=${seed} cases=${CASES} statuses ${JSON.stringify(statuses)}`);
    expect(problems).toEqual([]);
    // Whatever the fuzz left on, an operator can take back: then the gateway serves again.
    for (const stop of gw.controls.list().stops) await gw.controls.resume(stop.scope, stop.target, { actor: 'test', reason: 'cleanup' });
    await gw.controls.setIncident(false, { actor: 'test', reason: 'cleanup' });
    expect(gw.controls.list()).toMatchObject({ stops: [], incident: null });
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
  });
});
