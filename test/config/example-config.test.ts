import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { registerCheckCommand } from '../../src/cli/commands/check.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { configSchema } from '../../src/config/schema.js';

/**
 * gatehouse.example.yaml is "a complete, commented example": it must show every top-level section of the
 * schema (a section added to the schema fails here until the example shows it), and pass
 * `gatehouse check --strict` once its secrets exist.
 */
const EXAMPLE = new URL('../../gatehouse.example.yaml', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-example-'));

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse.example.yaml', () => {
  it('shows every top-level section of the schema, and nothing else', () => {
    const schemaKeys = Object.keys(configSchema.shape).sort();
    const exampleKeys = Object.keys(parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>).sort();
    expect(schemaKeys.length).toBeGreaterThan(10);
    expect(exampleKeys).toEqual(schemaKeys);
  });

  it('passes gatehouse check --strict with its secrets supplied', async () => {
    // The file's own secret references: three environment variables and one file next to the configuration.
    const config = join(dir, 'gatehouse.yaml');
    copyFileSync(EXAMPLE, config);
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'azure-openai.key'), 'test-azure-key\n', { mode: 0o600 });
    vi.stubEnv('GATEHOUSE_CONFIG', '');
    vi.stubEnv('OPENAI_API_KEY', 'test-openai-key');
    vi.stubEnv('ANTHROPIC_API_KEY', 'test-anthropic-key');
    vi.stubEnv('GATEHOUSE_SECRET_PEPPER', 'a-test-pepper-of-at-least-thirty-two-characters');

    const run = await runCli([registerCheckCommand], ['check', '--strict', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${config}: valid (5 providers, 10 models, storage: sqlite)\n`);
  });

  it('fails --strict while a secret is missing, so the check above is not vacuous', async () => {
    const config = join(dir, 'gatehouse.yaml');
    vi.stubEnv('GATEHOUSE_CONFIG', '');
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('ANTHROPIC_API_KEY', 'test-anthropic-key');
    vi.stubEnv('GATEHOUSE_SECRET_PEPPER', 'a-test-pepper-of-at-least-thirty-two-characters');
    const run = await runCli([registerCheckCommand], ['check', '--strict', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('providers.openai.apiKey');
  });
});
