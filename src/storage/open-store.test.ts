import { describe, expect, it } from 'vitest';
import { useWriterThread } from './open-store.js';

describe('storage.sqlite.writerThread', () => {
  it('auto: a writer thread only when the cores this process may use outnumber the gateway processes sharing them', () => {
    expect(useWriterThread('auto', 1, 1)).toBe(false); // pinned to one core (the peer bench): the thread is pure overhead
    expect(useWriterThread(undefined, 1, 2)).toBe(true); // the default is auto
    expect(useWriterThread('auto', 2, 2)).toBe(false); // serve --workers 2 on two cores: no core left over
    expect(useWriterThread('auto', 2, 8)).toBe(true);
  });

  it('true and false are obeyed whatever the cores', () => {
    expect(useWriterThread(true, 4, 1)).toBe(true);
    expect(useWriterThread(false, 1, 64)).toBe(false);
  });
});
