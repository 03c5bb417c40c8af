import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { describe, expect, it } from 'vitest';
import { configSchema, type GatehouseConfig } from '../config/schema.js';
import type { AdminRole, Identity, Principal } from '../identity/types.js';
import { checkPolicies, createAuthorizer, PolicyError } from './authorizer.js';
import { ADMIN_ACTIONS, CEDAR_SCHEMA, INFERENCE_ACTIONS } from './schema.js';
import type { AdminAction, AuthzRequest, ResourceType } from './types.js';
import { useTempDirs } from '../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-authz-');

function identity(overrides: Partial<Identity> = {}): Identity {
  return {
    id: 'payments-api',
    displayName: 'Payments API',
    owner: 'payments@example.com',
    team: 'payments',
    environment: 'production',
    state: 'active',
    purpose: null,
    allowedModels: [],
    allowedTools: [],
    allowedDatasets: [],
    roles: [],
    allowedScopes: [],
    mayAssertEndUsers: false,
    limitsProfile: null,
    guardrailProfile: null,
    source: 'api',
    createdAt: 0,
    lastRotatedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

function principal(overrides: Partial<Identity> = {}, extra: Partial<Principal> = {}): Principal {
  return { identity: identity(overrides), credential: 'access_token', tokenId: 'jti-1', scopes: [], endUser: null, actor: null, ...extra };
}

/** A config with a few resources and, optionally, custom policy files written to a fresh folder. */
function setup(files: Record<string, string> = {}, extra: Record<string, unknown> = {}): { config: GatehouseConfig; baseDir: string } {
  const baseDir = temp.make();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(baseDir, name), text);
  const config = configSchema.parse({
    providers: { mock: { type: 'mock' } },
    models: {
      'gpt-4o-mini': { provider: 'mock' },
      'gpt-4o': { provider: 'mock', environments: ['production'] },
      'pilot-model': { provider: 'mock', environments: ['pilot', 'production'] },
    },
    tools: { search: {}, shell: { environments: ['production'] } },
    datasets: { invoices: { environments: ['production'] }, docs: {} },
    policies: { files: Object.keys(files) },
    ...extra,
  });
  return { config, baseDir };
}

const model = (id: string): AuthzRequest['resource'] => ({ type: 'Model', id });

describe('createAuthorizer: grants', () => {
  const authorizer = createAuthorizer(setup());

  it('allows exactly the granted models, naming the permit', () => {
    const p = principal({ allowedModels: ['gpt-4o-mini'] });
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') })).toEqual({
      decision: 'allow',
      policyIds: ['gatehouse:grant:invoke_model'],
      errors: [],
      policyVersion: authorizer.policyVersion,
    });
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') })).toMatchObject({
      decision: 'deny',
      policyIds: [],
      errors: [],
    });
  });

  it("'*' grants every model, tool and dataset the environment may reach", () => {
    const p = principal({ allowedModels: ['*'], allowedTools: ['*'], allowedDatasets: ['*'] });
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') }).decision).toBe('allow');
    expect(authorizer.authorize({ principal: p, action: 'use_tool', resource: { type: 'Tool', id: 'shell' }, context: { direction: 'input' } })).toMatchObject({
      decision: 'allow',
      policyIds: ['gatehouse:grant:use_tool'],
    });
    expect(authorizer.authorize({ principal: p, action: 'read_dataset', resource: { type: 'Dataset', id: 'invoices' } })).toMatchObject({
      decision: 'allow',
      policyIds: ['gatehouse:grant:read_dataset'],
    });
  });

  it('tools and datasets follow their own grant lists', () => {
    const p = principal({ allowedModels: ['*'], allowedTools: ['search'], allowedDatasets: ['docs'] });
    const tool = (id: string) =>
      authorizer.authorize({ principal: p, action: 'use_tool', resource: { type: 'Tool', id }, context: { direction: 'output' } }).decision;
    const dataset = (id: string) => authorizer.authorize({ principal: p, action: 'read_dataset', resource: { type: 'Dataset', id } }).decision;
    expect([tool('search'), tool('shell'), dataset('docs'), dataset('invoices')]).toEqual(['allow', 'deny', 'allow', 'deny']);
  });

  it('an identity created through the admin API is allowed by its attributes, like a config identity', () => {
    const { config, baseDir } = setup(
      {},
      { auth: { secretPepper: 'env:PEPPER' }, identities: { 'from-config': { owner: 'a@example.com', environment: 'production', models: ['gpt-4o'] } } },
    );
    const az = createAuthorizer({ config, baseDir });
    const fromConfig = principal({ id: 'from-config', source: 'config', allowedModels: ['gpt-4o'] });
    const fromApi = principal({ id: 'created-later', source: 'api', allowedModels: ['gpt-4o'] });
    for (const p of [fromConfig, fromApi]) {
      expect(az.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') })).toMatchObject({
        decision: 'allow',
        policyIds: ['gatehouse:grant:invoke_model'],
      });
      expect(az.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') }).decision).toBe('deny');
    }
  });

  it('a changed grant or state applies to the very next call (cached decisions are keyed by them)', () => {
    const p = principal({ allowedModels: ['gpt-4o'] });
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') }).decision).toBe('allow');
    p.identity.state = 'suspended';
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') }).decision).toBe('deny');
    p.identity.state = 'active';
    p.identity.allowedModels = [];
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') }).decision).toBe('deny');
  });

  it('a cached decision is a copy the caller may change', () => {
    const p = principal({ allowedModels: ['gpt-4o-mini'] });
    authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') }).policyIds.push('tampered');
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') }).policyIds).toEqual(['gatehouse:grant:invoke_model']);
  });
});

