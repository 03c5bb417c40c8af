import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, collectStartupGarbage } from './heap-growth.js';

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
