import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchGatewayConfig } from '../../src/cli/commands/serve.js';
import { loadConfigFile } from '../../src/config/load.js';
import { startGateway, type Gateway, type IdentityServices } from '../../src/gateway.js';
import { createLogger } from '../../src/log/logger.js';

/**
 * Issue 11, finding 15: a `.cedar` edit alone did not reload. The gateway runs from a gatehouse.yaml in a
 * temp folder that lists a policy file; only the policy file is edited, and the next requests see it.
 * A broken edit keeps the policy in force and says why in the log.
 */

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const ALLOW_ALL = '// no custom rule yet\n';
const FORBID_GENERAL = `@id("freeze-general")
forbid (principal, action == Gatehouse::Action::"invoke_model", resource)
when { resource.name == "chat-general" };
`;

let dir: string;
let gateway: Gateway;
let watcher: { close(): void };
let token: string;
const logs: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-policy-watch-'));
  writeFileSync(join(dir, 'custom.cedar'), ALLOW_ALL);
  const file = join(dir, 'gatehouse.yaml');
  writeFileSync(
    file,
    [
      `storage: {sqlite: {path: ${JSON.stringify(join(dir, 'gatehouse.db'))}}}`,
      `audit: {keyFile: ${JSON.stringify(join(dir, 'audit.key'))}, content: {keyFile: ${JSON.stringify(join(dir, 'content.key'))}}}`,
      'logging: {level: silent, exchanges: false}',
      'auth: {secretPepper: env:PEPPER}',
      'providers: {mock: {type: mock}}',
      'models: {chat-general: {provider: mock}, chat-other: {provider: mock}}',
      "policies: {files: ['custom.cedar']}",
      "identities: {svc: {owner: svc@example.com, environment: production, models: ['*']}}",
      '',
    ].join('\n'),
  );
  const loaded = await loadConfigFile(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  gateway = await startGateway({ config: loaded.config, configHash: loaded.hash, baseDir: dir, logger, port: 0, host: '127.0.0.1', env: { PEPPER } });
  watcher = watchGatewayConfig(file, gateway, logger);
  const id = gateway.identity as IdentityServices;
  token = (await id.tokens.mintAccessToken(id.registry.get('svc')!)).access_token;
});
afterAll(async () => {
  watcher.close();
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(model: string): Promise<{ status: number; code: string | null; requestId: string }> {
  try {
    const { response } = await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: token, maxRetries: 0 }).chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    return { status: response.status, code: null, requestId: response.headers.get('x-gatehouse-request-id') ?? '' };
  } catch (err) {
    const e = err as InstanceType<typeof OpenAI.APIError>;
    return { status: e.status as number, code: String(e.code), requestId: e.headers?.get('x-gatehouse-request-id') ?? '' };
  }
}

/** Calls until the answer has `status` (the watcher debounces, then rebuilds the runtime); fails after ~10 s. */
async function until(model: string, status: number): Promise<{ status: number; code: string | null; requestId: string }> {
  for (let i = 0; i < 200; i++) {
    const answer = await call(model);
    if (answer.status === status) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${model} never answered ${status}`);
}

async function logged(test: (msg: string) => boolean): Promise<void> {
  for (let i = 0; i < 200 && !logs.some((l) => test(l.msg)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(logs.some((l) => test(l.msg))).toBe(true);
}

describe('policy files are watched', () => {
  it('an edit of the .cedar file alone applies to the next requests; a broken one keeps the running policy', async () => {
    expect(await call('chat-general')).toMatchObject({ status: 200 });

    writeFileSync(join(dir, 'custom.cedar'), FORBID_GENERAL);
    // A model the caller may not invoke answers as one that does not exist; the trace keeps the real cause.
    const refused = await until('chat-general', 404);
    expect(refused.code).toBe('model_not_found');
    const record = await (async () => {
      await gateway.recorder.flush();
      return gateway.store.getExchange(refused.requestId);
    })();
    expect(record).toMatchObject({ reason: 'model_not_found', identityId: 'svc' });
    expect(record?.trace.find((t) => t.stage === 'authorize')).toMatchObject({ reason: 'forbidden_by_policy' });
    expect(record?.trace.find((t) => t.stage === 'authorize')?.policyId).toContain('freeze-general');
    expect(await call('chat-other')).toMatchObject({ status: 200 });

    // A policy that does not validate: logged with its position, and the freeze stays in force.
    logs.length = 0;
    writeFileSync(join(dir, 'custom.cedar'), 'forbid (principal, action == Gatehouse::Action::"no_such_action", resource);\n');
    await logged((msg) => msg.includes('configuration rejected'));
    const rejection = logs.find((l) => l.msg.includes('configuration rejected')) as unknown as { err: { message: string } };
    expect(rejection.err.message).toContain('custom.cedar');
    expect(await call('chat-general')).toMatchObject({ status: 404, code: 'model_not_found' });

    // Fixed: the freeze is lifted.
    writeFileSync(join(dir, 'custom.cedar'), ALLOW_ALL);
    await until('chat-general', 200);
  });
});
