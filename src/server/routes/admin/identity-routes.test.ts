import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Identity } from '../../../identity/types.js';
import type { ExchangeRecord } from '../../../core/record.js';
import { startAdminTestApp, type AdminTestApp } from './admin-app.fixtures.js';

let t: AdminTestApp;
let admin: { authorization: string };
let security: { authorization: string };
let auditor: { authorization: string };

beforeEach(async () => {
  t = await startAdminTestApp();
  await t.addIdentity('root', { roles: ['admin'] });
  await t.addIdentity('sec', { roles: ['security'] });
  await t.addIdentity('audit', { roles: ['auditor'] });
  await t.addIdentity('payments-api', { team: 'payments', allowedModels: ['gpt-4o-mini'] });
  admin = await t.bearer('root');
  security = await t.bearer('sec');
  auditor = await t.bearer('audit');
});
afterEach(async () => {
  await t.close();
});

const newIdentity = { id: 'search-bot', owner: 'search-team@example.com', environment: 'pilot', team: 'search', allowedModels: ['gpt-4o-mini'], roles: [] };

/** The record of the last request, and its trace entries by stage. */
async function lastRecord(): Promise<ExchangeRecord & { byStage: Record<string, ExchangeRecord['trace'][number]> }> {
  const record = (await t.records()).at(-1)!;
  return { ...record, byStage: Object.fromEntries(record.trace.map((e) => [e.stage, e])) };
}

describe('authentication', () => {
  test('without a token: 401 authentication_required, recorded as an anonymous admin call', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/suspend' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'authentication_required', type: 'authentication_error' } });
    expect(res.headers['x-gatehouse-reason']).toBe('authentication_required');
    const record = await lastRecord();
    expect(record).toMatchObject({
      operation: 'admin',
      method: 'POST',
      path: '/admin/v1/identities/payments-api/suspend',
      identityId: 'anonymous',
      status: 401,
      reason: 'authentication_required',
      outcome: 'refused',
    });
    expect(record.byStage.authenticate).toMatchObject({ verdict: 'respond', reason: 'authentication_required' });
    expect(record.byStage.admin).toMatchObject({ note: 'identity.suspend payments-api', verdict: 'respond' });
    expect(t.registry.get('payments-api')?.state).toBe('active');
  });

  test('with a bad or tampered token: 401 invalid_token', async () => {
    for (const authorization of ['Bearer not-a-jwt', `${admin.authorization.slice(0, -4)}AAAA`, 'Basic cm9vdDpyb290']) {
      const res = await t.app.inject({ method: 'GET', url: '/admin/v1/identities', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_token');
    }
    expect((await t.records()).map((r) => r.identityId)).toEqual(['anonymous', 'anonymous', 'anonymous']);
  });

  test('a static API key never administers, even an admin sandbox identity', async () => {
    await t.addIdentity('sandbox-admin', { environment: 'sandbox', roles: ['admin'] });
    const { apiKey } = await t.tokens.createApiKey('sandbox-admin');
    const res = await t.app.inject({ method: 'GET', url: '/admin/v1/identities', headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('static_key_not_allowed');
    expect(await lastRecord()).toMatchObject({ identityId: 'sandbox-admin', reason: 'static_key_not_allowed' });
  });
});

describe('POST /admin/v1/identities', () => {
  test('creates the identity and returns its bootstrap secret once, with no-store', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities', headers: admin, payload: newIdentity });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { identity: Identity; clientSecret: string; secretId: string };
    expect(body.identity).toMatchObject({
      id: 'search-bot',
      displayName: 'search-bot',
      owner: 'search-team@example.com',
      environment: 'pilot',
      state: 'active',
      source: 'api',
      team: 'search',
      purpose: null,
      allowedModels: ['gpt-4o-mini'],
    });
    expect(body.clientSecret).toMatch(/^ghs_[A-Za-z0-9_-]{43}$/);
    expect(await t.tokens.verifyClientSecret('search-bot', body.clientSecret)).toBe(true);

    const shown = await t.app.inject({ method: 'GET', url: '/admin/v1/identities/search-bot', headers: admin });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ id: 'search-bot', state: 'active' });
    expect(shown.body).not.toContain(body.clientSecret);
    expect(shown.body).not.toContain(body.clientSecret.slice(4, 20));
    expect(shown.headers['cache-control']).toBeUndefined();

    const records = await t.records();
    expect(JSON.stringify(records)).not.toContain(body.clientSecret.slice(4));
    expect(records[0]).toMatchObject({ identityId: 'root', status: 201, reason: 'ok', outcome: 'ok' });
    expect(records[0]!.trace.find((e) => e.stage === 'admin')?.note).toBe('identity.create search-bot');
  });

  test('a taken id is 409 identity_exists; invalid bodies are 400 invalid_request naming the field', async () => {
    const taken = await t.app.inject({ method: 'POST', url: '/admin/v1/identities', headers: admin, payload: { ...newIdentity, id: 'payments-api' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'identity_exists', param: 'id' });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...newIdentity, owner: undefined }, 'owner'],
      [{ ...newIdentity, owner: '   ' }, 'owner'],
      [{ ...newIdentity, id: 'bad id' }, 'id'],
      [{ ...newIdentity, environment: 'staging' }, 'environment'],
      [{ ...newIdentity, roles: ['root'] }, 'roles.0'],
      [{ ...newIdentity, source: 'config' }, 'source'],
    ];
    for (const [payload, param] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities', headers: admin, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', param });
    }
    expect(t.registry.get('search-bot')).toBeUndefined();
  });

  test('roles other than admin may not create identities', async () => {
    for (const headers of [security, auditor]) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities', headers, payload: newIdentity });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden_by_policy');
    }
    expect(t.registry.get('search-bot')).toBeUndefined();
  });
});

