import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../run-cli.fixtures.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCheckCommand } from './check.js';
import { useTempDirs } from '../../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-check-');

/** Runs `gatehouse check ...` through a fresh program, as main.ts wires it, capturing output and exit status. */
async function check(...args: string[]): Promise<CliRun> {
  return runCli([registerCheckCommand], ['check', ...args]);
}

function configFile(text: string, name = 'gatehouse.yaml'): string {
  const dir = temp.make();
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const withSecret = (ref: string) => `providers:\n  openai:\n    type: openai\n    apiKey: ${ref}\nmodels:\n  gpt-4o-mini: {provider: openai}\n`;

const FIXTURE_MODEL = fileURLToPath(new URL('../../../test/fixtures/classifier', import.meta.url));

const startDir = process.cwd();
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  vi.stubEnv('GH_CHECK_TEST_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  process.chdir(startDir);
});

describe('gatehouse check', () => {
  it('accepts the example configuration, with secret warnings only', async () => {
    const run = await check(join(startDir, 'gatehouse.example.yaml'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('gatehouse.example.yaml: valid (5 providers, 10 models, storage: sqlite)\n');
  });

  it('reports every problem of a broken file with file:line:column and exits 1', async () => {
    const file = configFile('server:\n  port: "8080"\n  prot: 1\nproviders:\n  openai: {type: openai, apiKey: sk-live-123}\n');
    const run = await check(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      `${file}:2:9: server.port: expected number, received string`,
      `${file}:3:3: server.prot: unknown key "prot"; did you mean "port"?`,
      `${file}:5:34: providers.openai.apiKey: must be a secret reference such as env:OPENAI_API_KEY or file:/run/secrets/key, never the secret itself`,
      `${file}: invalid (3 problems)`,
      '',
    ]);
    expect(run.stderr).not.toContain('sk-live-123');
  });

  it('warns about a secret reference that does not resolve here, without failing', async () => {
    const file = configFile(withSecret('env:GH_CHECK_TEST_KEY'));
    const run = await check(file);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${file}: valid (1 provider, 1 model, storage: sqlite)\n`);
    expect(run.stderr).toBe(
      `${file}:4:13: providers.openai.apiKey: warning: secret env:GH_CHECK_TEST_KEY: environment variable GH_CHECK_TEST_KEY is not set\n`,
    );
  });

  it('--strict turns unresolved secrets into errors', async () => {
    const run = await check('--strict', configFile(withSecret('env:GH_CHECK_TEST_KEY')));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('providers.openai.apiKey: secret env:GH_CHECK_TEST_KEY: environment variable GH_CHECK_TEST_KEY is not set');
  });

  it('is silent about secrets that resolve: env vars, and files relative to the config folder', async () => {
    vi.stubEnv('GH_CHECK_TEST_KEY', 'value-never-printed');
    expect(await check('--strict', configFile(withSecret('env:GH_CHECK_TEST_KEY')))).toMatchObject({ code: 0, stderr: '' });

    const file = configFile(withSecret('file:keys/openai.key'));
    const keys = join(file, '..', 'keys');
    mkdirSync(keys);
    writeFileSync(join(keys, 'openai.key'), 'sk-file\n');
    process.chdir(tmpdir());
    expect(await check('--strict', file)).toMatchObject({ code: 0, stderr: '' });
  });

  it('--json prints {ok, issues, warnings}', async () => {
    const broken = await check('--json', configFile('logging: {level: loud}\n'));
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as { ok: boolean; issues: unknown[]; warnings: unknown[] };
    expect(report).toMatchObject({
      ok: false,
      issues: [{ line: 1, column: 18, path: 'logging.level', message: expect.stringContaining('must be one of') as unknown }],
      warnings: [],
    });

    const valid = await check('--json', configFile(withSecret('env:GH_CHECK_TEST_KEY')));
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ ok: true, issues: [], warnings: [{ line: 4, column: 13, path: 'providers.openai.apiKey' }] });
  });

  it('an explicit file that does not exist is an error', async () => {
    const missing = join(temp.make(), 'nope.yaml');
    const run = await check(missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${missing}: file not found\n${missing}: invalid (1 problem)\n`);
  });

  it('without a file, checks GATEHOUSE_CONFIG, then ./gatehouse.yaml, else exits 2', async () => {
    const file = configFile('logging: {level: debug}\n', 'custom.yaml');
    vi.stubEnv('GATEHOUSE_CONFIG', file);
    expect((await check()).stdout).toBe(`${file}: valid (0 providers, 0 models, storage: sqlite)\n`);

    vi.stubEnv('GATEHOUSE_CONFIG', '');
    const local = configFile('version: 1\n');
    process.chdir(join(local, '..'));
    expect(await check()).toMatchObject({ code: 0, stdout: 'gatehouse.yaml: valid (0 providers, 0 models, storage: sqlite)\n' });

    process.chdir(temp.make());
    const nothing = await check();
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe('no configuration file to check: pass a path, set GATEHOUSE_CONFIG or create ./gatehouse.yaml\n');
  });
});

