import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAuthenticator } from '../../identity/authenticator.js';
import { CLI_TEST_PEPPER, CLI_TEST_PEPPER_ENV, cliTestConfig, gatehouse, openCliStore, removeCliTestConfigs } from './admin-cli.fixtures.js';

let file: string;
let dbPath: string;

beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  vi.stubEnv(CLI_TEST_PEPPER_ENV, CLI_TEST_PEPPER);
  ({ file, dbPath } = cliTestConfig());
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(removeCliTestConfigs);

/** Authenticates `token` against the store the CLI wrote, as a gateway started on it would. */
async function authenticate(token: string) {
  const opened = await openCliStore(dbPath);
  try {
    return await createAuthenticator({ tokens: opened.tokens, registry: opened.registry }).authenticate({ authorization: `Bearer ${token}` });
  } finally {
    await opened.close();
  }
}

describe('gatehouse token', () => {
  test('mint refuses a scope the identity may not hold (invalid_scope), printing no token', async () => {
    for (const scope of ['write', 'admin write', '*']) {
      const run = await gatehouse('token', 'mint', 'ops-admin', '--scope', scope, '-c', file);
      expect({ scope, code: run.code, stdout: run.stdout }).toEqual({ scope, code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^invalid_scope: /m);
    }
  });

  test('mint prints only the token on stdout; it authenticates as the identity, config-declared admins included', async () => {
    const run = await gatehouse('token', 'mint', 'ops-admin', '--ttl', '120', '--scope', 'admin read', '-c', file);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(run.stdout).toBe(`${token}\n`);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'ops-admin', env: 'production', owner: 'ops@example.com', scope: 'admin read' });
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(run.stderr).toContain(`jti ${claims.jti}, expires in 120 s, scope "admin read"`);
    expect(await authenticate(token)).toMatchObject({ ok: true, principal: { identity: { id: 'ops-admin', roles: ['admin'] }, credential: 'access_token' } });

    const opened = await openCliStore(dbPath);
    try {
      const record = (await opened.records()).at(-1)!;
      expect(record).toMatchObject({ operation: 'admin', path: 'gatehouse token mint ops-admin', reason: 'ok' });
      expect(record.trace.find((e) => e.stage === 'admin')?.note).toBe(`token.mint ops-admin jti=${claims.jti}`);
      expect(JSON.stringify(record)).not.toContain(token.split('.')[2]);
    } finally {
      await opened.close();
    }
  });

  test('mint refuses unknown and suspended identities and end users without permission', async () => {
    expect((await gatehouse('token', 'mint', 'ghost', '-c', file)).stderr).toContain('identity_not_found');
    await gatehouse('identity', 'create', 'agent', '--owner', 'a@example.com', '--env', 'pilot', '-c', file);
    const endUser = await gatehouse('token', 'mint', 'agent', '--end-user', 'alice', '-c', file);
    expect(endUser).toMatchObject({ code: 1, stdout: '' });
    expect(endUser.stderr).toContain('end_user_assertion_denied');
    await gatehouse('identity', 'suspend', 'agent', '-c', file);
    const suspended = await gatehouse('token', 'mint', 'agent', '-c', file);
    expect(suspended).toMatchObject({ code: 1, stdout: '' });
    expect(suspended.stderr).toContain('identity_suspended');
    expect((await gatehouse('token', 'mint', 'agent', '--ttl', 'soon', '-c', file)).stderr).toContain('invalid_request: ttlSeconds');
  });

  test('an agent allowed to assert end users gets a token for one; --json prints the whole response', async () => {
    await gatehouse('identity', 'create', 'agent', '--owner', 'a@example.com', '--env', 'pilot', '--may-assert-end-users', '-c', file);
    const run = await gatehouse('token', 'mint', 'agent', '--end-user', 'alice@example.com', '--json', '-c', file);
    const minted = JSON.parse(run.stdout) as { access_token: string; token_type: string; jti: string };
    expect(minted.token_type).toBe('Bearer');
    expect(await authenticate(minted.access_token)).toMatchObject({ ok: true, principal: { endUser: 'alice@example.com' } });
  });

  test('revoke stores the revocation: a gateway (re)loading the store refuses the token', async () => {
    const token = (await gatehouse('token', 'mint', 'ops-admin', '-c', file)).stdout.trim();
    const { jti } = decodeJwt(token);
    expect(await gatehouse('token', 'revoke', jti!, '--reason', 'leaked', '-c', file)).toMatchObject({ code: 0, stdout: `revoked ${jti}\n` });
    expect(await authenticate(token)).toMatchObject({ ok: false, reason: 'token_revoked' });
  });
});

describe('gatehouse keys', () => {
  test('rotate makes a new key current; tokens signed before keep verifying', async () => {
    const before = (await gatehouse('token', 'mint', 'ops-admin', '-c', file)).stdout.trim();
    const listed = await gatehouse('keys', 'list', '--json', '-c', file);
    const [original] = JSON.parse(listed.stdout) as Array<{ kid: string; current: boolean }>;
    expect(original).toMatchObject({ current: true });

    const rotated = await gatehouse('keys', 'rotate', '-c', file);
    expect(rotated.code).toBe(0);
    const kid = /new signing key (\S+) is current/.exec(rotated.stdout)?.[1];
    expect(kid).toBeDefined();
    expect(kid).not.toBe(original!.kid);
    expect(rotated.stdout).toContain(`* ${kid}`);
    expect(rotated.stdout).toMatch(new RegExp(`  ${original!.kid}\\s+EdDSA\\s+created \\S+  retired `));

    expect(await authenticate(before)).toMatchObject({ ok: true });
    const after = (await gatehouse('token', 'mint', 'ops-admin', '-c', file)).stdout.trim();
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid });

    const opened = await openCliStore(dbPath);
    try {
      const record = (await opened.records()).find((r) => r.path === 'gatehouse keys rotate signing-keys');
      expect(record?.trace.find((e) => e.stage === 'admin')?.note).toBe(`key.rotate signing-keys kid=${kid}`);
    } finally {
      await opened.close();
    }
  });
});
