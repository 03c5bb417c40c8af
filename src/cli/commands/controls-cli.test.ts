import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { runCli } from '../run-cli.fixtures.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSecretResolver } from '../../config/secrets.js';
import { openStore } from '../../storage/open-store.js';
import { operatorName } from './admin-session.js';
import { registerModelsCommands } from './models.js';
import { registerTrafficCommands } from './traffic.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-cli-controls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let file: string;
let dbPath: string;
let n = 0;

beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  dbPath = join(dir, `g${++n}.db`);
  file = join(dir, `g${n}.yaml`);
  writeFileSync(
    file,
    `storage:
  sqlite:
    path: ${JSON.stringify(dbPath)}
providers:
  azure-eu: { type: mock }
  backup: { type: mock }
models:
  chat-default:
    defaultVersion: "2024-05"
    fallbacks: [small]
    deployments:
      - version: "2024-05"
        provider: azure-eu
        upstreamModel: gpt-4o-2024-05-13
        region: westeurope
        residency: [eu]
        pricing: { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 }
        contextWindow: 128000
        status: { production: approved, sandbox: trial }
        selection: { reason: best eval score, evaluation: EVAL-12 91%, approver: cto@example.com, date: 2026-01-15 }
      - version: "2024-08"
        provider: backup
        upstreamModel: gpt-4o-2024-08-06
  small: { provider: backup }
`,
  );
});
afterEach(() => vi.unstubAllEnvs());

async function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli([registerModelsCommands, registerTrafficCommands], [...args, '-c', file]);
}

