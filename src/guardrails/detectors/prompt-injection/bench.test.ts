import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { createPromptInjectionDetector } from './index.js';

// Logs p50/p99 on a 4 KB prompt; asserts nothing about time (CI machines vary).
it('micro-benchmark: 4 KB prompt', () => {
  const detector = createPromptInjectionDetector();
  const base = 'Please help me write a short summary of the attached meeting notes, keeping the action items and owners. ';
  const text = base.repeat(Math.ceil(4096 / base.length)).slice(0, 4096);
  for (let i = 0; i < 200; i++) detector.detect(text, { direction: 'input' });
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    detector.detect(text, { direction: 'input' });
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length * 0.5)]!;
  const p99 = times[Math.floor(times.length * 0.99)]!;
  console.log(`prompt_injection on 4 KB: p50 ${p50.toFixed(0)} µs, p99 ${p99.toFixed(0)} µs`);
  expect(p50).toBeGreaterThan(0);
});
