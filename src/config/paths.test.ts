import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointFilePath } from '../audit/anchor-setup.js';
import { checkPolicies } from '../authz/authorizer.js';
import { loadConfigFile, loadConfigText } from './load.js';
import { CONFIG_PATH_FIELDS, resolveConfigPaths } from './paths.js';
import type { GatehouseConfig } from './schema.js';
import { createSecretResolver } from './secrets.js';

// A folder that is not the working directory, so a path resolved against the wrong one cannot pass.
const dir = mkdtempSync(join(tmpdir(), 'gh-config-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `baseDir` null: loaded without a folder, the paths as written. */
function loaded(text: string, baseDir: string | null = dir): GatehouseConfig {
  const result = loadConfigText(text, 'g.yaml', baseDir ?? undefined);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.config;
}

const classifier = (direction: 'input' | 'output') =>
  `guardrails:\n  profiles:\n    p:\n      ${direction}:\n        classifier: {action: block, options: {path: models/guard}}\n`;
const sink = (extra: string) => `siem:\n  sinks:\n    hec:\n      type: http\n      url: https://siem.example.com\n      token: env:HEC\n${extra}`;

/** One configuration per field of CONFIG_PATH_FIELDS, with a relative value, and where the loaded value is. */
const FIELDS: Record<(typeof CONFIG_PATH_FIELDS)[number], { yaml: string; value(c: GatehouseConfig): unknown; expected: string }> = {
  'storage.sqlite.path': { yaml: 'storage:\n  sqlite:\n    path: db/g.db\n', value: (c) => c.storage.sqlite.path, expected: 'db/g.db' },
  'audit.keyFile': { yaml: 'audit:\n  keyFile: keys/cp.key\n', value: (c) => c.audit.keyFile, expected: 'keys/cp.key' },
  'audit.checkpointFile': { yaml: 'audit:\n  checkpointFile: ../anchors/cp.jsonl\n', value: (c) => c.audit.checkpointFile, expected: '../anchors/cp.jsonl' },
  'audit.content.keyFile': { yaml: 'audit:\n  content:\n    keyFile: keys/content.key\n', value: (c) => c.audit.content.keyFile, expected: 'keys/content.key' },
  'siem.sinks.<name>.spoolDir': { yaml: sink('      spoolDir: spool/hec\n'), value: (c) => c.siem.sinks.hec?.spoolDir, expected: 'spool/hec' },
  'siem.sinks.<name>.caFile': {
    yaml: sink('      caFile: tls/ca.pem\n'),
    value: (c) => c.siem.sinks.hec?.type === 'http' && c.siem.sinks.hec.caFile,
    expected: 'tls/ca.pem',
  },
  'guardrails.profiles.<name>.input.classifier.options.path': {
    yaml: classifier('input'),
    value: (c) => c.guardrails.profiles.p?.input.classifier?.options.path,
    expected: 'models/guard',
  },
  'guardrails.profiles.<name>.output.classifier.options.path': {
    yaml: classifier('output'),
    value: (c) => c.guardrails.profiles.p?.output.classifier?.options.path,
    expected: 'models/guard',
  },
};

describe('every path field resolves against the configuration file folder', () => {
  it('the table covers CONFIG_PATH_FIELDS', () => {
    expect(Object.keys(FIELDS).sort()).toEqual([...CONFIG_PATH_FIELDS].sort());
  });

  for (const [field, { yaml, value, expected }] of Object.entries(FIELDS)) {
    it(`${field}: relative to the file's folder, absolute kept, as written without a folder`, () => {
      expect(value(loaded(yaml))).toBe(join(dir, expected));
      expect(value(loaded(yaml, null))).toBe(expected);
      expect(value(loaded(yaml.replace(expected, `/abs/${expected.replace('../', '')}`)))).toBe(`/abs/${expected.replace('../', '')}`);
    });
  }
});

describe('resolveConfigPaths', () => {
  it('resolves the defaults too, and the paths derived from them', () => {
    const config = loaded(sink(''));
    expect(config.storage.sqlite.path).toBe(join(dir, 'data/gatehouse.db'));
    expect(config.audit.keyFile).toBe(join(dir, 'data/audit-checkpoint.key'));
    expect(config.audit.content.keyFile).toBe(join(dir, 'data/audit-content.key'));
    expect(config.siem.sinks.hec?.spoolDir).toBe(join(dir, 'data/siem/hec'));
    expect(checkpointFilePath(config)).toBe(join(dir, 'data/gatehouse.db.checkpoints.jsonl'));
    expect(checkpointFilePath(loaded('storage:\n  driver: postgres\n  postgres:\n    url: env:DB\n'))).toBe(join(dir, 'data/audit-checkpoints.jsonl'));
  });

  it('keeps :memory:, changes nothing when applied twice, and leaves its input alone', () => {
    expect(loaded('storage:\n  sqlite:\n    path: ":memory:"\n').storage.sqlite.path).toBe(':memory:');
    const written = loaded(`${sink('')}audit:\n  keyFile: k\n`, null);
    const once = resolveConfigPaths(written, dir);
    expect(resolveConfigPaths(once, '/elsewhere')).toEqual(once);
    expect(written.audit.keyFile).toBe('k');
    expect(written.storage.sqlite.path).toBe('./data/gatehouse.db');
  });

  it('loadConfigFile resolves against the folder of the file, wherever the process runs', async () => {
    const nested = join(dir, 'some', 'dir');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'gatehouse.yaml'), 'audit:\n  keyFile: cp.key\n');
    const result = await loadConfigFile(join(nested, 'gatehouse.yaml'));
    expect(result.ok && result.config.storage.sqlite.path).toBe(join(nested, 'data/gatehouse.db'));
    expect(result.ok && result.config.audit.keyFile).toBe(join(nested, 'cp.key'));
  });
});

describe('paths kept as written are read against the configuration file folder', () => {
  it('policies.files: the name stays (it is part of policy ids), the file is read from the folder', () => {
    writeFileSync(join(dir, 'extra.cedar'), 'forbid (principal, action, resource) when { false };\n');
    const config = loaded('policies:\n  files: [extra.cedar]\n');
    expect(config.policies.files).toEqual(['extra.cedar']);
    expect(checkPolicies(config, dir)).toMatchObject({ ok: true });
    expect(checkPolicies(config, join(dir, 'nowhere'))).toMatchObject({
      ok: false,
      issues: [{ file: 'extra.cedar', message: expect.stringContaining('ENOENT') }],
    });
  });

  it('file: secret references', () => {
    writeFileSync(join(dir, 'pepper.txt'), 'from-the-config-folder\n');
    expect(createSecretResolver({}, dir)('file:pepper.txt')).toBe('from-the-config-folder');
  });
});
