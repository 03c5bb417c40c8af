import { describe, expect, test } from 'vitest';
import { configSchema } from '../config/schema.js';
import { resolveWorkerCount } from './worker-count.js';

const config = (input: Record<string, unknown> = {}) => configSchema.parse(input);
const onFile = { storage: { sqlite: { path: '/tmp/gatehouse.db' } } };

describe('how many workers serve runs', () => {
  test('auto (the default) is one per core; 1 is the single process', () => {
    expect(resolveWorkerCount(undefined, {}, config(onFile), 4)).toEqual({ count: 4, source: 'server.workers', auto: true });
    expect(resolveWorkerCount(undefined, {}, config({ ...onFile, server: { workers: 1 } }), 4)).toMatchObject({ count: 1, auto: false });
  });

  test('--workers beats GATEHOUSE_WORKERS, which beats server.workers', () => {
    const three = config({ ...onFile, server: { workers: 3 } });
    expect(resolveWorkerCount(undefined, { GATEHOUSE_WORKERS: '2' }, three, 8)).toMatchObject({ count: 2, source: 'GATEHOUSE_WORKERS' });
    expect(resolveWorkerCount('5', { GATEHOUSE_WORKERS: '2' }, three, 8)).toMatchObject({ count: 5, source: '--workers' });
    expect(resolveWorkerCount('auto', { GATEHOUSE_WORKERS: '2' }, three, 8)).toMatchObject({ count: 8, source: '--workers', auto: true });
    expect(resolveWorkerCount(undefined, {}, three, 8)).toMatchObject({ count: 3, source: 'server.workers' });
  });

  test('anything else is one line naming where it came from', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '257', ''])
      expect(resolveWorkerCount(bad, {}, config(onFile), 4)).toEqual({
        error: `gatehouse: --workers must be auto or a whole number from 1 to 256, not "${bad}".`,
      });
    expect(resolveWorkerCount(undefined, { GATEHOUSE_WORKERS: 'many' }, config(onFile), 4)).toMatchObject({
      error: expect.stringContaining('GATEHOUSE_WORKERS'),
    });
    expect(() => config({ server: { workers: 0 } })).toThrow();
  });

  test('an in-memory SQLite database cannot be shared: auto runs one process, an explicit number is refused', () => {
    const inMemory = config({ storage: { sqlite: { path: ':memory:' } } });
    expect(resolveWorkerCount(undefined, {}, inMemory, 4)).toMatchObject({ count: 1, note: expect.stringContaining('in-memory SQLite') });
    expect(resolveWorkerCount('2', {}, inMemory, 4)).toEqual({
      error: 'gatehouse: --workers 2 needs a database the workers can share; storage.sqlite.path is :memory:. Use a file, or --workers 1.',
    });
    expect(resolveWorkerCount('1', {}, inMemory, 4)).toMatchObject({ count: 1 });
  });
});
