import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../authz/authorizer.js';
import { configSchema } from '../../config/schema.js';
import { useTempDirs } from '../../core/temp-dirs.fixtures.js';
import type { Identity, Principal } from '../../identity/types.js';
import { checkProposedCalls } from './tool-calls.js';

const temp = useTempDirs('gh-tool-calls-');

const POLICY = `@id("refund-limits")
forbid (principal, action == Gatehouse::Action::"use_tool", resource == Gatehouse::Tool::"refund")
when { context.direction == "output" }
unless { context.args has amount && context.args.amount < 100 };
`;

function setup() {
  const baseDir = temp.make();
  writeFileSync(join(baseDir, 'p.cedar'), POLICY);
  const config = configSchema.parse({
    providers: { mock: { type: 'mock' } },
    models: { m: { provider: 'mock' } },
    tools: { refund: { schema: { type: 'object', properties: { amount: { type: 'integer' } } } }, lookup: {} },
    policies: { files: ['p.cedar'] },
  });
  const tools = new Map(Object.entries(config.tools).map(([name]) => [name, {}]));
  return { authorizer: createAuthorizer({ config, baseDir }), catalog: { models: new Map(), tools, datasets: new Map() } };
}

const principal = {
  identity: {
    id: 'bot',
    owner: 'o@example.com',
    team: null,
    environment: 'pilot',
    state: 'active',
    roles: [],
    allowedTools: ['*'],
    allowedModels: [],
    allowedDatasets: [],
  },
  credential: 'access_token',
  tokenId: 't',
  scopes: [],
  endUser: null,
  actor: null,
} as unknown as Principal & { identity: Identity };

describe('checkProposedCalls', () => {
  const { authorizer, catalog } = setup();
  const check = (calls: Array<{ name: string | null; arguments: string }>) => checkProposedCalls(authorizer, catalog, principal, calls, 'withheld');

  it('allows every call its policies allow, each judged on its own arguments', () => {
    expect(
      check([
        { name: 'refund', arguments: '{"amount": 5}' },
        { name: 'lookup', arguments: '{}' },
      ]),
    ).toMatchObject({ allowed: true });
    expect(
      check([
        { name: 'refund', arguments: '{"amount": 5}' },
        { name: 'refund', arguments: '{"amount": 500}' },
      ]),
    ).toMatchObject({
      allowed: false,
      reason: 'forbidden_by_policy',
      policyId: 'refund-limits',
      message: 'withheld',
    });
  });

  it('refuses arguments that are not a JSON object, and an undeclared tool', () => {
    for (const bad of ['{"amount": ', '[5]', '"5"', 'null']) {
      expect(check([{ name: 'refund', arguments: bad }])).toMatchObject({ allowed: false, reason: 'tool_arguments_invalid' });
    }
    expect(check([{ name: 'shell', arguments: '{}' }])).toMatchObject({ allowed: false, reason: 'forbidden_by_policy' });
  });
});
