import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerModelsCommands } from '../../src/cli/commands/models.js';
import { registerTrafficCommands } from '../../src/cli/commands/traffic.js';
import { operatorName } from '../../src/cli/commands/admin-session.js';
import type { IdentityServices } from '../../src/gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-controls-e2e-'));
const owner = (who: string) => ({ owner: `${who}@example.com`, environment: 'production', models: ['*'] });

const CONFIG = {
  storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
  auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
  controls: { refreshMs: 100 },
  providers: { mock: { type: 'mock' }, slow: { type: 'mock', chunkSize: 2, chunkDelayMs: 25 } },
  models: {
    chat: {
      defaultVersion: 'v1',
      deployments: [
        { version: 'v1', provider: 'mock', upstreamModel: 'chat-v1', mock: { text: 'answer from v1' } },
        { version: 'v2', provider: 'mock', upstreamModel: 'chat-v2', mock: { text: 'answer from v2' } },
      ],
    },
    other: { provider: 'mock', upstreamModel: 'other-1', mock: { text: 'other answer' } },
    drip: { provider: 'slow', mock: { text: 'x'.repeat(400) } },
  },
  guardrails: { profiles: { watch: { input: { pii: { action: 'monitor' } } } }, defaults: { production: 'watch' } },
  identities: {
    'app-a': owner('a'),
    'app-b': owner('b'),
    ops: { ...owner('ops'), roles: ['admin'] },
    sec: { ...owner('sec'), roles: ['security'] },
    aud: { ...owner('aud'), roles: ['auditor'] },
  },
};

let gw: TestGateway;
let configFile: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { env: { PEPPER } });
  configFile = join(dir, 'gatehouse.yaml');
  // JSON is YAML: the CLI reads the very configuration the gateway runs, over the same database.
  writeFileSync(configFile, JSON.stringify(CONFIG));
  const identity = gw.identity as IdentityServices;
  for (const id of Object.keys(CONFIG.identities)) tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  return () => vi.unstubAllEnvs();
});

/** Runs `gatehouse <args> -c <the gateway's config>` in process, as main.ts wires the commands. */
async function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli([registerModelsCommands, registerTrafficCommands], [...args, '-c', configFile]);
}

const client = (id: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: tokens.get(id)!, maxRetries: 0 });
const ask = (id: string, model = 'chat', content = 'hello') =>
  client(id)
    .chat.completions.create({ model, messages: [{ role: 'user', content }] })
    .withResponse();

