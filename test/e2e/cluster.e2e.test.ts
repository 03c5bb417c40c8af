import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { registerTokenCommands } from '../../src/cli/commands/token.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { startFakeHec, type FakeHec } from '../../src/siem/fake-siem.fixtures.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { alive, ServeWorkers, type ServedBurst } from '../support/serve-workers.js';

/**
 * `gatehouse serve --workers 2` on SQLite: two worker processes behind one port, and what must be shared
 * between them shared: limits, kill switches, metrics totals, the audit chain; a dead worker replaced, and
 * SIGTERM draining every process.
 */
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-'));
const configPath = join(dir, 'gatehouse.yaml');
const dbPath = join(dir, 'gatehouse.db');
const PEPPER_VAR = 'GATEHOUSE_CLUSTER_TEST_PEPPER';
const HEC_TOKEN_VAR = 'GATEHOUSE_CLUSTER_TEST_HEC_TOKEN';
const RATE_LIMIT = 20;

let hec: FakeHec;
const config = () => ({
  server: { port: 0 },
  logging: { level: 'info', exchanges: true },
  storage: { sqlite: { path: dbPath }, flushIntervalMs: 20 },
  audit: { keyFile: join(dir, 'audit.key'), checkpointIntervalSeconds: 1 },
  auth: { secretPepper: `env:${PEPPER_VAR}` },
  // A minute: a kill switch that reaches the other worker at once can only have come by the change signal.
  controls: { refreshMs: 60_000 },
  limits: { models: { capped: { requestsPerMinute: RATE_LIMIT } } },
  providers: { mock: { type: 'mock' } },
  models: { echo: { provider: 'mock' }, capped: { provider: 'mock' } },
  identities: {
    app: { owner: 'app@example.com', environment: 'production', models: ['*'] },
    ops: { owner: 'ops@example.com', environment: 'production', models: ['*'], roles: ['admin'] },
  },
  // One spool folder, one writer: the primary delivers for both workers.
  siem: { sinks: { hec: { type: 'http', url: hec.url, token: `env:${HEC_TOKEN_VAR}`, spoolDir: join(dir, 'siem'), retryMaxMs: 200 } } },
});

let gateway: ServeWorkers;
let appToken = '';
let opsToken = '';
/** Chat requests the gateway answered (refused ones included): each has one final record. */
let chats = 0;

async function burst(n: number, model: string, connections?: number): Promise<ServedBurst[]> {
  const answers = await gateway.burst(n, model, { token: appToken, ...(connections ? { connections } : {}) });
  chats += answers.length;
  return answers;
}

async function admin(path: string, body: unknown): Promise<Response> {
  return fetch(`${gateway.url}/admin/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opsToken}` },
    body: JSON.stringify(body),
  });
}

