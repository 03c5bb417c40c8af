import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupQuotaCores, usableCores } from './cores.js';

const roots: string[] = [];
function cgroup(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-cgroup-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('usable cores: CPU affinity capped by a container CPU quota', () => {
  it('reads cgroup v2 cpu.max: a quota rounds up to whole CPUs, max is unlimited', () => {
    expect(cgroupQuotaCores(cgroup({ 'cpu.max': '200000 100000\n' }))).toBe(2);
    expect(cgroupQuotaCores(cgroup({ 'cpu.max': '150000 100000\n' }))).toBe(2);
    expect(cgroupQuotaCores(cgroup({ 'cpu.max': '50000 100000\n' }))).toBe(1);
    expect(cgroupQuotaCores(cgroup({ 'cpu.max': 'max 100000\n' }))).toBeUndefined();
  });

  it('reads cgroup v1 cfs quota and period; -1 is unlimited; nothing readable is no quota', () => {
    expect(cgroupQuotaCores(cgroup({ 'cpu/cpu.cfs_quota_us': '300000\n', 'cpu/cpu.cfs_period_us': '100000\n' }))).toBe(3);
    expect(cgroupQuotaCores(cgroup({ 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' }))).toBeUndefined();
    expect(cgroupQuotaCores(cgroup({}))).toBeUndefined();
    expect(cgroupQuotaCores(cgroup({ 'cpu.max': 'garbage' }))).toBeUndefined();
  });

  it('never exceeds the affinity count and never goes below 1', () => {
    expect(usableCores(cgroup({ 'cpu.max': `${(availableParallelism() + 8) * 100000} 100000` }))).toBe(availableParallelism());
    expect(usableCores(cgroup({ 'cpu.max': '1000 100000' }))).toBe(1);
    expect(usableCores(cgroup({}))).toBe(availableParallelism());
  });
});