describe('createAuthorizer: environment isolation and state', () => {
  const authorizer = createAuthorizer(setup());
  const all = { allowedModels: ['*'], allowedTools: ['*'], allowedDatasets: ['*'] };

  it('a sandbox identity never reaches a production-only model, tool or dataset, whatever its grants', () => {
    const p = principal({ ...all, environment: 'sandbox' });
    const isolated = { decision: 'deny', policyIds: ['gatehouse:environment-isolation'], errors: [] };
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o') })).toMatchObject(isolated);
    expect(authorizer.authorize({ principal: p, action: 'use_tool', resource: { type: 'Tool', id: 'shell' }, context: { direction: 'input' } })).toMatchObject(
      isolated,
    );
    expect(authorizer.authorize({ principal: p, action: 'read_dataset', resource: { type: 'Dataset', id: 'invoices' } })).toMatchObject(isolated);
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') }).decision).toBe('allow');
  });

  it('environments list who may reach a resource; absent means every environment', () => {
    const decide = (environment: Identity['environment'], id: string) =>
      authorizer.authorize({ principal: principal({ ...all, environment }), action: 'invoke_model', resource: model(id) }).decision;
    expect(['sandbox', 'pilot', 'production'].map((e) => decide(e as Identity['environment'], 'pilot-model'))).toEqual(['deny', 'allow', 'allow']);
    expect(['sandbox', 'pilot', 'production'].map((e) => decide(e as Identity['environment'], 'gpt-4o-mini'))).toEqual(['allow', 'allow', 'allow']);
  });

  it("the caller's environments apply; without them, the configured ones do", () => {
    const p = principal({ ...all, environment: 'pilot' });
    expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: { type: 'Model', id: 'gpt-4o' } }).decision).toBe('deny');
    expect(
      authorizer.authorize({ principal: p, action: 'invoke_model', resource: { type: 'Model', id: 'not-configured', environments: ['production'] } }).policyIds,
    ).toEqual(['gatehouse:environment-isolation']);
  });

  it('a suspended or retired identity is forbidden everything, admin actions included', () => {
    for (const state of ['suspended', 'retired'] as const) {
      const p = principal({ ...all, roles: ['admin'], state });
      expect(authorizer.authorize({ principal: p, action: 'invoke_model', resource: model('gpt-4o-mini') })).toMatchObject({
        decision: 'deny',
        policyIds: ['gatehouse:identity-not-active'],
      });
      expect(authorizer.authorize({ principal: p, action: 'identity.read', resource: { type: 'Gateway', id: 'gatehouse' } })).toMatchObject({
        decision: 'deny',
        policyIds: ['gatehouse:identity-not-active'],
      });
    }
  });
});

