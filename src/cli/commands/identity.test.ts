import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Identity } from '../../identity/types.js';
import { operatorName } from './admin-session.js';
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

const secretOf = (stdout: string) => /client secret \(shown once, store it now\): (ghs_\S+)/.exec(stdout)?.[1];

describe('gatehouse identity', () => {
  test('create prints the bootstrap secret once; list and show never do', async () => {
    const created = await gatehouse(
      'identity',
      'create',
      'search-bot',
      '--owner',
      'search@example.com',
      '--env',
      'pilot',
      '--team',
      'search',
      '--models',
      'gpt-4o-mini,claude',
      '--roles',
      'auditor',
      '--may-assert-end-users',
      '-c',
      file,
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain('created identity search-bot (pilot, owner search@example.com)');
    const secret = secretOf(created.stdout)!;
    expect(secret).toMatch(/^ghs_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toBe(`gatehouse: using SQLite ${dbPath} (from ${file})\n${file} identities added: ops-admin\n`);

    const listed = await gatehouse('identity', 'list', '-c', file);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+ENV\s+STATE\s+SOURCE\s+OWNER\s+TEAM\s+LAST USED$/);
    expect(listed.stdout).toMatch(/ops-admin\s+production\s+active\s+config\s+ops@example.com/);
    expect(listed.stdout).toMatch(/search-bot\s+pilot\s+active\s+api\s+search@example.com\s+search/);
    const json = JSON.parse((await gatehouse('identity', 'list', '--json', '--env', 'pilot', '-c', file)).stdout) as Identity[];
    expect(json.map((i) => i.id)).toEqual(['search-bot']);
    expect(json[0]).toMatchObject({ allowedModels: ['gpt-4o-mini', 'claude'], roles: ['auditor'], mayAssertEndUsers: true });

    const shown = await gatehouse('identity', 'show', 'search-bot', '-c', file);
    expect(shown.stdout).toContain('owner:                search@example.com');
    expect(shown.stdout).toContain('models:               gpt-4o-mini, claude');
    for (const run of [listed, shown]) expect(run.stdout + run.stderr).not.toContain(secret.slice(4));

    const opened = await openCliStore(dbPath);
    try {
      expect(await opened.tokens.verifyClientSecret('search-bot', secret)).toBe(true);
      const records = await opened.records();
      expect(records.map((r) => [r.operation, r.method, r.identityId, r.path, r.reason])).toEqual([
        ['admin', 'CLI', `cli:${operatorName()}`, 'gatehouse identity create search-bot', 'ok'],
        ['admin', 'CLI', `cli:${operatorName()}`, 'gatehouse identity list *', 'ok'],
        ['admin', 'CLI', `cli:${operatorName()}`, 'gatehouse identity list *', 'ok'],
        ['admin', 'CLI', `cli:${operatorName()}`, 'gatehouse identity show search-bot', 'ok'],
      ]);
      expect(records[0]!.trace.find((e) => e.stage === 'admin')?.note).toBe('identity.create search-bot');
      expect(JSON.stringify(records)).not.toContain(secret.slice(4));
    } finally {
      await opened.close();
    }
  });

  test('create refuses a taken id, a bad environment and a missing owner', async () => {
    await gatehouse('identity', 'create', 'svc', '--owner', 'a@example.com', '--env', 'sandbox', '-c', file);
    const taken = await gatehouse('identity', 'create', 'svc', '--owner', 'a@example.com', '--env', 'sandbox', '-c', file);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toContain('identity_exists');
    const config = await gatehouse('identity', 'create', 'ops-admin', '--owner', 'a@example.com', '--env', 'sandbox', '-c', file);
    expect(config.stderr).toContain('identity_exists');
    const badEnv = await gatehouse('identity', 'create', 'svc2', '--owner', 'a@example.com', '--env', 'staging', '-c', file);
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('invalid_request: environment:');
    await expect(gatehouse('identity', 'create', 'svc3', '--env', 'sandbox', '-c', file)).rejects.toThrow(/--owner/);

    const opened = await openCliStore(dbPath);
    try {
      expect(opened.registry.get('svc2')).toBeUndefined();
      expect((await opened.records()).map((r) => [r.status, r.reason])).toEqual([
        [200, 'ok'],
        [409, 'identity_exists'],
        [409, 'identity_exists'],
        [400, 'invalid_request'],
      ]);
    } finally {
      await opened.close();
    }
  });

  test('suspend, reactivate and retire; retirement is final; unknown ids exit 1 with identity_not_found', async () => {
    await gatehouse('identity', 'create', 'svc', '--owner', 'a@example.com', '--env', 'production', '-c', file);
    expect(await gatehouse('identity', 'suspend', 'svc', '-c', file)).toMatchObject({ code: 0, stdout: 'identity svc: active -> suspended\n' });
    expect(await gatehouse('identity', 'suspend', 'svc', '-c', file)).toMatchObject({ code: 0, stdout: 'identity svc is already suspended\n' });
    expect(await gatehouse('identity', 'reactivate', 'svc', '-c', file)).toMatchObject({ code: 0, stdout: 'identity svc: suspended -> active\n' });
    expect(await gatehouse('identity', 'retire', 'svc', '-c', file)).toMatchObject({ code: 0, stdout: 'identity svc: active -> retired\n' });
    const revive = await gatehouse('identity', 'reactivate', 'svc', '-c', file);
    expect(revive.code).toBe(1);
    expect(revive.stderr).toContain('invalid_request: identity svc is retired; retirement is final');
    const missing = await gatehouse('identity', 'show', 'ghost', '-c', file);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('identity_not_found');

    const opened = await openCliStore(dbPath);
    try {
      expect(opened.registry.get('svc')?.state).toBe('retired');
      expect((await opened.records()).at(-1)).toMatchObject({
        status: 404,
        reason: 'identity_not_found',
        outcome: 'refused',
        path: 'gatehouse identity show ghost',
      });
    } finally {
      await opened.close();
    }
  });

  test('a config-declared identity can be suspended from the CLI, and a reload keeps it suspended', async () => {
    expect((await gatehouse('identity', 'suspend', 'ops-admin', '-c', file)).code).toBe(0);
    const listed = await gatehouse('identity', 'list', '--json', '-c', file);
    expect(listed.stderr).toContain('warning: identity ops-admin stays suspended');
    expect((JSON.parse(listed.stdout) as Identity[]).find((i) => i.id === 'ops-admin')?.state).toBe('suspended');
  });

  test('rotate-secret prints a new secret once; the previous one works until the overlap ends', async () => {
    const first = secretOf((await gatehouse('identity', 'create', 'svc', '--owner', 'a@example.com', '--env', 'pilot', '-c', file)).stdout)!;
    const rotated = await gatehouse('identity', 'rotate-secret', 'svc', '-c', file);
    expect(rotated.code).toBe(0);
    const second = secretOf(rotated.stdout)!;
    expect(second).not.toBe(first);
    expect(rotated.stdout).toMatch(/previous secrets stop working at \d{4}-\d\d-\d\dT/);
    // The config-declared admin gets its first secret this way.
    const bootstrap = secretOf((await gatehouse('identity', 'rotate-secret', 'ops-admin', '-c', file)).stdout)!;
    const opened = await openCliStore(dbPath);
    try {
      expect(await opened.tokens.verifyClientSecret('svc', second)).toBe(true);
      expect(await opened.tokens.verifyClientSecret('svc', first)).toBe(true);
      expect(await opened.tokens.verifyClientSecret('ops-admin', bootstrap)).toBe(true);
      expect(opened.registry.get('svc')?.lastRotatedAt).not.toBeNull();
    } finally {
      await opened.close();
    }
  });

  test('without an auth section every identity command says so and exits 1', async () => {
    ({ file } = cliTestConfig({ withAuth: false }));
    for (const args of [
      ['identity', 'list'],
      ['identity', 'create', 'x', '--owner', 'o', '--env', 'sandbox'],
      ['token', 'mint', 'x'],
      ['keys', 'rotate'],
    ]) {
      const run = await gatehouse(...args, '-c', file);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('auth is not configured');
    }
  });
});