describe('gatehouse models / traffic / incident', () => {
  test('models list shows every deployment fact, the active version and how it got there', async () => {
    const before = await gatehouse('models', 'list');
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('chat-default (chat)  active 2024-05 (configured default)  default 2024-05');
    expect(before.stdout).toContain('  fallbacks: small');
    expect(before.stdout).toContain(
      '    2024-05:azure-eu:gpt-4o-2024-05-13  provider azure-eu (mock)  upstream gpt-4o-2024-05-13  region westeurope  residency eu',
    );
    expect(before.stdout).toContain('      $2.5/$10 per 1M in/out  context 128000  status production=approved,sandbox=trial  weight 1');
    expect(before.stdout).toContain('      selected: best eval score (approved by cto@example.com on 2026-01-15; evaluation: EVAL-12 91%)');
    expect(await gatehouse('models', 'promote', 'chat-default', '2024-08', '--reason', 'CHG-5')).toMatchObject({
      code: 0,
      stdout: 'promoted chat-default: 2024-05 -> 2024-08\n',
    });
    const after = await gatehouse('models', 'list');
    expect(after.stdout).toMatch(/chat-default \(chat\) {2}active 2024-08 \(promoted by cli:.* at \d{4}-\d\d-\d\dT[\d:]+Z: CHG-5\) {2}default 2024-05/);
    expect(after.stdout).toContain('  version 2024-08  [active]');
    expect(await gatehouse('models', 'promote', 'chat-default', '2024-08', '--reason', 'again')).toMatchObject({
      code: 1,
      stderr: `gatehouse: using SQLite ${dbPath} (from ${file})\ninvalid_request: Version '2024-08' of 'chat-default' is already the active version.\n`,
    });
    expect(await gatehouse('models', 'rollback', 'chat-default', '--to', 'nope', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("model_not_found: Model 'chat-default' has no version 'nope'"),
    });
    expect(await gatehouse('models', 'history', 'small')).toMatchObject({ code: 0, stdout: 'small was never promoted: it serves its default version 1\n' });
  });

  test('models promote takes the version with --to, as rollback does; the positional version stays an alias', async () => {
    expect(await gatehouse('models', 'promote', 'chat-default', '--to', '2024-08', '--reason', 'CHG-6')).toMatchObject({
      code: 0,
      stdout: 'promoted chat-default: 2024-05 -> 2024-08\n',
    });
    expect(await gatehouse('models', 'rollback', 'chat-default', '--to', '2024-05', '--reason', 'CHG-7')).toMatchObject({
      code: 0,
      stdout: 'rolled back chat-default: 2024-08 -> 2024-05\n',
    });
    // Both spellings at once must agree.
    expect(await gatehouse('models', 'promote', 'chat-default', '2024-08', '--to', '2024-08', '--reason', 'CHG-8')).toMatchObject({
      code: 0,
      stdout: 'promoted chat-default: 2024-05 -> 2024-08\n',
    });
    const differ = await gatehouse('models', 'promote', 'chat-default', '2024-05', '--to', '2024-08', '--reason', 'x');
    expect(differ).toMatchObject({ code: 1, stdout: '' });
    expect(differ.stderr).toContain('invalid_request: two versions given: 2024-05 and --to 2024-08');
    const none = await gatehouse('models', 'promote', 'chat-default', '--reason', 'x');
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toContain('invalid_request: name the version to serve: --to <version>');
    expect((await gatehouse('models', 'history', 'chat-default')).stdout.split('\n').filter(Boolean)).toHaveLength(3);
  });

  test('traffic stop, status and resume; incident on, status and off; every change recorded', async () => {
    expect(await gatehouse('traffic', 'status')).toMatchObject({ code: 0, stdout: 'control revision 0\nincident mode: off\nnothing is stopped\n' });
    expect(await gatehouse('traffic', 'stop', '--provider', 'azure-eu', '--reason', 'INC-3 outage')).toMatchObject({
      code: 0,
      stdout: 'stopped provider azure-eu\n',
    });
    expect(await gatehouse('traffic', 'stop', '--all', '--reason', 'INC-4')).toMatchObject({ code: 0, stdout: 'stopped all traffic\n' });
    expect(await gatehouse('traffic', 'stop', '--provider', 'nope', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No provider 'nope' is configured (configured: azure-eu, backup)"),
    });
    expect(await gatehouse('traffic', 'stop', '--model', 'nope', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("model_not_found: No model 'nope'"),
    });
    const status = (await gatehouse('traffic', 'status')).stdout;
    expect(status).toMatch(
      /^control revision 2\nincident mode: off\nstopped:\n {2}ALL TRAFFIC {2}since .* by cli:.*: INC-4\n {2}provider azure-eu {2}since .*: INC-3 outage\n$/,
    );
    expect(await gatehouse('incident', 'on', '--reason', 'INC-5')).toMatchObject({ code: 0, stdout: 'incident mode on\n' });
    expect((await gatehouse('incident', 'status')).stdout).toMatch(/^incident mode ON since .* by cli:.*: INC-5\n$/);
    expect(await gatehouse('incident', 'off', '--reason', 'INC-5 closed')).toMatchObject({ code: 0, stdout: 'incident mode off\n' });
    expect(await gatehouse('incident', 'off', '--reason', 'again')).toMatchObject({ code: 0, stdout: 'incident mode was already off\n' });
    expect(await gatehouse('traffic', 'resume', '--all', '--reason', 'over')).toMatchObject({ code: 0, stdout: 'resumed all traffic\n' });
    expect(await gatehouse('traffic', 'resume', '--all', '--reason', 'over')).toMatchObject({ code: 0, stdout: 'all traffic was not stopped\n' });

    const store = await openStore({ driver: 'sqlite', sqlite: { path: dbPath }, batchSize: 256, flushIntervalMs: 20 }, createSecretResolver({}));
    try {
      const records = (await store.listExchanges({ operation: 'admin', limit: 100 })).reverse();
      expect(records.map((r) => [r.identityId, r.path, r.trace.at(-1)?.note])).toEqual([
        [`cli:${operatorName()}`, 'audit:traffic.stop', 'traffic.stop provider:azure-eu reason=INC-3 outage'],
        [`cli:${operatorName()}`, 'audit:traffic.stop', 'traffic.stop all:* reason=INC-4'],
        [`cli:${operatorName()}`, 'audit:incident.set', 'incident.set on reason=INC-5'],
        [`cli:${operatorName()}`, 'audit:incident.set', 'incident.set off reason=INC-5 closed'],
        [`cli:${operatorName()}`, 'audit:traffic.resume', 'traffic.resume all:* reason=over'],
      ]);
      expect((await store.controls.history()).map((e) => e.kind)).toEqual(['resume', 'incident_off', 'incident_on', 'stop', 'stop']);
    } finally {
      await store.close();
    }
  });
});
