import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, collectStartupGarbage, holdYoungGeneration } from './heap-growth.js';

const run = promisify(execFile);

describe('boundHeapGrowth', () => {
  it('sets the bound when the operator set none', () => {
    expect(boundHeapGrowth([], '')).toBe(true);
  });

  it("leaves an operator's flag on node's command line alone", () => {
    expect(boundHeapGrowth(['--heap-growing-percent=50'], '')).toBe(false);
    expect(boundHeapGrowth(['--heap_growing_percent=50'], '')).toBe(false);
  });

  it("leaves an operator's flag in NODE_OPTIONS alone", () => {
    expect(boundHeapGrowth([], '--max-old-space-size=512 --heap-growing-percent=100')).toBe(false);
  });
});

describe('collectStartupGarbage', () => {
  it('collects (gc is callable in its context) without exposing gc to the program', () => {
    collectStartupGarbage();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});

/**
 * V8 flags are process-wide, so each case runs in a child process of its own: it loads heap-growth.ts, churns
 * through short-lived objects with enough of them surviving scavenges for V8 to want a larger young generation,
 * and prints what the young generation measured (MB) at each step as JSON. The churn yields to the event loop
 * every 10,000 objects, as a server does between requests: the cap is applied after a collection, not during one.
 */
const CHILD = `
import { holdYoungGeneration, growYoungGeneration, youngGenerationBytes } from './src/server/heap-growth.ts';
const mb = () => youngGenerationBytes() / 1048576;
const kept = [];
const churn = async () => {
  for (let round = 0; round < 400; round++) {
    for (let i = 0; i < 10_000; i++) { kept.push({ i, s: 'x' + i }); if (kept.length > 100_000) kept.length = 0; }
    await new Promise((resolve) => setImmediate(resolve));
  }
};
const held = holdYoungGeneration();
await churn();
const whileHeld = mb();
growYoungGeneration(Number(process.env.CAP_MB));
await churn(); await churn();
console.log(JSON.stringify({ held, whileHeld, afterGrowth: mb() }));
`;

async function measure(nodeArgs: string[] = [], capMb = 8): Promise<{ held: boolean; whileHeld: number; afterGrowth: number }> {
  const { stdout } = await run(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e', CHILD], {
    env: { ...process.env, CAP_MB: String(capMb), NODE_OPTIONS: '' },
  });
  return JSON.parse(stdout.trim());
}

describe('holdYoungGeneration and growYoungGeneration: held while loading, then grown to a cap', () => {
  it('stays at its initial size while held and grows to semi-spaces of the cap, not to V8 maximum', async () => {
    const result = await measure();
    expect(result.held).toBe(true);
    expect(result.whileHeld).toBeLessThanOrEqual(4); // tsx's own loading ran before the hold
    expect(result.afterGrowth).toBe(16);
  });

  it('honours another cap', async () => {
    const result = await measure([], 4);
    expect(result.afterGrowth).toBe(8);
  });

  it("leaves an operator's own young-generation flag alone", async () => {
    const result = await measure(['--max-semi-space-size=4']);
    expect(result.held).toBe(false);
    expect(result.afterGrowth).toBeGreaterThan(2);
    expect(result.afterGrowth).toBeLessThanOrEqual(8);
  });

  it('without the hold, the same churn grows it to V8 maximum (what the hold prevents)', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD.replace('holdYoungGeneration()', 'false')], {
      env: { ...process.env, CAP_MB: '8', NODE_OPTIONS: '--import tsx' },
    });
    expect(JSON.parse(stdout.trim()).whileHeld).toBe(32);
  });
});

describe('holdYoungGeneration, operator flags', () => {
  it("leaves an operator's young-generation flag on node's command line or in NODE_OPTIONS alone", () => {
    expect(holdYoungGeneration(['--max-semi-space-size=32'], '')).toBe(false);
    expect(holdYoungGeneration(['--semi_space_growth_factor=4'], '')).toBe(false);
    expect(holdYoungGeneration([], '--min-semi-space-size=2')).toBe(false);
  });
});