/** The value of `name` summed over its label sets (those containing `labels`), from one scrape on a fresh connection. */
async function scrape(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`, { headers: { connection: 'close' } })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (line.includes(labels)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function mint(identity: string): Promise<string> {
  const run = await runCli([registerTokenCommands], ['token', 'mint', identity, '-c', configPath]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim();
}

beforeAll(async () => {
  process.env[PEPPER_VAR] = 'cluster-test-pepper-0123456789abcdef0123456789';
  process.env[HEC_TOKEN_VAR] = 'hec-token';
  hec = await startFakeHec();
  writeFileSync(configPath, JSON.stringify(config()));
  gateway = new ServeWorkers(['-c', configPath, '--workers', '2'], dir);
  await gateway.started();
  appToken = await mint('app');
  opsToken = await mint('ops');
}, 90_000);

afterAll(async () => {
  gateway.kill();
  await hec.close();
  delete process.env[HEC_TOKEN_VAR];
  rmSync(dir, { recursive: true, force: true });
  delete process.env[PEPPER_VAR];
});

describe('gatehouse serve --workers 2', () => {
  it('says so in the banner, and serves requests from both workers', async () => {
    expect(gateway.output).toContain('workers: 2 processes; --workers 1 for a single process');
    expect(gateway.workerPids().size).toBe(2);
    const answers = await burst(24, 'echo');
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
    expect(await gateway.workersOf(answers)).toEqual(new Set([1, 2]));
  });

  it(`a burst of 60 against a rate limit of ${RATE_LIMIT} a minute lets exactly ${RATE_LIMIT} through across the workers`, async () => {
    const answers = await burst(60, 'capped');
    expect(answers.filter((a) => a.status === 200)).toHaveLength(RATE_LIMIT);
    expect(answers.filter((a) => a.status === 429 && a.reason === 'rate_limited_requests')).toHaveLength(60 - RATE_LIMIT);
    expect(await gateway.workersOf(answers)).toEqual(new Set([1, 2]));
  });

  it('a kill switch thrown through one worker refuses on every worker as soon as the call answers, and resuming lifts it everywhere', async () => {
    expect((await admin('/traffic/stop', { scope: 'model', target: 'echo', reason: 'cluster test' })).status).toBe(200);
    const refused = await burst(16, 'echo');
    expect(refused.map((a) => `${a.status} ${a.reason}`)).toEqual(Array(16).fill('503 traffic_stopped'));
    expect(await gateway.workersOf(refused)).toEqual(new Set([1, 2]));

    expect((await admin('/traffic/resume', { scope: 'model', target: 'echo', reason: 'cluster test over' })).status).toBe(200);
    const served = await burst(16, 'echo');
    expect(served.map((a) => a.status)).toEqual(Array(16).fill(200));
    expect(await gateway.workersOf(served)).toEqual(new Set([1, 2]));
  });

  it('a token revoked through one worker is refused on every worker as soon as the call answers', async () => {
    const doomed = await mint('app');
    const jti = JSON.parse(Buffer.from(doomed.split('.')[1] as string, 'base64url').toString()).jti as string;
    expect((await gateway.burst(8, 'echo', { token: doomed })).map((a) => a.status)).toEqual(Array(8).fill(200));
    chats += 8;
    expect((await admin('/tokens/revoke', { jti, reason: 'cluster test' })).status).toBe(200);
    // The identity refresh runs every 5 s: only the change signal between the workers can explain this.
    const refused = await gateway.burst(16, 'echo', { token: doomed });
    chats += refused.length;
    expect(refused.map((a) => `${a.status} ${a.reason}`)).toEqual(Array(16).fill('401 token_revoked'));
    expect(await gateway.workersOf(refused)).toEqual(new Set([1, 2]));
  });

  it('/metrics shows the totals of every worker, whichever worker a scrape lands on', async () => {
    await gateway.until(async () => ((await scrape('gatehouse_requests_total', 'operation="chat"')) === chats ? true : undefined), 'every chat counted');
    const scrapes = await Promise.all(Array.from({ length: 6 }, () => scrape('gatehouse_requests_total', 'operation="chat"')));
    expect(scrapes).toEqual(Array(6).fill(chats));
    expect(await scrape('gatehouse_refusals_total', 'reason="rate_limited_requests"')).toBe(60 - RATE_LIMIT);
    expect(await scrape('gatehouse_cluster_workers')).toBe(2);
    expect(await scrape('gatehouse_cluster_worker_restarts_total')).toBe(0);
    expect(await scrape('gatehouse_siem_up', 'sink="hec"')).toBe(1);
  });

  it('a killed worker is replaced, and the gateway goes on serving from both', async () => {
    const victim = gateway.workerPids().get(2) as number;
    process.kill(victim, 'SIGKILL');
    await gateway.until(() => (gateway.workerPids().get(2) !== victim ? true : undefined), 'a new worker 2');
    expect(gateway.logLines().some((l) => l.msg === 'worker exited; starting another' && l.role === 'primary' && l.pid === victim)).toBe(true);
    expect(alive(gateway.workerPids().get(2) as number)).toBe(true);
    const answers = await burst(16, 'echo');
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    expect(await gateway.workersOf(answers)).toEqual(new Set([1, 2]));
    expect(await scrape('gatehouse_cluster_worker_restarts_total')).toBe(1);
  });

  it('after concurrent load, SIGTERM stops every process with every record flushed, and the audit chain verifies', async () => {
    const load = await burst(200, 'echo', 16);
    expect(load.filter((a) => a.status !== 200)).toEqual([]);
    expect(await gateway.workersOf(load)).toEqual(new Set([1, 2]));
    const pids = [...gateway.workerPids().values()];
    expect(await gateway.terminate()).toBe(0);
    expect(pids.filter(alive)).toEqual([]);

    const store = openSqliteStore(dbPath);
    const records = await store.listExchanges({ limit: 10_000 });
    await store.close();
    expect(records.filter((r) => r.operation === 'chat')).toHaveLength(chats);
    const verify = await runCli([registerAuditCommands], ['audit', 'verify', '-c', configPath]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // The SIEM got every exchange of both workers exactly once, and the checkpoints the primary signed.
    const activity = hec.events.map((e) => e.event).filter((e) => e.class_uid === 6003);
    const uids = activity.map((e) => e.metadata.uid as string);
    expect(new Set(uids).size).toBe(uids.length);
    expect(records.filter((r) => r.operation === 'chat' && !uids.includes(r.id))).toEqual([]);
    expect(hec.events.some((e) => e.event.class_uid === 6005)).toBe(true);
  }, 60_000);
});