async function answer(id: string, model = 'chat'): Promise<{ text: string; upstream: string | null | undefined }> {
  const { data, response } = await ask(id, model);
  const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id')!);
  return { text: data.choices[0]?.message.content ?? '', upstream: record?.upstreamModel };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; requestId: string; reason: string | null }> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as InstanceType<typeof OpenAI.APIError> | undefined;
  if (!(err instanceof OpenAI.APIError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return {
    status: err.status as number,
    code: String(err.code),
    requestId: err.headers?.get('x-gatehouse-request-id') ?? '',
    reason: err.headers?.get('x-gatehouse-reason') ?? null,
  };
}

async function admin(caller: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any; requestId: string }> {
  const res = await fetch(`${gw.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.get(caller)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json(), requestId: res.headers.get('x-gatehouse-request-id') ?? '' };
}

/** Waits for this gateway's own refresh (controls.refreshMs 100) to see what the CLI wrote. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** The admin records' action notes, oldest first. */
async function adminNotes(): Promise<string[]> {
  await gw.recorder.flush();
  const records = await gw.store.listExchanges({ operation: 'admin', limit: 1000 });
  return records.reverse().map((r) => `${r.identityId} ${r.status} ${r.trace.find((t) => t.stage === 'admin')?.note ?? ''}`);
}

const cli = `cli:${operatorName()}`;

describe('model promotion and rollback', () => {
  it('from the CLI: promote then roll back, each served on the next request once the gateway refreshed', async () => {
    expect(await answer('app-a')).toEqual({ text: 'answer from v1', upstream: 'chat-v1' });
    const promoted = await gatehouse('models', 'promote', 'chat', 'v2', '--reason', 'CHG-1 eval passed');
    expect(promoted).toMatchObject({ code: 0, stdout: 'promoted chat: v1 -> v2\n' });
    await eventually(() => gw.controls.activeVersion('chat') === 'v2');
    expect(await answer('app-a')).toEqual({ text: 'answer from v2', upstream: 'chat-v2' });

    const listed = JSON.parse((await gatehouse('models', 'list', '--json')).stdout) as Array<{
      name: string;
      activeVersion: string;
      activeBy: { how: string; actor: string };
      versions: Array<{ version: string; deployments: Array<{ upstreamModel: string }> }>;
    }>;
    expect(listed.find((m) => m.name === 'chat')).toMatchObject({
      activeVersion: 'v2',
      activeBy: { how: 'promote', actor: cli },
      versions: [{ version: 'v1', deployments: [{ upstreamModel: 'chat-v1' }] }, { version: 'v2' }],
    });

    const rolled = await gatehouse('models', 'rollback', 'chat', '--reason', 'INC-7 quality regression');
    expect(rolled).toMatchObject({ code: 0, stdout: 'rolled back chat: v2 -> v1\n' });
    await eventually(() => gw.controls.activeVersion('chat') === undefined);
    expect(await answer('app-a')).toEqual({ text: 'answer from v1', upstream: 'chat-v1' });

    const history = (await gatehouse('models', 'history', 'chat')).stdout.split('\n');
    expect(history[0]).toMatch(/rollback\s+v2 -> v1 \(default\)\s+by cli:.*: INC-7 quality regression$/);
    expect(history[1]).toMatch(/promote\s+v1 \(default\) -> v2\s+by cli:.*: CHG-1 eval passed$/);
    expect(await adminNotes()).toEqual(
      expect.arrayContaining([
        `${cli} 200 model.promote chat v1->v2 reason=CHG-1 eval passed`,
        `${cli} 200 model.rollback chat v2->v1 reason=INC-7 quality regression`,
      ]),
    );
  });

  it('from the CLI: an unknown model or version is refused clearly and nothing changes', async () => {
    const revision = gw.controls.revision;
    expect(await gatehouse('models', 'promote', 'nope', 'v2', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("model_not_found: No model 'nope' is configured"),
    });
    expect(await gatehouse('models', 'promote', 'chat', 'v9', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("model_not_found: Model 'chat' has no version 'v9' (versions: v1, v2)"),
    });
    expect(await gatehouse('models', 'promote', 'chat', 'v2')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('invalid_request: --reason is required'),
    });
    expect(await gatehouse('models', 'rollback', 'other', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("invalid_request: Model 'other' was never promoted"),
    });
    expect(await gw.store.controls.revision()).toBe(revision);
  });

  it('through the admin API: the change applies on this replica on the very next request, and is recorded', async () => {
    const promoted = await admin('ops', 'POST', '/models/chat/promote', { version: 'v2', reason: 'CHG-2' });
    expect(promoted).toMatchObject({ status: 200, body: { model: 'chat', activeVersion: 'v2', previousVersion: 'v1' } });
    expect((await answer('app-b')).text).toBe('answer from v2');
    const rolled = await admin('ops', 'POST', '/models/chat/rollback', { reason: 'INC-8' });
    expect(rolled).toMatchObject({ status: 200, body: { activeVersion: 'v1', previousVersion: 'v2' } });
    expect((await answer('app-b')).text).toBe('answer from v1');
    expect(await admin('ops', 'POST', '/models/chat/promote', { version: 'v9', reason: 'x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'model_not_found' } },
    });
    const models = await admin('aud', 'GET', '/models');
    expect(models.status).toBe(200);
    expect(models.body.data.find((m: { name: string }) => m.name === 'chat')).toMatchObject({
      activeVersion: 'v1',
      defaultVersion: 'v1',
      lastChanges: [{ kind: 'rollback', actor: 'ops' }, { kind: 'promote', actor: 'ops' }, {}, {}],
    });
    const record = await gw.recordOf(promoted.requestId);
    expect(record).toMatchObject({ operation: 'admin', identityId: 'ops', path: '/admin/v1/models/chat/promote', reason: 'ok' });
    expect(record?.trace.find((t) => t.stage === 'admin')?.note).toBe('model.promote chat v1->v2 reason=CHG-2');
  });
});

describe('kill switches', () => {
  it("from the CLI: an identity's traffic stops (403) while another's flows; resume restores it", async () => {
    expect(await gatehouse('traffic', 'stop', '--identity', 'app-a', '--reason', 'INC-9 leaked key')).toMatchObject({
      code: 0,
      stdout: 'stopped identity app-a\n',
    });
    await eventually(() => gw.controls.stopped('identity', 'app-a') !== undefined);
    const refused = await refusal(ask('app-a'));
    expect(refused).toMatchObject({ status: 403, code: 'identity_traffic_stopped', reason: 'identity_traffic_stopped' });
    expect((await answer('app-b')).text).toBe('answer from v1');
    const record = await gw.recordOf(refused.requestId);
    expect(record).toMatchObject({ identityId: 'app-a', status: 403, reason: 'identity_traffic_stopped', outcome: 'refused' });
    expect(record?.trace.find((t) => t.stage === 'traffic-control')).toMatchObject({ verdict: 'respond', policyId: 'controls/stop/identity:app-a' });
    expect(JSON.stringify(record)).not.toContain('leaked key');

    expect((await gatehouse('traffic', 'status')).stdout).toMatch(/identity app-a\s+since .* by cli:.*: INC-9 leaked key/);
    expect(await gatehouse('traffic', 'resume', '--identity', 'app-a', '--reason', 'key rotated')).toMatchObject({
      code: 0,
      stdout: 'resumed identity app-a\n',
    });
    await eventually(() => gw.controls.stopped('identity', 'app-a') === undefined);
    expect((await answer('app-a')).text).toBe('answer from v1');
    expect(await adminNotes()).toEqual(
      expect.arrayContaining([`${cli} 200 traffic.stop identity:app-a reason=INC-9 leaked key`, `${cli} 200 traffic.resume identity:app-a reason=key rotated`]),
    );
    expect(await gatehouse('traffic', 'stop', '--identity', 'ghost', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No identity 'ghost' exists"),
    });
    expect(await gatehouse('traffic', 'stop', '--model', 'chat', '--all', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('exactly one of'),
    });
  });

  it('through the admin API: a stopped model and then everything answer 503 traffic_stopped; resume restores both', async () => {
    expect(await admin('sec', 'POST', '/traffic/stop', { scope: 'model', target: 'chat', reason: 'INC-10' })).toMatchObject({
      status: 200,
      body: { scope: 'model', target: 'chat', changed: true },
    });
    expect(await refusal(ask('app-a'))).toMatchObject({ status: 503, code: 'traffic_stopped', reason: 'traffic_stopped' });
    expect((await answer('app-a', 'other')).text).toBe('other answer');
    expect((await admin('sec', 'POST', '/traffic/stop', { scope: 'all', reason: 'INC-11' })).status).toBe(200);
    expect(await refusal(ask('app-b', 'other'))).toMatchObject({ status: 503, code: 'traffic_stopped' });
    const status = await admin('aud', 'GET', '/traffic');
    expect(status.body.stops.map((s: { scope: string; target: string }) => `${s.scope}:${s.target}`).sort()).toEqual(['all:*', 'model:chat']);
    await admin('sec', 'POST', '/traffic/resume', { scope: 'all', reason: 'over' });
    await admin('sec', 'POST', '/traffic/resume', { scope: 'model', target: 'chat', reason: 'over' });
    expect(await admin('sec', 'POST', '/traffic/resume', { scope: 'model', target: 'chat', reason: 'again' })).toMatchObject({
      status: 200,
      body: { changed: false },
    });
    expect(await admin('sec', 'POST', '/traffic/stop', { scope: 'identity', reason: 'x' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', param: 'target' } },
    });
    expect(await admin('sec', 'POST', '/traffic/stop', { scope: 'team', target: 'x', reason: 'x' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', param: 'scope' } },
    });
    expect(await admin('sec', 'POST', '/traffic/stop', { scope: 'model', target: 'nope', reason: 'x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'model_not_found' } },
    });
    expect((await answer('app-b', 'other')).text).toBe('other answer');
    expect((await answer('app-b')).text).toBe('answer from v1');
  });

  it('a provider stop refuses a model only that provider serves', async () => {
    await admin('ops', 'POST', '/traffic/stop', { scope: 'provider', target: 'slow', reason: 'INC-12' });
    expect(await refusal(ask('app-a', 'drip'))).toMatchObject({ status: 503, code: 'traffic_stopped' });
    expect((await answer('app-a', 'other')).text).toBe('other answer');
    await admin('ops', 'POST', '/traffic/resume', { scope: 'provider', target: 'slow', reason: 'over' });
    expect((await answer('app-a', 'drip')).text).toHaveLength(400);
  });

  it('a stream in flight is cut when its identity is stopped, with an in-band identity_traffic_stopped', async () => {
    const { data: stream, response } = await client('app-b')
      .chat.completions.create({ model: 'drip', messages: [{ role: 'user', content: 'go' }], stream: true })
      .withResponse();
    let received = '';
    let stopped = false;
    const failure = await (async () => {
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? '';
        if (!stopped && received.length >= 4) {
          stopped = true;
          await gw.controls.stop('identity', 'app-b', { actor: 'test', reason: 'cut it' });
        }
      }
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('identity_traffic_stopped');
    expect(received.length).toBeLessThan(400);
    const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id')!);
    expect(record).toMatchObject({ outcome: 'interrupted', reason: 'identity_traffic_stopped' });
    await gw.controls.resume('identity', 'app-b', { actor: 'test', reason: 'done' });
  });

  it('Cedar: an auditor reads but cannot stop traffic; security cannot promote; both refusals are recorded', async () => {
    const denied = await admin('aud', 'POST', '/traffic/stop', { scope: 'all', reason: 'x' });
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'forbidden_by_policy' } } });
    expect(gw.controls.stopped('all', '*')).toBeUndefined();
    expect((await admin('aud', 'POST', '/incident', { on: true, reason: 'x' })).status).toBe(403);
    expect((await admin('sec', 'POST', '/models/chat/promote', { version: 'v2', reason: 'x' })).status).toBe(403);
    expect((await admin('aud', 'GET', '/traffic')).status).toBe(200);
    expect((await admin('aud', 'GET', '/incident')).body).toEqual({ on: false, since: null });
    expect(await gw.recordOf(denied.requestId)).toMatchObject({ identityId: 'aud', status: 403, reason: 'forbidden_by_policy' });
  });

  it('routing health lists every deployment with its circuit state, for readers only', async () => {
    await ask('app-b', 'other');
    const health = await admin('aud', 'GET', '/routing/health');
    expect(health.status).toBe(200);
    const rows = health.body.data as Array<{ model: string; version: string; deployment: string; state: string; successes: number }>;
    expect(rows.map((r) => `${r.model}@${r.version}`)).toEqual(expect.arrayContaining(['chat@v1', 'chat@v2', 'other@1']));
    expect(rows.every((r) => ['closed', 'open', 'half_open'].includes(r.state))).toBe(true);
    const other = rows.find((r) => r.model === 'other');
    expect(other).toMatchObject({ deployment: '1:mock:other-1', state: 'closed' });
    expect(other?.successes).toBeGreaterThanOrEqual(1);
  });
});

describe('incident mode', () => {
  const email = 'please write to jane.doe@example.com';

  it('from the CLI: a monitor policy blocks while incident mode is on, and is back to monitoring after', async () => {
    const { response } = await ask('app-a', 'other', email);
    const monitored = await gw.recordOf(response.headers.get('x-gatehouse-request-id')!);
    expect(monitored?.trace.find((t) => t.stage === 'input-guardrails')).toMatchObject({ verdict: 'continue', policyId: 'guardrails/watch' });

    expect(await gatehouse('incident', 'on', '--reason', 'INC-13 exfiltration suspected')).toMatchObject({ code: 0, stdout: 'incident mode on\n' });
    await eventually(() => gw.controls.incident);
    const blocked = await refusal(ask('app-a', 'other', email));
    expect(blocked).toMatchObject({ status: 400, code: 'input_blocked' });
    expect((await gw.recordOf(blocked.requestId))?.trace.find((t) => t.stage === 'input-guardrails')).toMatchObject({
      verdict: 'respond',
      policyId: 'guardrails/watch@incident/pii:EMAIL_ADDRESS',
    });
    expect((await answer('app-a', 'other')).text).toBe('other answer');
    expect((await gatehouse('incident', 'status')).stdout).toMatch(/^incident mode ON since .* by cli:.*: INC-13 exfiltration suspected\n$/);

    expect(await gatehouse('incident', 'off', '--reason', 'INC-13 closed')).toMatchObject({ code: 0, stdout: 'incident mode off\n' });
    await eventually(() => !gw.controls.incident);
    const { response: after } = await ask('app-a', 'other', email);
    expect((await gw.recordOf(after.headers.get('x-gatehouse-request-id')!))?.trace.find((t) => t.stage === 'input-guardrails')).toMatchObject({
      verdict: 'continue',
      policyId: 'guardrails/watch',
    });
    expect(await adminNotes()).toEqual(
      expect.arrayContaining([`${cli} 200 incident.set on reason=INC-13 exfiltration suspected`, `${cli} 200 incident.set off reason=INC-13 closed`]),
    );
  });

  it('through the admin API: security turns it on and off, applied on the next request', async () => {
    expect(await admin('sec', 'POST', '/incident', { on: true, reason: 'INC-14' })).toMatchObject({ status: 200, body: { on: true, changed: true } });
    expect(await refusal(ask('app-b', 'other', email))).toMatchObject({ code: 'input_blocked' });
    expect((await admin('aud', 'GET', '/incident')).body).toMatchObject({ on: true, since: { actor: 'sec', reason: 'INC-14' } });
    expect(await admin('sec', 'POST', '/incident', { on: false, reason: 'INC-14 closed' })).toMatchObject({ status: 200, body: { on: false, changed: true } });
    expect((await ask('app-b', 'other', email)).data.choices[0]?.message.content).toBe('other answer');
    expect(await adminNotes()).toEqual(
      expect.arrayContaining(['sec 200 incident.set incident on reason=INC-14', 'sec 200 incident.set incident off reason=INC-14 closed']),
    );
  });
});
