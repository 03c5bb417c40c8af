import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { alive, ServeWorkers } from '../support/serve-workers.js';

/**
 * The audit chain on PostgreSQL with `serve --workers 2`: both workers append to the one chain under load,
 * and `audit verify` passes after SIGTERM. Runs against a database made for the run when
 * GATEHOUSE_TEST_POSTGRES_URL is set.
 */
const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;
if (!POSTGRES_URL) {
  if (process.env.GATEHOUSE_REQUIRE_POSTGRES === '1')
    throw new Error('the PostgreSQL cluster suite is required here, but GATEHOUSE_TEST_POSTGRES_URL is not set');
  console.warn('serve --workers on PostgreSQL SKIPPED: set GATEHOUSE_TEST_POSTGRES_URL (e.g. postgres://root@127.0.0.1:5432/test) to run it.');
}

const URL_VAR = 'GATEHOUSE_CLUSTER_TEST_DATABASE_URL';
const database = `gatehouse_cluster_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
// Made in beforeAll, so a skipped run leaves no folder behind.
let dir = '';
let configPath = '';

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!POSTGRES_URL)('gatehouse serve --workers 2 on PostgreSQL', () => {
  let gateway: ServeWorkers;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-pg-'));
    configPath = join(dir, 'gatehouse.yaml');
    await asAdmin(`create database "${database}"`);
    process.env[URL_VAR] = Object.assign(new URL(POSTGRES_URL as string), { pathname: `/${database}` }).href;
    const config = {
      server: { port: 0 },
      logging: { level: 'info', exchanges: true },
      storage: { driver: 'postgres', postgres: { url: `env:${URL_VAR}` }, flushIntervalMs: 20 },
      audit: { keyFile: join(dir, 'audit.key'), checkpointFile: join(dir, 'checkpoints.jsonl'), checkpointIntervalSeconds: 1 },
      providers: { mock: { type: 'mock' } },
      models: { echo: { provider: 'mock' } },
    };
    writeFileSync(configPath, JSON.stringify(config));
    gateway = new ServeWorkers(['-c', configPath, '--workers', '2'], dir);
    await gateway.started();
  }, 90_000);

  afterAll(async () => {
    gateway?.kill();
    await asAdmin(`drop database if exists "${database}" with (force)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
    delete process.env[URL_VAR];
  });

  it('both workers append to one chain under concurrent load, and it verifies after SIGTERM', async () => {
    const load = await gateway.burst(300, 'echo', { connections: 16 });
    expect(load.filter((a) => a.status !== 200)).toEqual([]);
    expect(await gateway.workersOf(load)).toEqual(new Set([1, 2]));
    const pids = [...gateway.workerPids().values()];
    expect(await gateway.terminate()).toBe(0);
    expect(pids.filter(alive)).toEqual([]);

    const verify = await runCli([registerAuditCommands], ['audit', 'verify', '-c', configPath]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit trail OK: 30\d entries/);
  }, 60_000);
});
