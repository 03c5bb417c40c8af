import { describe, expect, test } from 'vitest';
import { MemoryQueue } from './memory-queue.js';

describe('MemoryQueue', () => {
  test('first in, first out across take, shift and putBack', () => {
    const q = new MemoryQueue<number>();
    for (let i = 0; i < 10; i++) q.push(i);
    expect(q.take(3)).toEqual([0, 1, 2]);
    expect(q.shift()).toBe(3);
    q.push(10);
    q.putBack([1, 2, 3]);
    expect(q.size).toBe(10);
    expect(q.take(100)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });

  test('putBack of more items than were consumed, and compaction, keep the order', () => {
    const q = new MemoryQueue<number>();
    q.push(5);
    q.putBack([1, 2, 3, 4]);
    expect(q.take(5)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 0; i < 20_000; i++) q.push(i);
    for (let i = 0; i < 15_000; i++) expect(q.shift()).toBe(i);
    q.putBack([14_998, 14_999]);
    expect(q.size).toBe(5_002);
    expect(q.take(3)).toEqual([14_998, 14_999, 15_000]);
  });
});
