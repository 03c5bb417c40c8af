import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const configPath = resolve(root, '.dependency-cruiser.cjs');
const depcruise = resolve(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

/** Runs the same rules `npm run lint:deps` runs, on the `src` folder under `cwd`, and returns what they report. */
async function cruise(cwd: string): Promise<Violation[]> {
  const args = [depcruise, 'src', '--config', configPath, '--output-type', 'json'];
  // dependency-cruiser exits with the number of errors; the report is on stdout either way.
  const { stdout } = await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string }) => {
    if (!err.stdout) throw err;
    return { stdout: err.stdout };
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const pairs = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

describe('dependency rules', () => {
  it('report every rule broken in the deliberately bad tree (test/fixtures/bad-deps)', async () => {
    const violations = await cruise(resolve(root, 'test/fixtures/bad-deps'));
    expect(pairs(violations)).toEqual(
      [
        'config-or-log-imports-upward: src/config/reaches-up.ts -> src/identity/name.ts',
        'core-imports-outside-core: src/core/names-a-type-up.ts -> src/identity/name.ts',
        'core-imports-outside-core: src/core/reaches-up.ts -> src/providers/name.ts',
        'domain-imports-outside-its-layer: src/limits/uses-server.ts -> src/server/app.ts',
        // the siem <-> telemetry folder cycle, made of modules that form no module cycle
        'domain-imports-outside-its-layer: src/siem/to-telemetry.ts -> src/telemetry/name.ts',
        'domain-imports-outside-its-layer: src/telemetry/to-siem.ts -> src/siem/name.ts',
        'domain-imports-server-or-cli: src/limits/uses-server.ts -> src/server/app.ts',
        'gateway-imports-cli: src/gateway.ts -> src/cli/main.ts',
        'no-circular: src/routing/one.ts -> src/routing/two.ts',
        'not-to-unresolvable: src/limits/missing.ts -> ./does-not-exist.js',
        'server-imports-gateway-or-cli: src/server/uses-cli.ts -> src/cli/main.ts',
        'src-imports-test: src/guardrails/uses-test.ts -> test/support/helper.ts',
        'stage-imports-server-or-cli: src/stages/alpha/uses-server.ts -> src/server/app.ts',
        'stage-imports-sibling-stage: src/stages/alpha/index.ts -> src/stages/beta/index.ts',
      ].sort(),
    );
    // The type-only cycle types-a <-> types-b is erased by TypeScript and is not reported.
    expect(violations.some((v) => v.from.includes('types-'))).toBe(false);
  });

  it('every rule of the configuration is shown failing by the bad tree', async () => {
    const config = require(configPath) as { forbidden: Array<{ name: string }> };
    const reported = new Set((await cruise(resolve(root, 'test/fixtures/bad-deps'))).map((v) => v.rule.name));
    expect([...new Set(config.forbidden.map((r) => r.name))].filter((name) => !reported.has(name))).toEqual([]);
  });

  it('the declared domain-to-domain edges form no cycle', () => {
    const { layers } = require(configPath) as { layers: { DOMAINS: string[]; DOMAIN_EDGES: Record<string, string[]> } };
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycleFrom = (domain: string): string[] | null => {
      if (done.has(domain)) return null;
      if (visiting.has(domain)) return [domain];
      visiting.add(domain);
      for (const next of layers.DOMAIN_EDGES[domain] ?? []) {
        expect(layers.DOMAINS).toContain(next);
        const cycle = cycleFrom(next);
        if (cycle) return [domain, ...cycle];
      }
      visiting.delete(domain);
      done.add(domain);
      return null;
    };
    for (const domain of layers.DOMAINS) expect(cycleFrom(domain)).toBeNull();
  });

  it('src/ keeps every rule', async () => {
    expect(pairs(await cruise(root))).toEqual([]);
  });
});
