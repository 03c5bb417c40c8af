import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import OpenAI from 'openai';
import { SignJWT } from 'jose';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCheckCommand } from '../../src/cli/commands/check.js';
import { operatorName } from '../../src/cli/commands/admin-session.js';
import { registerIdentityCommands } from '../../src/cli/commands/identity.js';
import { registerKeysCommands } from '../../src/cli/commands/keys.js';
import type { IdentityServices } from '../../src/gateway.js';
import { derivePepperKeys } from '../../src/identity/pepper-keys.js';
import { openSigningKey } from '../../src/identity/signing-keys.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 11, findings 13 and 15 (identity part): one static API key can be revoked, by the admin API and
 * by the CLI; token verification accepts only canonical base64url and no lifetime beyond
 * auth.maxTokenTtlSeconds; the gateway's own principal names cannot be taken by an identity.
 */

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const PEPPER_ENV = 'GH_CRED_E2E_PEPPER';

let gw: TestGateway;
let id: IdentityServices;
let dir: string;
let cliConfig: string;

const IDENTITIES = {
  'sandbox-dev': { owner: 'dev@example.com', environment: 'sandbox', models: ['*'] },
  'payments-api': { owner: 'payments@example.com', environment: 'production', models: ['*'] },
  'ops-admin': { owner: 'ops@example.com', environment: 'production', roles: ['admin'] },
  'ops-security': { owner: 'sec@example.com', environment: 'production', roles: ['security'] },
  'ops-auditor': { owner: 'audit@example.com', environment: 'production', roles: ['auditor'] },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-cred-e2e-'));
  const storage = { sqlite: { path: join(dir, 'gatehouse.db') } };
  // An hour between periodic identity refreshes: within a test run the gateway learns of changes made by
  // the CLI only through the paths under test (a valid secret or token of an unknown identity, or an
  // explicit refresh), never by a timer that could win a race with a slow CLI.
  const auth = { secretPepper: `env:${PEPPER_ENV}`, tokenTtlSeconds: 600, maxTokenTtlSeconds: 900, refreshMs: 3_600_000 };
  const config = { storage, auth, providers: { mock: { type: 'mock' } }, models: { 'chat-general': { provider: 'mock' } }, identities: IDENTITIES };
  gw = await startTestGateway(config, { env: { [PEPPER_ENV]: PEPPER } });
  id = gw.identity as IdentityServices;
  // The CLI works on the same store, as an operator on the gateway host would; same identities, so its config sync changes nothing.
  cliConfig = join(dir, 'gatehouse.yaml');
  writeFileSync(cliConfig, stringify(config));
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  vi.stubEnv(PEPPER_ENV, PEPPER);
});
afterEach(() => vi.unstubAllEnvs());

const cli = (...args: string[]) => runCli([registerIdentityCommands, registerKeysCommands, registerCheckCommand], args);
const tokenFor = async (identityId: string) => (await id.tokens.mintAccessToken(id.registry.get(identityId)!)).access_token;

async function chat(credential: string): Promise<{ status: number; code: string | null; requestId: string }> {
  try {
    const { response } = await new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: credential, maxRetries: 0 }).chat.completions
      .create({ model: 'chat-general', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    return { status: response.status, code: null, requestId: response.headers.get('x-gatehouse-request-id') ?? '' };
  } catch (err) {
    const e = err as InstanceType<typeof OpenAI.APIError>;
    return { status: e.status as number, code: String(e.code), requestId: e.headers?.get('x-gatehouse-request-id') ?? '' };
  }
}