describe('GET /admin/v1/identities', () => {
  test('lists identities, filtered by state, environment and team; an auditor may read', async () => {
    await t.addIdentity('sandbox-one', { environment: 'sandbox', team: 'search' });
    await t.registry.setState('sandbox-one', 'suspended');
    const all = await t.app.inject({ method: 'GET', url: '/admin/v1/identities', headers: auditor });
    expect(all.statusCode).toBe(200);
    expect(all.json().data.map((i: Identity) => i.id)).toEqual(['audit', 'payments-api', 'root', 'sandbox-one', 'sec']);
    const ids = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/admin/v1/identities?${query}`, headers: auditor })).json().data.map((i: Identity) => i.id);
    expect(await ids('state=suspended')).toEqual(['sandbox-one']);
    expect(await ids('environment=sandbox')).toEqual(['sandbox-one']);
    expect(await ids('team=payments')).toEqual(['payments-api']);
    expect(await ids('team=payments&state=suspended')).toEqual([]);
    const bad = await t.app.inject({ method: 'GET', url: '/admin/v1/identities?state=deleted', headers: auditor });
    expect(bad.json().error).toMatchObject({ code: 'invalid_request', param: 'state' });
  });

  test('an unknown identity is 404 identity_not_found, once the caller may read', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/v1/identities/nobody', headers: auditor });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('identity_not_found');
    await t.addIdentity('no-role');
    const unprivileged = await t.app.inject({ method: 'GET', url: '/admin/v1/identities/nobody', headers: await t.bearer('no-role') });
    expect(unprivileged.statusCode).toBe(403);
  });
});

describe('PATCH /admin/v1/identities/:id', () => {
  test('updates grants, owner, team and profiles; never id, source, environment or state', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/admin/v1/identities/payments-api',
      headers: admin,
      payload: {
        allowedModels: ['a', 'b'],
        allowedTools: ['lookup'],
        owner: 'new@example.com',
        team: null,
        mayAssertEndUsers: true,
        limitsProfile: 'standard',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      allowedModels: ['a', 'b'],
      allowedTools: ['lookup'],
      owner: 'new@example.com',
      team: null,
      mayAssertEndUsers: true,
      limitsProfile: 'standard',
      environment: 'production',
    });
    expect(await t.store.identities.get('payments-api')).toMatchObject({ allowedModels: ['a', 'b'], owner: 'new@example.com' });

    for (const field of ['id', 'source', 'environment', 'state', 'createdAt']) {
      const refused = await t.app.inject({ method: 'PATCH', url: '/admin/v1/identities/payments-api', headers: admin, payload: { [field]: 'x' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_request', param: field });
    }
    const security403 = await t.app.inject({
      method: 'PATCH',
      url: '/admin/v1/identities/payments-api',
      headers: security,
      payload: { owner: 'x@example.com' },
    });
    expect(security403.statusCode).toBe(403);
  });

  test('a config-declared identity is edited in gatehouse.yaml, not here', async () => {
    await t.registry.upsert({ ...(await t.addIdentity('declared')), source: 'config' });
    const res = await t.app.inject({ method: 'PATCH', url: '/admin/v1/identities/declared', headers: admin, payload: { allowedModels: ['*'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toContain('gatehouse.yaml');
    expect(t.registry.get('declared')?.allowedModels).toEqual([]);
    // State changes remain possible for incident response.
    const suspended = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/declared/suspend', headers: security });
    expect(suspended.statusCode).toBe(200);
    expect(t.registry.get('declared')).toMatchObject({ state: 'suspended', source: 'config' });
  });
});

describe('state changes', () => {
  test('an auditor cannot suspend; security can, and the identity is refused on its very next request', async () => {
    const service = await t.bearer('payments-api');
    expect(await t.authenticator.authenticate(service)).toMatchObject({ ok: true });

    const denied = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/suspend', headers: auditor });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden_by_policy');
    expect(denied.json().error.message).toContain('identity.suspend');
    const deniedRecord = await lastRecord();
    expect(deniedRecord).toMatchObject({ identityId: 'audit', status: 403, reason: 'forbidden_by_policy', outcome: 'refused' });
    expect(deniedRecord.byStage.authorize).toMatchObject({ verdict: 'respond', reason: 'forbidden_by_policy' });
    expect(deniedRecord.byStage.admin?.note).toBe('identity.suspend payments-api');
    expect(t.registry.get('payments-api')?.state).toBe('active');

    const allowed = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/suspend', headers: security });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toMatchObject({ id: 'payments-api', state: 'suspended' });
    const record = await lastRecord();
    expect(record).toMatchObject({ operation: 'admin', identityId: 'sec', status: 200, reason: 'ok' });
    expect(record.byStage.authorize).toMatchObject({ verdict: 'continue', policyId: 'gatehouse:role:security' });
    expect(record.byStage.admin).toMatchObject({ verdict: 'continue', note: 'identity.suspend payments-api' });

    expect(await t.authenticator.authenticate(service)).toMatchObject({ ok: false, reason: 'identity_suspended' });
    expect((await t.store.identities.get('payments-api'))?.state).toBe('suspended');
  });

  test('reactivate restores a suspended identity; retirement is final', async () => {
    const service = await t.bearer('payments-api');
    const post = (verb: string) => t.app.inject({ method: 'POST', url: `/admin/v1/identities/payments-api/${verb}`, headers: security });
    expect((await post('suspend')).json().state).toBe('suspended');
    expect((await post('suspend')).statusCode).toBe(200);
    expect((await post('reactivate')).json().state).toBe('active');
    expect(await t.authenticator.authenticate(service)).toMatchObject({ ok: true });
    expect((await post('retire')).json().state).toBe('retired');
    expect(await t.authenticator.authenticate(service)).toMatchObject({ ok: false, reason: 'identity_retired' });
    for (const verb of ['reactivate', 'suspend']) {
      const res = await post(verb);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.message).toContain('retired');
    }
    expect((await post('retire')).statusCode).toBe(200);
    expect(t.registry.get('payments-api')?.state).toBe('retired');
    const edit = await t.app.inject({ method: 'PATCH', url: '/admin/v1/identities/payments-api', headers: admin, payload: { owner: 'x@example.com' } });
    expect(edit.statusCode).toBe(400);
  });

  test('a suspended admin is refused at once, and the refusal names it', async () => {
    await t.app.inject({ method: 'POST', url: '/admin/v1/identities/root/suspend', headers: security });
    const res = await t.app.inject({ method: 'GET', url: '/admin/v1/identities', headers: admin });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('identity_suspended');
    expect(await lastRecord()).toMatchObject({ identityId: 'root', reason: 'identity_suspended' });
  });

  test('unknown identities are 404 for every state change', async () => {
    for (const verb of ['suspend', 'retire', 'reactivate']) {
      const res = await t.app.inject({ method: 'POST', url: `/admin/v1/identities/ghost/${verb}`, headers: security });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('identity_not_found');
    }
  });
});

describe('custom Cedar policies apply to admin actions', () => {
  test('a forbid in a policy file refuses the call, and the refusal and record name the policy', async () => {
    await t.close();
    t = await startAdminTestApp({
      customPolicy: `@id("no-retiring-production")
forbid (principal, action == Gatehouse::Action::"identity.retire", resource) unless { principal.roles.contains("admin") };`,
    });
    await t.addIdentity('sec', { roles: ['security'] });
    await t.addIdentity('payments-api');
    const res = await t.app.inject({ method: 'POST', url: '/admin/v1/identities/payments-api/retire', headers: await t.bearer('sec') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden_by_policy' });
    expect(res.json().error.message).toContain('no-retiring-production');
    expect((await lastRecord()).byStage.authorize).toMatchObject({ verdict: 'respond', policyId: 'no-retiring-production' });
    expect(t.registry.get('payments-api')?.state).toBe('active');
  });

  test('a policy that fails to evaluate denies: 403 authorization_error, recorded with its id', async () => {
    await t.close();
    t = await startAdminTestApp({
      customPolicy: `@id("overflows")
forbid (principal, action == Gatehouse::Action::"identity.read", resource) when { 9223372036854775807 + 1 > 0 };`,
    });
    await t.addIdentity('audit', { roles: ['auditor'] });
    const res = await t.app.inject({ method: 'GET', url: '/admin/v1/identities', headers: await t.bearer('audit') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('authorization_error');
    expect((await lastRecord()).byStage.authorize).toMatchObject({ verdict: 'respond', reason: 'authorization_error', policyId: 'overflows' });
  });
});

test('every admin call is recorded, allowed or refused, with caller, action and target, never a secret', async () => {
  const created = await t.app.inject({ method: 'POST', url: '/admin/v1/identities', headers: admin, payload: newIdentity });
  await t.app.inject({ method: 'GET', url: '/admin/v1/identities/search-bot', headers: auditor });
  await t.app.inject({ method: 'POST', url: '/admin/v1/identities/search-bot/retire', headers: auditor });
  await t.app.inject({ method: 'POST', url: '/admin/v1/identities/search-bot/retire', headers: security });
  const records = await t.records();
  expect(records.map((r) => [r.operation, r.identityId, r.status, r.trace.find((e) => e.stage === 'admin')?.note])).toEqual([
    ['admin', 'root', 201, 'identity.create search-bot'],
    ['admin', 'audit', 200, 'identity.read search-bot'],
    ['admin', 'audit', 403, 'identity.retire search-bot'],
    ['admin', 'sec', 200, 'identity.retire search-bot'],
  ]);
  expect(records.map((r) => r.trace.find((e) => e.stage === 'authorize')?.policyId)).toEqual([
    'gatehouse:role:admin',
    'gatehouse:role:auditor',
    undefined,
    'gatehouse:role:security',
  ]);
  expect(JSON.stringify(records)).not.toContain((created.json() as { clientSecret: string }).clientSecret.slice(4));
});