describe('createAuthorizer: admin roles', () => {
  const authorizer = createAuthorizer(setup());
  const resourceOf: Record<AdminAction, ResourceType> = {
    'identity.create': 'Gateway',
    'identity.read': 'Identity',
    'identity.update': 'Identity',
    'identity.suspend': 'Identity',
    'identity.retire': 'Identity',
    'identity.reactivate': 'Identity',
    'secret.rotate': 'Identity',
    'token.mint': 'Identity',
    'token.revoke': 'Identity',
    'apikey.create': 'Identity',
    'key.rotate': 'SigningKey',
    'key.read': 'SigningKey',
    'audit.read': 'Gateway',
    'model.read': 'Gateway',
    'model.promote': 'Model',
    'model.rollback': 'Model',
    'traffic.read': 'Gateway',
    'traffic.stop': 'Gateway',
    'traffic.resume': 'Gateway',
    'incident.set': 'Gateway',
    'approval.read': 'Gateway',
    'approval.decide': 'Gateway',
  };
  const allowed: Record<AdminRole | 'none', AdminAction[]> = {
    admin: [...ADMIN_ACTIONS],
    security: [
      'identity.read',
      'identity.suspend',
      'identity.retire',
      'identity.reactivate',
      'token.revoke',
      'key.rotate',
      'key.read',
      'audit.read',
      'model.read',
      'traffic.read',
      'traffic.stop',
      'traffic.resume',
      'incident.set',
      'approval.read',
      'approval.decide',
    ],
    approver: ['identity.read', 'approval.read', 'approval.decide'],
    auditor: ['identity.read', 'key.read', 'audit.read', 'model.read', 'traffic.read', 'approval.read'],
    none: [],
  };

  for (const [role, actions] of Object.entries(allowed)) {
    it(`${role}: may do exactly its actions`, () => {
      const p = principal({ id: `${role}-person`, roles: role === 'none' ? [] : [role as AdminRole] });
      for (const action of ADMIN_ACTIONS) {
        const decision = authorizer.authorize({ principal: p, action, resource: { type: resourceOf[action], id: 'target' } });
        expect([action, decision.decision]).toEqual([action, actions.includes(action) ? 'allow' : 'deny']);
        if (decision.decision === 'allow') expect(decision.policyIds).toEqual([`gatehouse:role:${role}`]);
      }
    });
  }

  it('an admin role grants no model', () => {
    expect(authorizer.authorize({ principal: principal({ roles: ['admin'] }), action: 'invoke_model', resource: model('gpt-4o-mini') }).decision).toBe('deny');
  });

  it('the schema declares every admin action of the contract, and nothing else beyond inference', () => {
    const json = cedar.schemaToJson(CEDAR_SCHEMA);
    if (json.type !== 'success') throw new Error('schema does not parse');
    expect(Object.keys(json.json.Gatehouse?.actions ?? {}).sort()).toEqual([...ADMIN_ACTIONS, ...INFERENCE_ACTIONS].sort());
  });
});