describe('gatehouse check: YAML indentation mistakes', () => {
  const cases = [
    {
      name: 'a key indented one space too many',
      text: 'providers:\n  mock:\n    type: mock\n     chunkSize: 4\nmodels:\n  m: {provider: mock}\n',
      report:
        'gatehouse.yaml:4:6: YAML indentation: "chunkSize" is indented 5 spaces, 1 space more than "type" on line 3: the keys of one mapping start at the same column, so indent it 4 spaces (only a key with nothing after its colon can have keys under it)',
    },
    {
      name: 'a key indented one space too few',
      text: 'providers:\n  mock:\n    type: mock\n   chunkSize: 4\nmodels:\n  m: {provider: mock}\n',
      report:
        'gatehouse.yaml:4:4: YAML indentation: "chunkSize" is indented 3 spaces, which lines up with nothing above it: the keys of "mock" (line 3) are at 4 spaces, the keys of "providers" at 2 spaces. Indent it 4 spaces to stay in "mock", or 2 spaces for "providers"',
    },
    {
      name: 'a tab',
      text: 'providers:\n  mock:\n\ttype: mock\nmodels:\n  m: {provider: mock}\n',
      report: 'gatehouse.yaml:3:1: YAML indentation: this line is indented with a tab, and YAML indents with spaces only: replace the tab with spaces',
    },
    {
      name: 'a list item misaligned',
      text: 'models:\n  m:\n    provider: mock\n    fallbacks:\n      - n\n     - o\n  n: {provider: mock}\n  o: {provider: mock}\nproviders:\n  mock: {type: mock}\n',
      report:
        'gatehouse.yaml:6:6: YAML indentation: this list item is indented 5 spaces, which lines up with nothing above it: the items of "fallbacks" (line 5) are at 6 spaces, the keys of "m" at 4 spaces. Indent it 6 spaces to stay in "fallbacks", or 4 spaces for "m"',
    },
  ];
  for (const { name, text, report } of cases) {
    it(`${name}: one line, at the line of the mistake, in words`, async () => {
      const file = configFile(text);
      process.chdir(join(file, '..'));
      const run = await check('gatehouse.yaml');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`${report}\ngatehouse.yaml: invalid (1 problem)\n`);
    });
  }
});

describe('gatehouse check: Cedar policies', () => {
  const withPolicies =
    'auth:\n  secretPepper: env:GH_CHECK_PEPPER\nproviders:\n  mock: {type: mock}\nmodels:\n  m: {provider: mock}\npolicies:\n  files: [extra.cedar]\n';

  it('accepts a valid custom policy file', async () => {
    const file = configFile(withPolicies);
    writeFileSync(
      join(file, '..', 'extra.cedar'),
      '@id("deny-night-shift")\nforbid (principal, action == Gatehouse::Action::"invoke_model", resource)\nwhen { principal.team == "night-shift" };\n',
    );
    const run = await check(file);
    expect(run.code).toBe(0);
  });

  it('builds every guardrail detector with its options: a bad option or an unknown judge model is an error at its path', async () => {
    const profile = (input: string) =>
      `providers:\n  mock: {type: mock}\nmodels:\n  m: {provider: mock}\nguardrails:\n  profiles:\n    strict:\n      input:\n${input}`;
    const judge = await check(configFile(profile('        llm_judge:\n          action: block\n          options: {model: no-such-model}\n')));
    expect(judge.code).toBe(1);
    expect(judge.stderr).toMatch(/gatehouse\.yaml:\d+:\d+: guardrails\.profiles\.strict\.input\.llm_judge: .*no-such-model/);
    const fine = await check(
      configFile(profile('        llm_judge:\n          action: block\n          options: {model: m}\n        prompt_injection: {action: block}\n')),
    );
    expect(fine.code).toBe(0);
  });

  it('loads a classifier model as the start would: a bad folder is an error at its path, a relative path resolves next to the file', async () => {
    const profile = (path: string) =>
      `providers:\n  mock: {type: mock}\nmodels:\n  m: {provider: mock}\nguardrails:\n  profiles:\n    strict:\n      input:\n        classifier:\n          action: block\n          options: {path: ${path}}\n`;
    const file = configFile(profile('models/guard'));
    const model = join(file, '..', 'models', 'guard');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, 'config.json'), '{"id2label": {"0": "BENIGN", "1": "INJECTION"}}');
    writeFileSync(join(model, 'tokenizer.json'), '{}');
    const missing = await check(file);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /gatehouse\.yaml:\d+:\d+: guardrails\.profiles\.strict\.input\.classifier: options\.path: .*models\/guard has no model\.onnx/,
    );
    for (const name of ['config.json', 'tokenizer.json', 'model.onnx']) copyFileSync(join(FIXTURE_MODEL, name), join(model, name));
    const fine = await check(file);
    expect(fine.stderr).toBe('');
    expect(fine.code).toBe(0);
  });

  it('pinpoints an invalid policy: the policy file, its line and column', async () => {
    const file = configFile(withPolicies);
    writeFileSync(join(file, '..', 'extra.cedar'), '@id("typo")\npermit (principal, action == Gatehouse::Action::"invoke_modle", resource);\n');
    const run = await check(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/policies\.files: extra\.cedar:2:\d+: .*invoke_modle/);
  });

  it('reports every error of a policy file, each with its line and column, not only the first', async () => {
    const file = configFile(withPolicies);
    writeFileSync(
      join(file, '..', 'extra.cedar'),
      'permit (principal, action, resource) when { principal.team == };\npermit (principal action, resource);\nforbid (principal, action == Gatehouse::Action::"invoke_modle", resource);\n',
    );
    const run = await check(file);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => line.includes('policies.files: '));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/gatehouse\.yaml:\d+:\d+: policies\.files: extra\.cedar:1:63: .*unexpected token/);
    expect(lines[1]).toMatch(/policies\.files: extra\.cedar:2:19: .*unexpected token `action`/);
    expect(lines[2]).toMatch(/policies\.files: extra\.cedar:3:\d+: .*invoke_modle/);
    expect(run.stderr).toContain('invalid (3 problems)');
  });
});
