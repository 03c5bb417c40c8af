import { describe, expect, test } from 'vitest';
import type { ChatRequest, ChatResult, EmbeddingsResult } from '../../core/chat-types.js';
import type { Exchange } from '../../core/exchange.js';
import { Pipeline } from '../../core/pipeline.js';
import type { ReasonCode } from '../../core/reason-codes.js';
import type { Router } from '../../core/stage.js';
import { createAuthenticator, type Authenticator } from '../../identity/authenticator.js';
import { MapRegistry, createTestTokenService, testIdentity } from '../../identity/token-service.fixtures.js';
import { authenticateAdmission, createAuthenticateStage, credentialRefusal } from './index.js';

function exchange(headers: Record<string, string> = {}): Exchange {
  const body: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
  return {
    id: 'req-1',
    startedAt: Date.now(),
    t0: performance.now(),
    request: { operation: 'chat', body },
    headers,
    signal: new AbortController().signal,
    streamed: false,
    identity: { id: 'anonymous', kind: 'anonymous' },
    principal: null,
    endUser: null,
    target: null,
    plan: null,
    responseHeaders: null,
    costMicroUsd: null,
    completer: null,
    trace: [],
    usage: null,
    firstByteAt: null,
    state: new Map(),
  };
}

const RESULT: ChatResult = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
};
const router: Router = {
  name: 'route',
  async generate() {
    return RESULT;
  },
  async *stream() {
    yield { type: 'start', id: 'c', model: 'm', created: 1 };
  },
  async embed(): Promise<EmbeddingsResult> {
    throw new Error('unused');
  },
};

async function setup() {
  const registry = new MapRegistry([testIdentity('svc'), testIdentity('agent', { mayAssertEndUsers: true }), testIdentity('ops', { roles: ['security'] })]);
  const { tokens } = await createTestTokenService({ registry });
  const pipeline = new Pipeline([createAuthenticateStage(createAuthenticator({ tokens, registry }))], router);
  const bearer = async (id: string) => `Bearer ${(await tokens.mintAccessToken(registry.get(id)!)).access_token}`;
  return { pipeline, bearer, registry, tokens };
}

describe('authenticate stage', () => {
  test("takes the MCP admission's verdict for the same HTTP request, and verifies any other headers itself", async () => {
    const { bearer, registry, tokens } = await setup();
    const real = createAuthenticator({ tokens, registry });
    let calls = 0;
    const counting: Authenticator = {
      authenticate: (headers) => {
        calls++;
        return real.authenticate(headers);
      },
    };
    const pipeline = new Pipeline([createAuthenticateStage(counting)], router);
    const ex = exchange({ authorization: await bearer('agent') });
    expect(await authenticateAdmission(counting, ex.headers)).toMatchObject({ ok: true });
    expect((await pipeline.run(ex)).kind).toBe('result');
    expect(ex.principal).toMatchObject({ identity: { id: 'agent' } });
    expect(calls).toBe(1);
    // A copy of the headers is another request: verified again.
    const copy = exchange({ ...ex.headers } as Record<string, string>);
    expect((await pipeline.run(copy)).kind).toBe('result');
    expect(calls).toBe(2);
    // A refused admission stays refused for the calls of that request.
    const refused = exchange({ authorization: 'Bearer nope' });
    expect(await authenticateAdmission(counting, refused.headers)).toMatchObject({ ok: false, reason: 'invalid_token' });
    expect(await pipeline.run(refused)).toMatchObject({ kind: 'refused', status: 401, reason: 'invalid_token' });
    expect(calls).toBe(3);
  });

  test('is named authenticate, always enforced, fail closed', async () => {
    const stage = createAuthenticateStage({ authenticate: async () => ({ ok: false, reason: 'invalid_token', message: 'x' }) });
    expect(stage).toMatchObject({ name: 'authenticate', enforce: true, failOpen: false });
  });

  test('allow: sets principal, identity and end user, and traces a continue', async () => {
    const { pipeline, bearer } = await setup();
    const ex = exchange({ authorization: await bearer('agent'), 'x-gatehouse-end-user': 'alice' });
    expect((await pipeline.run(ex)).kind).toBe('result');
    expect(ex.identity).toEqual({ id: 'agent', kind: 'workload' });
    expect(ex.principal).toMatchObject({ identity: { id: 'agent' }, credential: 'access_token', endUser: 'alice' });
    expect(ex.endUser).toBe('alice');
    expect(ex.trace[0]).toMatchObject({ stage: 'authenticate', verdict: 'continue' });
    const admin = exchange({ authorization: await bearer('ops') });
    await pipeline.run(admin);
    expect(admin.identity).toEqual({ id: 'ops', kind: 'admin' });
  });

  test('deny: 401 with a Bearer challenge for missing and bad tokens', async () => {
    const { pipeline } = await setup();
    expect(await pipeline.run(exchange())).toMatchObject({
      kind: 'refused',
      status: 401,
      reason: 'authentication_required',
      headers: { 'www-authenticate': 'Bearer realm="gatehouse"' },
    });
    expect(await pipeline.run(exchange({ authorization: 'Bearer nope' }))).toMatchObject({
      kind: 'refused',
      status: 401,
      reason: 'invalid_token',
      headers: { 'www-authenticate': 'Bearer realm="gatehouse", error="invalid_token"' },
    });
  });

  test('credentialRefusal: every 401 carries a challenge (RFC 9110), a 403 none', () => {
    const challenge = (reason: ReasonCode) => credentialRefusal({ ok: false, reason, message: 'm' }).headers?.['www-authenticate'];
    expect(challenge('authentication_required')).toBe('Bearer realm="gatehouse"');
    for (const reason of ['invalid_token', 'token_expired', 'token_revoked', 'api_key_revoked'] as const) {
      expect(challenge(reason)).toBe('Bearer realm="gatehouse", error="invalid_token"');
    }
    for (const reason of ['identity_suspended', 'identity_retired', 'end_user_assertion_denied', 'static_key_not_allowed'] as const) {
      expect(challenge(reason)).toBeUndefined();
    }
  });

  test('deny: a known but refused identity is named on the exchange (for the record), the end user is not', async () => {
    const { pipeline, bearer, registry } = await setup();
    const svc = await bearer('svc');
    const asserting = exchange({ authorization: svc, 'x-gatehouse-end-user': 'victim' });
    expect(await pipeline.run(asserting)).toMatchObject({ kind: 'refused', status: 403, reason: 'end_user_assertion_denied' });
    expect(asserting.identity.id).toBe('svc');
    expect(asserting.endUser).toBeNull();
    expect(asserting.principal).toBeNull();
    expect(JSON.stringify(asserting.trace)).not.toContain('victim');
    await registry.setState('svc', 'suspended');
    const suspended = exchange({ authorization: svc });
    expect(await pipeline.run(suspended)).toMatchObject({ kind: 'refused', status: 403, reason: 'identity_suspended' });
    expect(suspended.identity.id).toBe('svc');
  });

  test('error: an authenticator that throws fails closed (stage_failed), the request never reaches the router', async () => {
    const failing: Authenticator = {
      authenticate: async () => {
        throw new Error('store down');
      },
    };
    let routed = false;
    const pipeline = new Pipeline([createAuthenticateStage(failing)], {
      ...router,
      async generate() {
        routed = true;
        return RESULT;
      },
    });
    const ex = exchange({ authorization: 'Bearer x' });
    expect(await pipeline.run(ex)).toMatchObject({ kind: 'refused', reason: 'stage_failed', status: 500 });
    expect(routed).toBe(false);
    expect(ex.principal).toBeNull();
  });
});