async function admin(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any; requestId: string }> {
  const res = await fetch(`${gw.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json(), requestId: res.headers.get('x-gatehouse-request-id') ?? '' };
}

/** Every refused /v1 call has its reason in the answer and in exactly the record of that request. */
async function expectRefused(credential: string, status: number, code: string, identityId?: string): Promise<void> {
  const answer = await chat(credential);
  expect(answer).toMatchObject({ status, code });
  const record = await gw.recordOf(answer.requestId);
  expect(record).toMatchObject({ status, reason: code });
  if (identityId !== undefined) expect(record?.identityId).toBe(identityId);
}

describe('revoking one static API key (finding 13)', () => {
  it("admin API: the revoked key is refused at once, the identity's other key keeps working, the listing says who, when and why", async () => {
    const adminToken = await tokenFor('ops-admin');
    const first = await admin('POST', '/identities/sandbox-dev/api-keys', adminToken);
    const second = await admin('POST', '/identities/sandbox-dev/api-keys', adminToken);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await chat(first.body.apiKey)).toMatchObject({ status: 200 });

    const revoked = await admin('POST', `/identities/sandbox-dev/api-keys/${first.body.keyId}/revoke`, adminToken, { reason: 'pasted in a public issue' });
    expect(revoked).toMatchObject({
      status: 200,
      body: { keyId: first.body.keyId, identityId: 'sandbox-dev', revokedBy: 'ops-admin', revokeReason: 'pasted in a public issue' },
    });
    expect(revoked.body.revokedAt).toEqual(expect.any(Number));
    expect(JSON.stringify(revoked.body)).not.toContain(first.body.apiKey.slice(8));

    await expectRefused(first.body.apiKey, 401, 'api_key_revoked', 'sandbox-dev');
    expect(await chat(second.body.apiKey)).toMatchObject({ status: 200 });
    expect(await chat(await tokenFor('sandbox-dev'))).toMatchObject({ status: 200 });

    const listed = await admin('GET', '/identities/sandbox-dev/api-keys', await tokenFor('ops-auditor'));
    expect(listed.status).toBe(200);
    const byId = new Map((listed.body.data as Array<{ keyId: string }>).map((k) => [k.keyId, k]));
    expect(byId.get(first.body.keyId)).toMatchObject({ revokedBy: 'ops-admin', revokeReason: 'pasted in a public issue', revokedAt: revoked.body.revokedAt });
    expect(byId.get(second.body.keyId)).toMatchObject({ revokedAt: null, revokedBy: null });
    expect(JSON.stringify(listed.body)).not.toMatch(/hash/i);

    // The revocation is in the trail, naming the actor and the key.
    const record = await gw.recordOf(revoked.requestId);
    expect(record).toMatchObject({
      operation: 'admin',
      identityId: 'ops-admin',
      reason: 'ok',
      path: `/admin/v1/identities/sandbox-dev/api-keys/${first.body.keyId}/revoke`,
    });
    expect(record?.trace.find((t) => t.stage === 'admin')?.note).toBe(`token.revoke sandbox-dev apikey=${first.body.keyId}`);

    // Repeating it is a no-op that keeps the first revocation's facts.
    const again = await admin('POST', `/identities/sandbox-dev/api-keys/${first.body.keyId}/revoke`, await tokenFor('ops-security'), { reason: 'again' });
    expect(again).toMatchObject({ status: 200, body: { revokedBy: 'ops-admin', revokeReason: 'pasted in a public issue' } });
  });

  it("admin API refusals: another identity's key, an unknown key, no reason, a role without token.revoke", async () => {
    const adminToken = await tokenFor('ops-admin');
    const key = await admin('POST', '/identities/sandbox-dev/api-keys', adminToken);
    const cases: Array<[string, string, unknown, number, string]> = [
      ['key of another identity', `/identities/payments-api/api-keys/${key.body.keyId}/revoke`, { reason: 'x' }, 404, 'api_key_not_found'],
      ['unknown key', '/identities/sandbox-dev/api-keys/ak_nope/revoke', { reason: 'x' }, 404, 'api_key_not_found'],
      ['no reason', `/identities/sandbox-dev/api-keys/${key.body.keyId}/revoke`, {}, 400, 'invalid_request'],
      ['unknown identity', `/identities/ghost/api-keys/${key.body.keyId}/revoke`, { reason: 'x' }, 404, 'identity_not_found'],
    ];
    for (const [name, path, body, status, code] of cases) {
      const answer = await admin('POST', path, adminToken, body);
      expect({ name, status: answer.status, code: answer.body.error?.code }).toEqual({ name, status, code });
      expect(await gw.recordOf(answer.requestId), name).toMatchObject({ operation: 'admin', reason: code, identityId: 'ops-admin' });
    }
    const auditor = await admin('POST', `/identities/sandbox-dev/api-keys/${key.body.keyId}/revoke`, await tokenFor('ops-auditor'), { reason: 'x' });
    expect(auditor).toMatchObject({ status: 403, body: { error: { code: 'forbidden_by_policy' } } });
    // Nothing above revoked it.
    expect(await chat(key.body.apiKey)).toMatchObject({ status: 200 });
    // A static key never administers, not even to revoke itself.
    const self = await admin('POST', `/identities/sandbox-dev/api-keys/${key.body.keyId}/revoke`, key.body.apiKey, { reason: 'x' });
    expect(self).toMatchObject({ status: 403, body: { error: { code: 'static_key_not_allowed' } } });
  });

  it('CLI: `gatehouse keys revoke` and `gatehouse identity revoke-api-key` reach a running gateway by its store refresh', async () => {
    const one = await id.tokens.createApiKey('sandbox-dev');
    const two = await id.tokens.createApiKey('sandbox-dev');
    const three = await id.tokens.createApiKey('sandbox-dev');
    for (const key of [one, two, three]) expect(await chat(key.apiKey)).toMatchObject({ status: 200 });

    // Nothing on stderr but the line naming the store: the gateway's own database.
    const storeLine = `gatehouse: using SQLite ${join(dir, 'gatehouse.db')} (from ${cliConfig})\n`;
    const byKeys = await cli('keys', 'revoke', one.keyId, '--reason', 'laptop stolen', '-c', cliConfig);
    expect(byKeys).toMatchObject({ code: 0, stderr: storeLine });
    const byIdentity = await cli('identity', 'revoke-api-key', two.keyId, '--reason', 'rotated out', '-c', cliConfig);
    expect(byIdentity).toMatchObject({ code: 0, stderr: storeLine });
    // The gateway's periodic refresh (auth.refreshMs, an hour here) is what carries a change made elsewhere; run one now.
    await id.tokens.refresh();
    await expectRefused(one.apiKey, 401, 'api_key_revoked', 'sandbox-dev');
    await expectRefused(two.apiKey, 401, 'api_key_revoked', 'sandbox-dev');
    expect(await chat(three.apiKey)).toMatchObject({ status: 200 });

    const listed = await cli('identity', 'api-keys', 'sandbox-dev', '--json', '-c', cliConfig);
    const keys = new Map(
      (JSON.parse(listed.stdout) as Array<{ keyId: string; revokedBy: string | null; revokeReason: string | null }>).map((k) => [k.keyId, k]),
    );
    expect(keys.get(one.keyId)).toMatchObject({ revokedBy: `cli:${operatorName()}`, revokeReason: 'laptop stolen' });
    expect(keys.get(two.keyId)).toMatchObject({ revokedBy: `cli:${operatorName()}`, revokeReason: 'rotated out' });
    expect(keys.get(three.keyId)).toMatchObject({ revokedBy: null });

    const unknown = await cli('keys', 'revoke', 'ak_unknown', '--reason', 'x', '-c', cliConfig);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^api_key_not_found: /m);
    const records = (await gw.store.listExchanges({ operation: 'admin', limit: 50 })).filter((r) => r.method === 'CLI');
    expect(records.map((r) => [r.path, r.identityId, r.reason])).toEqual(
      expect.arrayContaining([
        [`gatehouse keys revoke apikey=${one.keyId}`, `cli:${operatorName()}`, 'ok'],
        [`gatehouse identity revoke-api-key apikey=${two.keyId}`, `cli:${operatorName()}`, 'ok'],
        ['gatehouse keys revoke apikey=ak_unknown', `cli:${operatorName()}`, 'api_key_not_found'],
      ]),
    );
  });

  it('both spellings are discoverable in --help', () => {
    const program = new Command('gatehouse');
    registerIdentityCommands(program);
    registerKeysCommands(program);
    const help = (name: string) => program.commands.find((c) => c.name() === name)!.helpInformation();
    expect(help('keys')).toMatch(/revoke \[options\] <key-id>\s+revoke one static API key/);
    expect(help('identity')).toMatch(/revoke-api-key \[options\] <key-id>\s+revoke one static API key/);
    expect(help('identity')).toMatch(/api-keys \[options\] <id>/);
  });
});

describe('an identity created by the CLI while the gateway runs (issue 14, the README flow)', () => {
  it('gets a token at once with its client secret, without waiting for the periodic refresh; a wrong secret causes no refresh', async () => {
    const created = await cli(
      'identity',
      'create',
      'billing-bot',
      '--owner',
      'billing@example.com',
      '--env',
      'pilot',
      '--models',
      'chat-general',
      '-c',
      cliConfig,
    );
    expect(created.code).toBe(0);
    const secret = /client secret \(shown once, store it now\): (\S+)/.exec(created.stdout)?.[1] as string;
    // The periodic refresh is an hour away (auth.refreshMs above): the gateway cannot know the identity yet.
    expect(id.registry.get('billing-bot')).toBeUndefined();

    const token = (secretText: string) =>
      fetch(`${gw.url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`billing-bot:${secretText}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
    const wrong = await token(`${secret.slice(0, -4)}AAAA`);
    expect(wrong.status).toBe(401);
    expect(id.registry.get('billing-bot')).toBeUndefined();

    const right = await token(secret);
    expect(right.status).toBe(200);
    const { access_token } = (await right.json()) as { access_token: string };
    expect(await chat(access_token)).toMatchObject({ status: 200 });
  });
});

describe('token verification is strict (finding 15)', () => {
  /** The same bytes spelled another way: padding, spare bits set, the base64 (not base64url) alphabet. */
  function respellings(segment: string): string[] {
    const out: string[] = [];
    const rest = segment.length % 4;
    if (rest !== 0) out.push(segment + '='.repeat(4 - rest));
    if (rest === 2 || rest === 3) {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(segment[segment.length - 1] as string);
      const spare = rest === 2 ? 0b1111 : 0b11;
      out.push(segment.slice(0, -1) + alphabet[last | spare]);
    }
    if (/[-_]/.test(segment)) out.push(segment.replace(/-/g, '+').replace(/_/g, '/'));
    // Characters outside the alphabet, which a lenient decoder skips.
    out.push(`${segment.slice(0, 4)}!${segment.slice(4)}`, `${segment.slice(0, 4)}\t${segment.slice(4)}`);
    return out;
  }

  it('a valid token re-spelled in any segment is refused with invalid_token, and the original still works', async () => {
    const good = await tokenFor('payments-api');
    const segments = good.split('.');
    let tried = 0;
    for (let i = 0; i < 3; i++) {
      for (const variant of respellings(segments[i] as string)) {
        const respelled = segments.map((s, k) => (k === i ? variant : s)).join('.');
        if (respelled === good) continue;
        // The lenient decoder reads most of these as the same bytes: that is the attack.
        const answer = await chat(respelled);
        expect({ segment: i, variant, status: answer.status, code: answer.code }).toEqual({ segment: i, variant, status: 401, code: 'invalid_token' });
        expect(await gw.recordOf(answer.requestId)).toMatchObject({ status: 401, reason: 'invalid_token' });
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(8);
    expect(await chat(good)).toMatchObject({ status: 200 });
  });

  it('a token living longer than auth.maxTokenTtlSeconds is refused even with a valid signature', async () => {
    const current = (await gw.store.credentials.listSigningKeys()).filter((r) => r.retiredAt === null).sort((a, b) => b.createdAt - a.createdAt)[0]!;
    const key = await openSigningKey(current, derivePepperKeys(PEPPER).sealKey);
    const now = Math.floor(Date.now() / 1000);
    const sign = (times: { iat: number; nbf: number; exp: number }) =>
      new SignJWT({
        sub: 'payments-api',
        client_id: 'payments-api',
        aud: 'gatehouse',
        iss: 'gatehouse',
        env: 'production',
        owner: 'payments@example.com',
        scope: '',
        jti: crypto.randomUUID(),
        ...times,
      })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    const cases: Array<[string, { iat: number; nbf: number; exp: number }]> = [
      ['minted for an hour before the maximum was lowered to 15 minutes', { iat: now - 60, nbf: now - 60, exp: now - 60 + 3600 }],
      ['one second over', { iat: now, nbf: now, exp: now + 901 }],
      ['back-dated iat', { iat: now - 100, nbf: now - 100, exp: now + 850 }],
      ['exp - nbf over, exp - iat within', { iat: now, nbf: now - 100, exp: now + 850 }],
    ];
    for (const [name, times] of cases) {
      const answer = await chat(await sign(times));
      expect({ name, status: answer.status, code: answer.code }).toEqual({ name, status: 401, code: 'invalid_token' });
      expect(await gw.recordOf(answer.requestId), name).toMatchObject({ status: 401, reason: 'invalid_token', identityId: 'anonymous' });
    }
    expect(await chat(await sign({ iat: now, nbf: now, exp: now + 900 }))).toMatchObject({ status: 200 });
    // Minting follows the same maximum: a longer --ttl is cut to it.
    expect((await id.tokens.mintAccessToken(id.registry.get('payments-api')!, { ttlSeconds: 3600 })).expires_in).toBe(900);
  });
});

describe('reserved identity names (finding 15)', () => {
  const RESERVED = ['anonymous', 'Anonymous', 'system', 'cli', 'gatehouse', 'admin', 'UNKNOWN'];

  it("gatehouse check refuses them at the identity's path", async () => {
    for (const name of RESERVED) {
      const file = join(dir, `reserved-${name}.yaml`);
      writeFileSync(file, stringify({ auth: { secretPepper: 'env:X' }, identities: { [name]: { owner: 'x@example.com', environment: 'sandbox' } } }));
      const run = await cli('check', file);
      expect({ name, code: run.code }).toEqual({ name, code: 1 });
      expect(run.stderr + run.stdout).toContain(`identities.${name}: "${name}" is reserved`);
    }
  });

  it('the admin API refuses to create them (400 invalid_request naming the id), recorded', async () => {
    const adminToken = await tokenFor('ops-admin');
    for (const name of RESERVED) {
      const answer = await admin('POST', '/identities', adminToken, { id: name, owner: 'x@example.com', environment: 'sandbox' });
      expect({ name, status: answer.status, code: answer.body.error?.code, param: answer.body.error?.param }).toEqual({
        name,
        status: 400,
        code: 'invalid_request',
        param: 'id',
      });
      expect(answer.body.error.message).toContain('reserved');
      expect(await gw.recordOf(answer.requestId)).toMatchObject({ operation: 'admin', reason: 'invalid_request', identityId: 'ops-admin' });
      expect(id.registry.get(name)).toBeUndefined();
    }
    // A name that merely contains one is fine.
    expect((await admin('POST', '/identities', adminToken, { id: 'anonymous-reports', owner: 'x@example.com', environment: 'sandbox' })).status).toBe(201);
  });

  it('the CLI refuses to create them', async () => {
    for (const name of ['anonymous', 'System']) {
      const run = await cli('identity', 'create', name, '--owner', 'x@example.com', '--env', 'sandbox', '-c', cliConfig);
      expect({ name, code: run.code }).toEqual({ name, code: 1 });
      expect(run.stderr).toMatch(/^invalid_request: id: .*reserved/m);
    }
  });
});