describe('createAuthorizer: custom policy files', () => {
  const files = {
    'tools.cedar': `// Pilots may use search only as input, never have the model call it.
@id("search-input-only")
forbid (principal, action == Gatehouse::Action::"use_tool", resource == Gatehouse::Tool::"search")
when { context.direction == "output" };

@id("interns-get-mini")
permit (principal, action == Gatehouse::Action::"invoke_model", resource == Gatehouse::Model::"gpt-4o-mini")
when { principal.team == "interns" };
`,
    'owners.cedar': `forbid (principal, action, resource) when { principal.owner == "mallory@example.com" };
forbid (principal, action == Gatehouse::Action::"invoke_model", resource) when { context has endUser && context.endUser == "blocked-user" };
`,
  };
  const authorizer = createAuthorizer(setup(files));

  it('a file permit and a file forbid decide, named by their @id', () => {
    const intern = principal({ team: 'interns' });
    expect(authorizer.authorize({ principal: intern, action: 'invoke_model', resource: model('gpt-4o-mini') })).toMatchObject({
      decision: 'allow',
      policyIds: ['interns-get-mini'],
    });
    const p = principal({ allowedTools: ['search'] });
    expect(authorizer.authorize({ principal: p, action: 'use_tool', resource: { type: 'Tool', id: 'search' }, context: { direction: 'input' } }).decision).toBe(
      'allow',
    );
    expect(
      authorizer.authorize({ principal: p, action: 'use_tool', resource: { type: 'Tool', id: 'search' }, context: { direction: 'output' } }),
    ).toMatchObject({ decision: 'deny', policyIds: ['search-input-only'] });
  });

  it('a file policy without @id is named file:<name>:<index>, and may read any attribute or the context', () => {
    const mallory = principal({ owner: 'mallory@example.com', allowedModels: ['*'] });
    expect(authorizer.authorize({ principal: mallory, action: 'invoke_model', resource: model('gpt-4o-mini') })).toMatchObject({
      decision: 'deny',
      policyIds: ['file:owners.cedar:0'],
    });
    const agent = principal({ allowedModels: ['*'] }, { endUser: 'blocked-user' });
    expect(authorizer.authorize({ principal: agent, action: 'invoke_model', resource: model('gpt-4o-mini') })).toMatchObject({
      decision: 'deny',
      policyIds: ['file:owners.cedar:1'],
    });
    expect(authorizer.policyIds).toContain('file:owners.cedar:1');
  });

  it('ids follow file order past ten policies (Cedar sorts policy10 before policy2)', () => {
    const many = Array.from({ length: 12 }, (_, i) => `forbid (principal, action, resource == Gatehouse::Model::"m${i}");`).join('\n');
    const az = createAuthorizer(setup({ 'many.cedar': many }));
    for (const i of [2, 7, 10, 11]) {
      expect(az.authorize({ principal: principal({ allowedModels: ['*'] }), action: 'invoke_model', resource: model(`m${i}`) }).policyIds).toEqual([
        `file:many.cedar:${i}`,
      ]);
    }
  });

  it('policyVersion is the sha256 of the policy text: stable for the same text, new when a policy changes', () => {
    expect(authorizer.policyVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(createAuthorizer(setup(files)).policyVersion).toBe(authorizer.policyVersion);
    const changed = createAuthorizer(setup({ ...files, 'owners.cedar': files['owners.cedar'].replace('mallory', 'eve') }));
    expect(changed.policyVersion).not.toBe(authorizer.policyVersion);
    expect(createAuthorizer(setup()).policyVersion).not.toBe(authorizer.policyVersion);
    expect(checkPolicies(...(Object.values(setup(files)) as [GatehouseConfig, string]))).toEqual({
      ok: true,
      policyVersion: authorizer.policyVersion,
      policyCount: 14,
    });
  });
});

describe('createAuthorizer: invalid policies are refused at load, with file and position', () => {
  const issuesOf = (files: Record<string, string>) => {
    const { config, baseDir } = setup(files);
    const checked = checkPolicies(config, baseDir);
    expect(() => createAuthorizer({ config, baseDir })).toThrow(PolicyError);
    if (checked.ok) throw new Error('expected issues');
    return checked.issues;
  };

  it('a syntax error', () => {
    const issues = issuesOf({ 'broken.cedar': '// é comment\npermit (principal, action, resource)\n  when { principal.state == };\n' });
    expect(issues).toEqual([expect.objectContaining({ file: 'broken.cedar', line: 3, column: 29 })]);
    expect(issues[0]?.message).toMatch(/unexpected token/);
  });

  it('a reference the schema does not know (attribute, action, entity type)', () => {
    const issues = issuesOf({
      'schema.cedar': `permit (principal, action, resource)
  when { principal.departement == "x" };
forbid (principal, action == Gatehouse::Action::"delete_everything", resource);
permit (principal is Gatehouse::User, action, resource);
`,
    });
    expect(issues.map((i) => [i.file, i.line])).toEqual([
      ['schema.cedar', 2],
      ['schema.cedar', 3],
      ['schema.cedar', 4],
    ]);
    expect(issues[0]).toMatchObject({ column: 10 });
    expect(issues[0]?.message).toMatch(/departement/);
    expect(issues[1]?.message).toMatch(/delete_everything/);
  });

  it('a type error (strict mode)', () => {
    const issues = issuesOf({ 'types.cedar': 'permit (principal, action, resource) when { principal.roles == "admin" };' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'types.cedar', line: 1 });
  });

  it('reserved and duplicate ids, templates, missing files', () => {
    expect(issuesOf({ 'spoof.cedar': '@id("gatehouse:environment-isolation") permit (principal, action, resource);' })[0]?.message).toMatch(/reserved/);
    expect(
      issuesOf({ 'a.cedar': '@id("same") permit (principal, action, resource);', 'b.cedar': '@id("same") permit (principal, action, resource);' }),
    ).toEqual([expect.objectContaining({ file: 'b.cedar', message: expect.stringMatching(/duplicate policy id "same"/) })]);
    expect(issuesOf({ 't.cedar': 'permit (principal == ?principal, action, resource);' })[0]?.message).toMatch(/template/);
    const { config, baseDir } = setup();
    config.policies.files = ['missing.cedar'];
    expect(checkPolicies(config, baseDir)).toEqual({ ok: false, issues: [{ file: 'missing.cedar', message: expect.stringMatching(/ENOENT/) }] });
  });

  it('an approval condition that is not Cedar is refused at load, naming the tool', () => {
    const approval = (condition: string) => ({ approval: { when: { condition }, approvers: { roles: ['approver'] } } });
    const bad = setup({}, { tools: { refund: approval('context.args.amount >') } });
    expect(checkPolicies(bad.config, bad.baseDir)).toEqual({
      ok: false,
      issues: [{ file: 'tools.refund.approval.when.condition', message: expect.any(String) }],
    });
    const good = setup({}, { tools: { refund: approval('context.args.amount > 100') } });
    expect(checkPolicies(good.config, good.baseDir).ok).toBe(true);
  });

  it('every syntax error of a file, not only the first: each statement is parsed alone', () => {
    const issues = issuesOf({
      'three.cedar': `// é: positions count characters, Cedar counts bytes
permit (principal, action, resource) when { principal.team == };

permit (principal action, resource);

@id("note; a semicolon in a string")
forbid (principal, action, resource) when { && };
`,
    });
    expect(issues.map((i) => [i.file, i.line, i.column])).toEqual([
      ['three.cedar', 2, 63],
      ['three.cedar', 4, 19],
      ['three.cedar', 7, 45],
    ]);
    for (const issue of issues) expect(issue.message).toMatch(/unexpected token/);
  });

  it('syntax and schema errors together: the statements that parse are still validated', () => {
    const issues = issuesOf({
      'mixed.cedar': `permit (principal, action == Gatehouse::Action::"invoke_modle", resource);
permit (principal action, resource);
permit (principal, action, resource) when { principal.departement == "x" };
`,
    });
    expect(issues.map((i) => i.line)).toEqual([1, 2, 3]);
    expect(issues[0]?.message).toMatch(/invoke_modle/);
    expect(issues[1]?.message).toMatch(/unexpected token `action`/);
    // Named as the file's third policy, though Cedar validated it as the second.
    expect(issues[2]?.message).toMatch(/`policy2`.*departement|departement.*`policy2`/);
  });

  it('the error message lists every issue as file:line:column', () => {
    const { config, baseDir } = setup({ 'x.cedar': 'permit (principal, action, resource) when { principal.nope };' });
    expect(() => createAuthorizer({ config, baseDir })).toThrow(/x\.cedar:1:\d+: .*nope/);
    const three = setup({
      'y.cedar': 'permit (principal, action, resource) when { };\npermit (principal action, resource);\nforbid (principal, action, resource) when { && };\n',
    });
    expect(() => createAuthorizer(three)).toThrow(/y\.cedar:1:\d+: [^\n]*\n[^\n]*y\.cedar:2:19: [^\n]*\n[^\n]*y\.cedar:3:\d+: /);
  });
});

describe('createAuthorizer: evaluation errors deny (fail closed)', () => {
  it('an erroring forbid denies even though a permit is satisfied (Cedar alone would allow)', () => {
    const authorizer = createAuthorizer(
      setup({
        'overflow.cedar':
          '@id("overflowing") forbid (principal, action == Gatehouse::Action::"invoke_model", resource) when { 9223372036854775807 + 1 > 0 };\n',
      }),
    );
    const decision = authorizer.authorize({ principal: principal({ allowedModels: ['*'] }), action: 'invoke_model', resource: model('gpt-4o-mini') });
    expect(decision).toMatchObject({ decision: 'deny', policyIds: ['overflowing'] });
    expect(decision.errors[0]).toMatch(/^overflowing: .*overflow/);
  });

  it('an unknown action or malformed identity data denies with the error listed', () => {
    const authorizer = createAuthorizer(setup());
    const odd = authorizer.authorize({ principal: principal({ allowedModels: ['*'] }), action: 'no.such.action' as never, resource: model('gpt-4o-mini') });
    expect(odd.decision).toBe('deny');
    const broken = principal({ allowedModels: 'gpt-4o-mini' as never });
    const decision = authorizer.authorize({ principal: broken, action: 'invoke_model', resource: model('gpt-4o-mini') });
    expect(decision.decision).toBe('deny');
    expect(decision.errors.length).toBeGreaterThan(0);
  });
});
